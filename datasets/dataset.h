// Dataset: everything one `tsuzuri export` writes, read from the store once: the canonical values,
// the documents and their findings, group_years, the codebook, and what the export is (when, which
// tsuzuri, which templates, which filters). Each writer (CSV, JSON lines, XLSX, data package) takes
// a Dataset, so every format holds the same rows in the same order.
// Ownership: a Dataset owns its rows; the Tables made from it view them (keep it alive).
// Thread safety: read-only after LoadDataset; the Database rule applies while loading.
#ifndef TSUZURI_DATASETS_DATASET_H_
#define TSUZURI_DATASETS_DATASET_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "datasets/codebook.h"
#include "datasets/documents.h"
#include "datasets/filter.h"
#include "datasets/group_years.h"
#include "datasets/table.h"
#include "datasets/values.h"
#include "fields/template.h"
#include "store/database.h"

namespace tsuzuri {

struct ExportInfo {
  std::string generated_at;     // ISO 8601 UTC
  std::string tsuzuri_version;  // e.g. 0.1.0
  std::string database;         // the database file as given
  std::string values_view;      // effective_values or measure_values
  std::vector<std::string> templates;  // "grouping-report-r4 (version 1, grouping-report-r4.yaml)"
  std::string filter;                  // ExportFilter::Describe()
};

struct Dataset {
  ExportInfo info;
  std::vector<ValueRow> values;
  std::vector<DocumentRow> documents;
  std::vector<FindingRow> findings;
  GroupYears group_years;
  Codebook codebook;

  // The findings that explain why values[i] is to review: those of its document and table that
  // name its period or its metric, less those that name another row (「北原医院: …」). Empty when
  // the value is ok; "review: no stored finding names this value ..." when none does (e.g. the
  // rules failed again after a review).
  std::string ReviewNote(size_t i) const;

  // The tables every format writes, in this order: values, group_years, findings, documents,
  // codebook. They view this Dataset.
  std::vector<DataTable> Tables() const;

 private:
  friend Result<Dataset> LoadDataset(Database&, const std::string&, const TemplateSet&,
                                     const ExportFilter&);
  std::unordered_map<long long, std::vector<size_t>> findings_of_;  // document id -> findings
};

// Reads the Dataset from `db` (opened from `database_name`): the documents `filter` keeps, their
// values and findings, and the codebook of `templates`. Fails with the Database's Status.
Result<Dataset> LoadDataset(Database& db, const std::string& database_name,
                            const TemplateSet& templates, const ExportFilter& filter);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_DATASET_H_
