// The record: what fields/ makes of one document and store/ keeps. Plain values; the JSON form is
// the output contract of `tsuzuri extract --json` (docs/output.md).
// Thread safety: plain values.
#ifndef TSUZURI_CORE_RECORD_H_
#define TSUZURI_CORE_RECORD_H_

#include <optional>
#include <string>
#include <vector>

#include "core/page.h"

namespace tsuzuri {

enum class ValueStatus { kOk, kReview };
enum class Severity { kError, kWarning };
// "ok" / "review" and "error" / "warning": the words the output contract and the database use.
const char* ValueStatusName(ValueStatus status);
const char* SeverityName(Severity severity);

// One number of an effect table.
struct Measure {
  std::string section;                     // patients | visits | deaths | referrals
  std::optional<std::string> institution;  // printed name (NFKC, no spaces); none in referrals
  bool is_total = false;                   // the 「連携する医療機関内の合計」 row
  std::string period;                      // current | plan | actual | before | after | diff
  std::string metric;                      // patients, visits, visits_oushin, ...
  std::optional<long long> value;          // none when the cell is blank or unreadable
  // OCR only: what a second reading of the cell gives, when it was read twice. Validation uses it
  // to resolve a rule that fails (ocr_repair) or flags the disagreement.
  std::optional<long long> second_value;
  bool second_read = false;  // the cell was read twice
  // OCR only: other values the second reading's recognizer considered (one digit changed,
  // Cell::alternative_texts). Validation tries them too where the two readings disagree.
  std::vector<long long> alternative_values;
  // OCR only: the institution name as a second reading of its cell gives it (normalized), when
  // the name cell was read twice and the second reading found text. Validation counts it among
  // the readings of the row's name (institution_name).
  std::optional<std::string> second_institution;
  std::string unit;         // 名 | 回 | 件
  int page = 0;             // 1-based page the value was read on
  double confidence = 1.0;  // 0..1
  ValueStatus status = ValueStatus::kOk;
  Box box;               // the cell it came from, points
  std::string raw_text;  // the cell text as printed
};

// One row of the three-initiatives table. Status columns are normalized text.
struct Initiative {
  int no = 0;
  std::string title, content, current, target, actual;
  int page = 0;  // where the row starts
};

// A data-quality problem found by a validation rule; never aborts anything.
struct Finding {
  std::string rule;  // sum_of_rows, visits_breakdown, diff, deaths_outside, missing_value, ...
  Severity severity = Severity::kError;
  std::string section, period, metric;
  std::string message;  // with the numbers involved
};

struct PageInfo {
  int number = 0;
  PageMethod method = PageMethod::kText;
};

struct Record {
  std::string file;    // file name as given
  std::string sha256;  // of the file's bytes
  int page_count = 0;
  std::vector<PageInfo> pages;
  std::optional<std::string> form;  // e.g. "grouping-report"; none: not a known form
  std::string template_id;          // the template that matched, e.g. "grouping-report-r4"
  std::optional<int> fiscal_year;   // Gregorian start year of the 年度
  std::optional<std::string> group_name;
  std::vector<Initiative> initiatives;
  std::vector<Measure> measures;
  std::vector<Finding> findings;
};

}  // namespace tsuzuri

#endif  // TSUZURI_CORE_RECORD_H_
