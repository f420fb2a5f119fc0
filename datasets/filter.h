// ExportFilter: which documents and values an export holds (`tsuzuri export --year --form --group
// --status`). An empty list lets everything through. Plain value; thread-safe to read.
#ifndef TSUZURI_DATASETS_FILTER_H_
#define TSUZURI_DATASETS_FILTER_H_

#include <optional>
#include <string>
#include <vector>

namespace tsuzuri {

struct ExportFilter {
  std::vector<int> years;           // fiscal years (Gregorian start year); empty: all
  std::vector<std::string> forms;   // documents.form, e.g. grouping-report; empty: all
  std::vector<std::string> groups;  // documents.group_name as stored; empty: all
  bool ok_only = false;  // values with status ok only (default: every value, review ones marked)

  // Whether a document with these properties is exported.
  bool Keeps(const std::optional<int>& fiscal_year, const std::optional<std::string>& form,
             const std::optional<std::string>& group_name) const;
  // "year 2022, 2023; form grouping-report; status ok" or "none" (for README sheets).
  std::string Describe() const;
};

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_FILTER_H_
