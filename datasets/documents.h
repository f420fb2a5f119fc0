// The documents an export covers and their findings (the rules' data-quality problems), read from
// the store's documents and findings tables, with the tables the exports write for them. A failed
// file is a document too (status failed, with its error): an export never hides what could not be
// read.
// Thread safety: the Database rule applies; the rows are plain values.
#ifndef TSUZURI_DATASETS_DOCUMENTS_H_
#define TSUZURI_DATASETS_DOCUMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "datasets/filter.h"
#include "datasets/table.h"
#include "store/database.h"

namespace tsuzuri {

struct DocumentRow {
  long long document_id = 0;
  std::string file_name;
  std::string sha256;
  std::string status;  // loaded, unknown-form, failed
  std::optional<std::string> form, template_id;
  std::optional<int> fiscal_year;
  std::string fiscal_year_label;
  std::optional<std::string> group_name;
  std::optional<long long> page_count;
  std::optional<std::string> error;
  std::string ingested_at;
};

struct FindingRow {
  long long finding_id = 0;
  long long document_id = 0;
  std::string file_name;
  std::optional<int> fiscal_year;
  std::optional<std::string> group_name;
  std::string rule, severity, section, period, metric, message;
  std::optional<std::string> resolved_at, resolution;
};

// The documents `filter` keeps, by fiscal year, group, file name and id (the values' order).
// Year, form and group filters apply to failed documents too: a failed file has none of them, so
// it is exported only when no such filter is given.
Result<std::vector<DocumentRow>> ReadDocuments(Database& db, const ExportFilter& filter);

// The findings of `documents`, in the documents' order, then as stored.
Result<std::vector<FindingRow>> ReadFindings(Database& db,
                                             const std::vector<DocumentRow>& documents);

// Tables over the rows (which must outlive them).
DataTable DocumentsTable(const std::vector<DocumentRow>& rows);
DataTable FindingsTable(const std::vector<FindingRow>& rows);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_DOCUMENTS_H_
