#include "normalize/era.h"

#include <iterator>
#include <string>

#include "normalize/pattern.h"
#include "normalize/text.h"

namespace tsuzuri {
namespace {

struct Era {
  std::string_view name;
  char letter;
  int start_year;  // the Gregorian year of its year 1 (元年)
};

constexpr Era kEras[] = {
    {"明治", 'M', 1868}, {"大正", 'T', 1912}, {"昭和", 'S', 1926},
    {"平成", 'H', 1989}, {"令和", 'R', 2019},
};

// An era year or a four-digit year, then `suffix` (年度 or 年). A Western year may carry the era
// year in parentheses and the other way round: 「2022(令和4)年度」, 「令和4(2022)年度」. The era
// letter must not end a longer Latin word, and a Western year must not be the end of a longer
// number. Expects NormalizeText output.
std::string YearRegex(std::string_view suffix) {
  const std::string era = "(?:明治|大正|昭和|平成|令和|[MTSHRmtshr])";
  const std::string n = "(?:元|[0-9]{1,3})";
  return "(?:(?<era>明治|大正|昭和|平成|令和)|(?<![A-Za-z])(?<letter>[MTSHRmtshr]) ?)"
         "(?<n>元|[0-9]{1,3})(?:\\([0-9]{4}\\))?" +
         std::string(suffix) + "|(?<![0-9])(?<western>[0-9]{4})(?:\\(" + era + n + "\\))?" +
         std::string(suffix);
}

const Pattern& FiscalYearPattern() {
  static const Pattern* const pattern = new Pattern(Pattern::Compile(YearRegex("年度")).value());
  return *pattern;
}

const Pattern& EraYearPattern() {
  static const Pattern* const pattern = new Pattern(Pattern::Compile(YearRegex("年")).value());
  return *pattern;
}

// The Gregorian year a match of YearRegex names; nullopt for year 0 or an unknown era.
std::optional<int> YearOf(const Match& m) {
  auto number = [](const std::string& digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
  };
  if (m.group("western").matched) {
    const int year = number(m.group("western").text);
    return year > 0 ? std::optional<int>(year) : std::nullopt;
  }
  const std::string& n_text = m.group("n").text;
  const int n = n_text == "元" ? 1 : number(n_text);
  if (n <= 0) return std::nullopt;
  for (const Era& era : kEras) {
    const bool by_name = m.group("era").matched && m.group("era").text == era.name;
    const bool by_letter = m.group("letter").matched &&
                           (m.group("letter").text[0] & ~0x20) == era.letter;  // upper case
    if (by_name || by_letter) return era.start_year + n - 1;
  }
  return std::nullopt;
}

std::vector<int> FindYears(const Pattern& pattern, std::string_view text, bool first_only) {
  std::vector<int> years;
  for (const Match& m : pattern.SearchAll(NormalizeText(text))) {
    if (std::optional<int> year = YearOf(m)) {
      years.push_back(*year);
      if (first_only) break;
    }
  }
  return years;
}

}  // namespace

std::optional<int> ParseFiscalYear(std::string_view text) {
  std::vector<int> years = FindYears(FiscalYearPattern(), text, /*first_only=*/true);
  return years.empty() ? std::nullopt : std::optional<int>(years.front());
}

std::vector<int> FindFiscalYears(std::string_view text) {
  return FindYears(FiscalYearPattern(), text, /*first_only=*/false);
}

std::string FiscalYearLabel(int year) {
  for (auto era = std::rbegin(kEras); era != std::rend(kEras); ++era) {
    if (year < era->start_year) continue;
    const int n = year - era->start_year + 1;
    return std::string(era->name) + (n == 1 ? std::string("元") : std::to_string(n)) + "年度";
  }
  return "";
}

std::optional<int> ParseEraYear(std::string_view text) {
  std::vector<int> years = FindYears(EraYearPattern(), text, /*first_only=*/true);
  return years.empty() ? std::nullopt : std::optional<int>(years.front());
}

}  // namespace tsuzuri
