#include "normalize/numbers.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tsuzuri {
namespace {

struct Want {
  long long value;
  std::optional<long long> high;
  std::string unit;
};

struct Case {
  std::string input;
  Want want;
};

TEST(ParseQuantity, ReadsCountsWithUnits) {
  const Case cases[] = {
      {"40名", {40, std::nullopt, "名"}},
      {"40 名", {40, std::nullopt, "名"}},
      {"４０名", {40, std::nullopt, "名"}},
      {"４０ 名", {40, std::nullopt, "名"}},
      {"    0 名", {0, std::nullopt, "名"}},
      {"40\n名", {40, std::nullopt, "名"}},  // the unit on the next line of the cell
      {"11 件", {11, std::nullopt, "件"}},
      {"0回", {0, std::nullopt, "回"}},
      {"3人", {3, std::nullopt, "人"}},
      {"2か所", {2, std::nullopt, "か所"}},
      {"2ヶ所", {2, std::nullopt, "か所"}},
      {"2ケ所", {2, std::nullopt, "か所"}},
      {"2カ所", {2, std::nullopt, "か所"}},
      {"2ヵ所", {2, std::nullopt, "か所"}},
      {"5箇所", {5, std::nullopt, "箇所"}},
      {"291", {291, std::nullopt, ""}},
      {"1,234件", {1234, std::nullopt, "件"}},
      {"１，２３４件", {1234, std::nullopt, "件"}},
      {"12,345,678", {12345678, std::nullopt, ""}},
      {"+5件", {5, std::nullopt, "件"}},
  };
  for (const Case& c : cases) {
    std::optional<Quantity> q = ParseQuantity(c.input);
    ASSERT_TRUE(q.has_value()) << "case: " << c.input;
    EXPECT_EQ(q->value, c.want.value) << "case: " << c.input;
    EXPECT_EQ(q->high, c.want.high) << "case: " << c.input;
    EXPECT_EQ(q->unit, c.want.unit) << "case: " << c.input;
  }
}

TEST(ParseQuantity, ReadsEveryMinusVariant) {
  const Case cases[] = {
      {"－5 件", {-5, std::nullopt, "件"}},  // as printed in table 4 (full-width hyphen-minus)
      {"-5件", {-5, std::nullopt, "件"}},
      {"ー5 件", {-5, std::nullopt, "件"}},  // how OCR reads 「－5 件」: katakana long vowel
      {"ｰ5件", {-5, std::nullopt, "件"}},    // half-width long vowel
      {"一5件", {-5, std::nullopt, "件"}},   // kanji one
      {"―5", {-5, std::nullopt, ""}},        // horizontal bar
      {"−5", {-5, std::nullopt, ""}},        // minus sign
      {"‐5", {-5, std::nullopt, ""}},        // hyphen
      {"–5", {-5, std::nullopt, ""}},        // en dash
      {"▲5件", {-5, std::nullopt, "件"}},    // accounting minus
      {"△5", {-5, std::nullopt, ""}},        // accounting minus
      {"－ 5 件", {-5, std::nullopt, "件"}},
      {"-0件", {0, std::nullopt, "件"}},
  };
  for (const Case& c : cases) {
    std::optional<Quantity> q = ParseQuantity(c.input);
    ASSERT_TRUE(q.has_value()) << "case: " << c.input;
    EXPECT_EQ(q->value, c.want.value) << "case: " << c.input;
    EXPECT_EQ(q->high, c.want.high) << "case: " << c.input;
    EXPECT_EQ(q->unit, c.want.unit) << "case: " << c.input;
  }
}

TEST(ParseQuantity, ReadsRanges) {
  const Case cases[] = {
      {"1〜2回", {1, 2, "回"}},          // wave dash, as in the 桜川市 report
      {"1～2回", {1, 2, "回"}},          // full-width tilde
      {"1~2回", {1, 2, "回"}},           // ASCII tilde
      {"1 ～ 2 回", {1, 2, "回"}},       // layout spaces
      {"1回〜2回", {1, 2, "回"}},        // the unit on both ends
      {"150～200名", {150, 200, "名"}},  // from the 在宅医療連携拠点 summary
      {"1~2", {1, 2, ""}},               // no unit
      {"▲5~-2件", {-5, -2, "件"}},       // negative ends
  };
  for (const Case& c : cases) {
    std::optional<Quantity> q = ParseQuantity(c.input);
    ASSERT_TRUE(q.has_value()) << "case: " << c.input;
    EXPECT_EQ(q->value, c.want.value) << "case: " << c.input;
    EXPECT_EQ(q->high, c.want.high) << "case: " << c.input;
    EXPECT_EQ(q->unit, c.want.unit) << "case: " << c.input;
  }
}

TEST(ParseQuantity, RejectsAnythingButOneQuantity) {
  const std::string cases[] = {
      "",
      "   ",
      "名",
      "-",
      "ー",
      "一",
      "5件-",
      "1 2",             // two numbers
      "1～2か月に 1回",  // words around the numbers
      "合計回数: 49 回",
      "2回（9月～3月）",
      "1回/年",
      "1.5回",  // decimals are not counts
      "50%",
      "5日",       // not a count unit
      "1回~2件",   // a range needs one unit
      "1234,567",  // a separator after more than three digits
      "1,23件",
      "99999999999999999999",  // does not fit in long long
      "\xFF"
      "5件",
      "R4",
  };
  for (const std::string& c : cases) {
    EXPECT_EQ(ParseQuantity(c), std::nullopt) << "case: " << c;
  }
}

TEST(ParseQuantity, OffsetsCoverTheNormalizedText) {
  std::optional<Quantity> q = ParseQuantity("－ ５ 件");  // normalized: "-5件"
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->begin, 0u);
  EXPECT_EQ(q->end, std::string("-5件").size());
}

TEST(ParseQuantity, ReadsTheLargestLongLong) {
  std::optional<Quantity> q = ParseQuantity("9223372036854775807");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->value, 9223372036854775807LL);
}

struct FindCase {
  std::string input;
  std::vector<Want> want;
};

TEST(FindQuantities, FindsEveryQuantityInOrder) {
  const FindCase cases[] = {
      {"", {}},
      {"取組事項", {}},
      {"合計回数:291回(うち往診:31回、訪問診療:260回)",
       {{291, std::nullopt, "回"}, {31, std::nullopt, "回"}, {260, std::nullopt, "回"}}},
      {"死亡患者数:0名(うち医療機関以外:0名)", {{0, std::nullopt, "名"}, {0, std::nullopt, "名"}}},
      {"1~2か月に1回", {{1, 2, ""}, {1, std::nullopt, "回"}}},
      {"2回(9月~3月)", {{2, std::nullopt, "回"}, {9, std::nullopt, ""}, {3, std::nullopt, ""}}},
      {"1回/年", {{1, std::nullopt, "回"}}},
      {"紹介数11件26件15件",
       {{11, std::nullopt, "件"}, {26, std::nullopt, "件"}, {15, std::nullopt, "件"}}},
      // OCR's minus right after a quantity is still a minus.
      {"急変時の受入数12件7件ー5件",
       {{12, std::nullopt, "件"}, {7, std::nullopt, "件"}, {-5, std::nullopt, "件"}}},
      {"差:ー5件", {{-5, std::nullopt, "件"}}},
      {"(▲5件)", {{-5, std::nullopt, "件"}}},
      {"前年比▲5件", {{-5, std::nullopt, "件"}}},
      // Inside a word a dash or 一 is not a minus.
      {"データー5件", {{5, std::nullopt, "件"}}},
      {"統一2回", {{2, std::nullopt, "回"}}},
      {"1-2", {{1, std::nullopt, ""}, {2, std::nullopt, ""}}},
      {"11/16,1/9,3/20",
       {{11, std::nullopt, ""},
        {16, std::nullopt, ""},
        {1, std::nullopt, ""},
        {9, std::nullopt, ""},
        {3, std::nullopt, ""},
        {20, std::nullopt, ""}}},
      {"協議会(150~200名)", {{150, 200, "名"}}},
      {"費用1,234件と1.5回", {{1234, std::nullopt, "件"}}},  // the decimal is skipped
      {"99999999999999999999件と3件", {{3, std::nullopt, "件"}}},
  };
  for (const FindCase& c : cases) {
    const std::vector<Quantity> got = FindQuantities(c.input);
    ASSERT_EQ(got.size(), c.want.size()) << "case: " << c.input;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].value, c.want[i].value) << "case: " << c.input << " #" << i;
      EXPECT_EQ(got[i].high, c.want[i].high) << "case: " << c.input << " #" << i;
      EXPECT_EQ(got[i].unit, c.want[i].unit) << "case: " << c.input << " #" << i;
    }
  }
}

TEST(FindQuantities, GivesByteOffsetsInTheText) {
  const std::string text = "うち往診:31回、訪問診療:ー260回";
  const std::vector<Quantity> got = FindQuantities(text);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(text.substr(got[0].begin, got[0].end - got[0].begin), "31回");
  EXPECT_EQ(text.substr(got[1].begin, got[1].end - got[1].begin), "ー260回");
  EXPECT_EQ(got[1].end, text.size());
}

TEST(FindQuantities, SurvivesInvalidUtf8) {
  const std::vector<Quantity> got = FindQuantities(
      "\xFF"
      "5件\xE3");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].value, 5);
  EXPECT_EQ(got[0].begin, 1u);
}

}  // namespace
}  // namespace tsuzuri
