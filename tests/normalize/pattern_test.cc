#include "normalize/pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace tsuzuri {
namespace {

Pattern MustCompile(std::string_view regex) {
  Result<Pattern> p = Pattern::Compile(regex);
  EXPECT_TRUE(p.ok()) << "regex: " << regex << ": " << p.status().ToString();
  return std::move(p).value();
}

TEST(Pattern, SearchGivesGroupsAsUtf8WithByteOffsets) {
  const Pattern p = MustCompile("往診:([0-9]+)(回)");
  const std::string text = "合計回数:291回(うち往診:31回、訪問診療:260回)";
  Match m;
  ASSERT_TRUE(p.Search(text, &m));
  EXPECT_EQ(m.whole().text, "往診:31回");
  EXPECT_EQ(m.whole().begin, text.find("往診"));
  EXPECT_EQ(m.whole().end, text.find("、"));
  EXPECT_EQ(m.group_count(), 2);
  EXPECT_EQ(m.group(1).text, "31");
  EXPECT_EQ(text.substr(m.group(1).begin, m.group(1).end - m.group(1).begin), "31");
  EXPECT_EQ(m.group(2).text, "回");
  EXPECT_FALSE(m.group(3).matched);
  EXPECT_FALSE(m.group(-1).matched);
}

TEST(Pattern, NamedGroupsAreFoundByName) {
  const Pattern p = MustCompile("(?<label>往診|訪問診療):(?<count>[0-9]+)回(?<note>注)?");
  Match m;
  ASSERT_TRUE(p.Search("うち往診:31回", &m));
  EXPECT_EQ(m.group("label").text, "往診");
  EXPECT_EQ(m.group("count").text, "31");
  EXPECT_EQ(m.group("count").begin, std::string("うち往診:").size());
  EXPECT_FALSE(m.group("note").matched) << "an optional group that took no part";
  EXPECT_EQ(m.group("note").begin, Capture::npos);
  EXPECT_FALSE(m.group("nosuchgroup").matched);
  EXPECT_EQ(m.group(2).text, "31") << "named groups are numbered too";
}

TEST(Pattern, SearchAllFindsEveryMatch) {
  const Pattern p = MustCompile("(?<n>[0-9]+)回");
  const std::vector<Match> all = p.SearchAll("合計回数:291回(うち往診:31回、訪問診療:260回)");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].group("n").text, "291");
  EXPECT_EQ(all[1].group("n").text, "31");
  EXPECT_EQ(all[2].group("n").text, "260");
  EXPECT_TRUE(MustCompile("x*").SearchAll("ab").size() == 3u) << "empty matches advance";
}

TEST(Pattern, FullMatchNeedsTheWholeText) {
  const Pattern p = MustCompile("[0-9]+名");
  EXPECT_TRUE(p.FullMatch("40名", nullptr));
  EXPECT_FALSE(p.FullMatch("40名(うち0名)", nullptr));
  EXPECT_TRUE(p.Search("40名(うち0名)", nullptr));
}

TEST(Pattern, MatchesCodePointsNotBytes) {
  struct Case {
    std::string regex, text;
    bool want;
  };
  const Case cases[] = {
      {"^.{2}$", "往診", true},
      {"^.$", "\U00020628", true},  // a character outside the BMP is one
      {"\\p{Han}+", "みらい平", true},
      {"^\\p{Katakana}+$", "クリニック", true},
      {"(?i)ict", "ICTツール", true},
      {"往診", "住診", false},
      {"^\uFFFD名$", "\xFF名", true},  // ill-formed input is read as U+FFFD
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MustCompile(c.regex).Search(c.text, nullptr), c.want) << "case: " << c.regex;
  }
}

TEST(Pattern, OffsetsStayInBytesAfterInvalidUtf8AndSupplementaryCharacters) {
  const std::string text = "\xFF\U00020628回5件";
  Match m;
  ASSERT_TRUE(MustCompile("[0-9]件").Search(text, &m));
  EXPECT_EQ(m.whole().begin, 1u + 4u + 3u);
  EXPECT_EQ(m.whole().end, text.size());
}

TEST(Pattern, BadRegexIsInvalidArgumentWithIcuErrorAndPosition) {
  struct Case {
    std::string regex, want_in_message;
  };
  const Case cases[] = {
      {"往診(", "U_REGEX_MISMATCHED_PAREN"},
      {"[0-9", "U_REGEX_MISSING_CLOSE_BRACKET"},
      {"a{2,1}", "U_REGEX_MAX_LT_MIN"},
      {"(?<x>a)(?<x>b)", "U_REGEX_INVALID_CAPTURE_GROUP_NAME"},
      {"ab(c", "line 1, offset 4"},
  };
  for (const Case& c : cases) {
    Result<Pattern> p = Pattern::Compile(c.regex);
    ASSERT_FALSE(p.ok()) << "case: " << c.regex;
    EXPECT_EQ(p.status().code(), Status::Code::kInvalidArgument) << "case: " << c.regex;
    EXPECT_NE(p.status().message().find(c.want_in_message), std::string::npos)
        << "case: " << c.regex << " message: " << p.status().message();
  }
}

TEST(Pattern, CopiesShareTheCompiledExpression) {
  const Pattern p = MustCompile("(?<n>[0-9]+)件");
  Pattern copy = p;
  Pattern moved = std::move(copy);
  EXPECT_EQ(moved.source(), "(?<n>[0-9]+)件");
  EXPECT_TRUE(moved.Search("15件", nullptr));
  EXPECT_TRUE(p.Search("15件", nullptr));
}

TEST(Pattern, MatchOutlivesPatternAndText) {
  Match m;
  {
    const Pattern p = MustCompile("(?<n>[0-9]+)件");
    std::string text = "紹介数26件";
    ASSERT_TRUE(p.Search(text, &m));
  }
  EXPECT_EQ(m.group("n").text, "26");
}

TEST(Pattern, OnePatternServesManyThreads) {
  const Pattern p = MustCompile("(?<label>往診|訪問診療):(?<n>[0-9]+)回");
  const std::string text = "合計回数:291回(うち往診:31回、訪問診療:260回)";
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const std::vector<Match> all = p.SearchAll(text);
        if (all.size() == 2 && all[0].group("n").text == "31" && all[1].group("n").text == "260") {
          ++ok[t];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 500) << "thread " << t;
}

TEST(FuzzyContains, ToleratesOcrMisreadsOfLabels) {
  struct Case {
    std::string text, label;
    int max_edits;
    bool want;
  };
  const Case cases[] = {
      {"うち往診:31回", "往診", 0, true},
      {"うち住診:31回", "往診", 0, false},
      {"うち住診:31回", "往診", 1, true},                       // 往 read as 住
      {"死亡思者数:1名", "死亡患者数", 1, true},                // 患 read as 思
      {"みらい平クカリニック", "みらい平クリニック", 1, true},  // an inserted カ
      {"ありま友膚科クリニック", "ありま皮膚科クリニック", 1, true},
      {"連携する医療機関内の合計", "連携する医療機関内の合計", 0, true},
      {"急変時の受入数", "紹介数", 1, false},
      {"紹介数", "逆紹介数", 1, true},  // a deletion
      {"紹介数", "逆紹介数", 0, false},
      {"", "往診", 1, false},
      {"", "往診", 2, true},  // deleting the whole label
      {"何か", "", 0, true},  // the empty label
      {"往診", "往診", -1, false},
      {"\xFF診", "往診", 1, true},  // ill-formed bytes are one substituted character
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FuzzyContains(c.text, c.label, c.max_edits), c.want)
        << "case: " << c.text << " / " << c.label << " / " << c.max_edits;
  }
}

}  // namespace
}  // namespace tsuzuri
