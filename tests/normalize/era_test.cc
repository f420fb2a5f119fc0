#include "normalize/era.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tsuzuri {
namespace {

struct Case {
  std::string input;
  std::optional<int> want;
};

TEST(FiscalYear, ReiwaFourIsFiscal2022) {
  const Case cases[] = {
      {"令和4年度", 2022},
      {"令和４年度", 2022},
      {"R4年度", 2022},
      {"Ｒ４年度", 2022},
      {"（グループ化後（Ｒ４年度（Ｂ）））", 2022},
      {"r4年度", 2022},
      {"R 4年度", 2022},
      {"令和 4 年度", 2022},
      {"㋿4年度", 2022},
      {"2022年度", 2022},
      {"２０２２年度", 2022},
      {"令和4(2022)年度", 2022},
      {"2022(令和4)年度", 2022},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseFiscalYear(c.input), c.want) << "case: " << c.input;
}

TEST(FiscalYear, ReadsHeiseiAndLetterForms) {
  const Case cases[] = {
      {"平成30年度医療提供施設等グループ化推進事業計画（報告）書", 2018},
      {"H30年度", 2018},
      {"Ｈ３０年度", 2018},
      {"㍻30年度", 2018},
      {"（グループ化前（Ｒ３年度（Ａ）））", 2021},
      {"S50年度", 1975},
      {"大正10年度", 1921},
      {"T10年度", 1921},
      {"明治45年度", 1912},
      {"M45年度", 1912},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseFiscalYear(c.input), c.want) << "case: " << c.input;
}

// Each era's first year is the previous era's last: both name the same Gregorian year.
TEST(FiscalYear, EraBoundariesNameTheSameYearTwice) {
  const Case cases[] = {
      {"明治元年度", 1868},  // the table's first year
      {"明治45年度", 1912},  // 明治's last year
      {"大正元年度", 1912},  // 大正's first year
      {"大正15年度", 1926},  // 大正's last year
      {"昭和元年度", 1926},  // 昭和's first year
      {"昭和64年度", 1989},  // 昭和's last year
      {"平成元年度", 1989},  // 平成's first year
      {"平成1年度", 1989},   // 1 for 元
      {"平成31年度", 2019},  // 平成's last year
      {"令和元年度", 2019},  // 令和's first year
      {"R元年度", 2019},     // letter and 元
      {"令和1年度", 2019},   // 1 for 元
      {"平成32年度", 2020},  // written in plans made before the era changed
  };
  for (const Case& c : cases) EXPECT_EQ(ParseFiscalYear(c.input), c.want) << "case: " << c.input;
}

TEST(FiscalYear, NeedsAnEraOrFourDigitsAndNendo) {
  const Case cases[] = {
      {"", std::nullopt},
      {"年度", std::nullopt},
      {"30年度", std::nullopt},   // no era: ambiguous
      {"令和4年", std::nullopt},  // a calendar year, not a fiscal one
      {"令和0年度", std::nullopt},
      {"ABR4年度", std::nullopt},   // a letter inside a Latin word is not an era
      {"12022年度", std::nullopt},  // five digits
      {"X4年度", std::nullopt},
      {"\xFF年度", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseFiscalYear(c.input), c.want) << "case: " << c.input;
}

TEST(FiscalYear, TakesTheFirstOfSeveral) {
  EXPECT_EQ(ParseFiscalYear("現状(グループ化前(R3年度(A)))実績(グループ化後(R4年度(B)))"), 2021);
}

TEST(FindFiscalYears, ListsEveryOccurrenceInOrder) {
  struct ListCase {
    std::string input;
    std::vector<int> want;
  };
  const ListCase cases[] = {
      {"", {}},
      {"現状(グループ化前(Ｒ３年度(Ａ)))実績(グループ化後(Ｒ４年度(Ｂ)))", {2021, 2022}},
      {"平成31年度から令和元年度、令和0年度、2020年度", {2019, 2019, 2020}},
  };
  for (const ListCase& c : cases) {
    EXPECT_EQ(FindFiscalYears(c.input), c.want) << "case: " << c.input;
  }
}

TEST(EraYear, ReadsCalendarYears) {
  const Case cases[] = {
      {"令和4年", 2022},
      {"・令和 3年 3月 出前講座（元気はつらつ教室）", 2021},  // from the 桜川市 report
      {"平成30年4月1日", 2018},
      {"昭和64年1月7日", 1989},  // the last day of 昭和
      {"平成元年1月8日", 1989},  // the first day of 平成
      {"R4年", 2022},
      {"令和4年度", 2022},  // a 年度 is also a 年
      {"2022年", 2022},
      {"4年", std::nullopt},  // no era
      {"", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseEraYear(c.input), c.want) << "case: " << c.input;
}

TEST(FiscalYearLabel, NamesTheYearInTheEraThatReignsOverIt) {
  const std::pair<int, const char*> cases[] = {
      {2022, "令和4年度"}, {2019, "令和元年度"}, {2018, "平成30年度"}, {1989, "平成元年度"},
      {1988, "昭和63年度"}, {1868, "明治元年度"}, {1867, ""},
  };
  for (const auto& [year, want] : cases) EXPECT_EQ(FiscalYearLabel(year), want) << year;
}

TEST(FiscalYearLabel, IsReadBackAsTheSameYear) {
  for (int year = 1868; year <= 2040; ++year) {
    EXPECT_EQ(ParseFiscalYear(FiscalYearLabel(year)), year) << FiscalYearLabel(year);
  }
}

}  // namespace
}  // namespace tsuzuri
