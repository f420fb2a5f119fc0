// Japanese years: 「令和4年度」, 「R4年度」, 「平成30年度」, 「2022年度」 -> 2022 and so on.
// A 年度 (fiscal year) is named by the calendar year it starts in (April), so both 年 and 年度
// map to era start year + n - 1, with 元 = 1: 昭和64年度 and 平成元年度 are both 1989.
// Eras: 明治 M 1868, 大正 T 1912, 昭和 S 1926, 平成 H 1989, 令和 R 2019. Input is normalized
// first, so full-width digits and letters (Ｒ４) and era ligatures (㍻) are read too.
// Thread-safe: pure functions.
#ifndef TSUZURI_NORMALIZE_ERA_H_
#define TSUZURI_NORMALIZE_ERA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsuzuri {

// The Gregorian year in which the first 年度 expression of `text` starts: an era name or its
// letter with a year (「令和元年度」, 「H30年度」, 「R 4年度」) or four digits (「2022年度」;
// 「令和4(2022)年度」 and 「2022(令和4)年度」 also work). nullopt if there is none; an era
// year 0 counts as none.
std::optional<int> ParseFiscalYear(std::string_view text);

// Every 年度 expression in `text`, as ParseFiscalYear reads them, in order.
std::vector<int> FindFiscalYears(std::string_view text);

// The Gregorian year of the first 「<era><n>年」 (or 「dddd年」) in `text`: 「令和4年」 -> 2022.
// A 年度 expression counts too (「令和4年度」 -> 2022). nullopt if there is none.
std::optional<int> ParseEraYear(std::string_view text);

// The Japanese name of the 年度 starting in Gregorian `year`, in the era that reigns for most of
// it: 2022 -> 「令和4年度」, 2019 -> 「令和元年度」, 1989 -> 「平成元年度」 (the way ministries name
// them). Empty before 明治 (1868).
std::string FiscalYearLabel(int year);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_ERA_H_
