// The canonical table: one row per value read from a report (a measure), with its document, form,
// fiscal year (Western, and its era label beside it), group, section, institution, period, metric,
// value, unit, status and who settled it, and where it was read (file, page, box, text as
// printed). Every export format writes these same rows in the same order.
//
// ReadValues is the one place that knows where the rows come from in the store: the view
// effective_values (values after review, docs/schema.md) when the database has it, else
// measure_values joined with measures for the boxes (settlement and settled_by then empty).
// Thread safety: the Database rule applies (one thread at a time); ValueRow is a plain value.
#ifndef TSUZURI_DATASETS_VALUES_H_
#define TSUZURI_DATASETS_VALUES_H_

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "datasets/filter.h"
#include "datasets/table.h"
#include "store/database.h"

namespace tsuzuri {

struct ValueRow {
  // none for a value a reviewer entered where nothing was read (it has no measures row)
  std::optional<long long> measure_id;
  long long document_id = 0;
  std::string file_name;
  std::string form;         // e.g. grouping-report
  std::string template_id;  // the form version that read it, e.g. grouping-report-r4
  std::optional<int> fiscal_year;
  std::string fiscal_year_label;  // 令和4年度; empty without a year
  std::optional<std::string> group_name;
  std::string section;
  std::optional<std::string> institution;  // none: the section has no institution rows
  bool is_total = false;
  std::string period;
  std::string metric;
  std::optional<long long> value;  // the effective value (after review)
  std::optional<long long> read_value;  // as read, before review
  std::string unit;
  std::string status;  // ok | review
  // Why value is empty: blank (nothing in the cell), no_number (the cell has text but no number for
  // this value), unreadable (so settled by review); none when there is a value.
  std::optional<std::string> empty_reason;
  std::optional<std::string> settlement;  // none: as read; confirmed, corrected, ... (review)
  std::optional<std::string> settled_by;  // none, rules, or a reviewer's name
  std::optional<double> confidence;  // none for an entered value
  std::optional<int> page;
  bool has_box = false;  // false for an entered value
  double box_x0 = 0, box_y0 = 0, box_x1 = 0, box_y1 = 0;  // points, top-left origin
  std::string raw_text;
};

// Where the values came from: "effective_values" or "measure_values".
struct ValuesSource {
  std::string view;
};

// Every value of the documents `filter` keeps (and with ok_only, only values with status ok), in
// the canonical order: fiscal year (none last), group name (none last), file name, document id,
// then the order the form prints them (section, row, period, metric; values a reviewer entered
// last). Fails with the Database's Status.
Result<std::vector<ValueRow>> ReadValues(Database& db, const ExportFilter& filter,
                                         ValuesSource* source = nullptr);

// The canonical table over `rows` (which must outlive it): fields with types, Japanese titles and
// descriptions (the codebook's first part).
DataTable ValuesTable(const std::vector<ValueRow>& rows);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_VALUES_H_
