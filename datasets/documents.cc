#include "datasets/documents.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "datasets/table_reader.h"
#include "normalize/era.h"

namespace tsuzuri {
namespace {

std::optional<int> Year(const NamedRow& r, int column) {
  std::optional<long long> y = r.Int(column);
  return y ? std::optional<int>(static_cast<int>(*y)) : std::nullopt;
}

DataCell OptText(const std::optional<std::string>& s) {
  return s ? DataCell(std::string_view(*s)) : DataCell();
}

DataCell OptInt(const std::optional<int>& i) {
  return i ? DataCell(static_cast<long long>(*i)) : DataCell();
}

}  // namespace

Result<std::vector<DocumentRow>> ReadDocuments(Database& db, const ExportFilter& filter) {
  std::vector<DocumentRow> rows;
  const std::vector<std::string> wanted = {
      "id",          "file_name",  "sha256", "status", "form",  "template_id",
      "fiscal_year", "group_name", "page_count", "error", "ingested_at"};
  Status s = ReadByName(db, "documents", wanted, {"id", "file_name", "status"},
                        [&](const NamedRow& r, const std::vector<int>& c) {
                          DocumentRow d;
                          d.fiscal_year = Year(r, c[6]);
                          d.form = r.Text(c[4]);
                          d.group_name = r.Text(c[7]);
                          if (!filter.Keeps(d.fiscal_year, d.form, d.group_name)) return;
                          d.document_id = r.Int(c[0]).value_or(0);
                          d.file_name = r.TextOr(c[1]);
                          d.sha256 = r.TextOr(c[2]);
                          d.status = r.TextOr(c[3]);
                          d.template_id = r.Text(c[5]);
                          if (d.fiscal_year) d.fiscal_year_label = FiscalYearLabel(*d.fiscal_year);
                          d.page_count = r.Int(c[8]);
                          d.error = r.Text(c[9]);
                          d.ingested_at = r.TextOr(c[10]);
                          rows.push_back(std::move(d));
                        });
  if (!s.ok()) return s;
  std::stable_sort(rows.begin(), rows.end(), [](const DocumentRow& a, const DocumentRow& b) {
    auto key = [](const DocumentRow& d) {
      return std::make_tuple(!d.fiscal_year.has_value(), d.fiscal_year.value_or(0),
                             !d.group_name.has_value(), d.group_name.value_or(""), d.file_name,
                             d.document_id);
    };
    return key(a) < key(b);
  });
  return rows;
}

Result<std::vector<FindingRow>> ReadFindings(Database& db,
                                             const std::vector<DocumentRow>& documents) {
  std::unordered_map<long long, size_t> position;
  for (size_t i = 0; i < documents.size(); ++i) position[documents[i].document_id] = i;
  std::vector<std::pair<size_t, FindingRow>> found;
  const std::vector<std::string> wanted = {"id",     "document_id", "rule",    "severity",
                                           "section", "period",     "metric",  "message",
                                           "resolved_at", "resolution"};
  Status s = ReadByName(db, "findings", wanted, {"id", "document_id", "rule", "message"},
                        [&](const NamedRow& r, const std::vector<int>& c) {
                          auto it = position.find(r.Int(c[1]).value_or(-1));
                          if (it == position.end()) return;
                          const DocumentRow& d = documents[it->second];
                          FindingRow f;
                          f.finding_id = r.Int(c[0]).value_or(0);
                          f.document_id = d.document_id;
                          f.file_name = d.file_name;
                          f.fiscal_year = d.fiscal_year;
                          f.group_name = d.group_name;
                          f.rule = r.TextOr(c[2]);
                          f.severity = r.TextOr(c[3]);
                          f.section = r.TextOr(c[4]);
                          f.period = r.TextOr(c[5]);
                          f.metric = r.TextOr(c[6]);
                          f.message = r.TextOr(c[7]);
                          f.resolved_at = r.Text(c[8]);
                          f.resolution = r.Text(c[9]);
                          found.emplace_back(it->second, std::move(f));
                        });
  if (!s.ok()) return s;
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.finding_id) < std::tie(b.first, b.second.finding_id);
  });
  std::vector<FindingRow> rows;
  rows.reserve(found.size());
  for (auto& [pos, f] : found) rows.push_back(std::move(f));
  return rows;
}

DataTable DocumentsTable(const std::vector<DocumentRow>& rows) {
  using T = FieldType;
  DataTable t;
  t.name = "documents";
  t.title = "文書";
  t.description =
      "One row per document (file content) the export covers, failed files included with their "
      "error.";
  t.fields = {
      {"document_id", T::kInteger, "文書ID", "documents.id in the database", ""},
      {"file_name", T::kString, "ファイル名", "the name it was last loaded under", ""},
      {"sha256", T::kString, "SHA-256", "of the file's bytes; empty when it could not be read",
       ""},
      {"status", T::kString, "状態",
       "loaded; unknown-form (read, not a known form); failed (see error)", ""},
      {"form", T::kString, "様式", "empty: not a known form, or failed", ""},
      {"template_id", T::kString, "様式の版", "the template that read it", ""},
      {"fiscal_year", T::kInteger, "年度（西暦）", "empty when the report names none", ""},
      {"fiscal_year_ja", T::kString, "年度（和暦）", "", ""},
      {"group_name", T::kString, "グループ名", "empty when the report names none", ""},
      {"page_count", T::kInteger, "ページ数", "empty when failed", ""},
      {"error", T::kString, "エラー", "why it failed; empty otherwise", ""},
      {"ingested_at", T::kString, "取込日時", "ISO 8601 UTC", ""},
  };
  t.row_count = rows.size();
  t.row = [&rows](size_t i, std::vector<DataCell>* out) {
    const DocumentRow& d = rows[i];
    *out = {d.document_id,
            std::string_view(d.file_name),
            d.sha256.empty() ? DataCell() : DataCell(std::string_view(d.sha256)),
            std::string_view(d.status),
            OptText(d.form),
            OptText(d.template_id),
            OptInt(d.fiscal_year),
            d.fiscal_year_label.empty() ? DataCell() : DataCell(std::string_view(d.fiscal_year_label)),
            OptText(d.group_name),
            d.page_count ? DataCell(*d.page_count) : DataCell(),
            OptText(d.error),
            std::string_view(d.ingested_at)};
  };
  return t;
}

DataTable FindingsTable(const std::vector<FindingRow>& rows) {
  using T = FieldType;
  DataTable t;
  t.name = "findings";
  t.title = "指摘";
  t.description =
      "The validation rules' findings on the documents exported: a sum that does not add up, a "
      "blank cell. Values they concern have status review.";
  t.fields = {
      {"finding_id", T::kInteger, "指摘ID", "findings.id in the database", ""},
      {"document_id", T::kInteger, "文書ID", "", ""},
      {"file_name", T::kString, "ファイル名", "", ""},
      {"fiscal_year", T::kInteger, "年度（西暦）", "", ""},
      {"group_name", T::kString, "グループ名", "", ""},
      {"rule", T::kString, "規則", "sum_of_rows, visits_breakdown, diff, missing_value, ...", ""},
      {"severity", T::kString, "重要度", "error or warning", ""},
      {"section", T::kString, "表", "", ""},
      {"period", T::kString, "時点", "", ""},
      {"metric", T::kString, "項目", "", ""},
      {"message", T::kString, "内容", "what is wrong, with the numbers", ""},
      {"resolved_at", T::kString, "解決日", "set by an analyst; empty: open", ""},
      {"resolution", T::kString, "解決内容", "", ""},
  };
  t.row_count = rows.size();
  t.row = [&rows](size_t i, std::vector<DataCell>* out) {
    const FindingRow& f = rows[i];
    *out = {f.finding_id,
            f.document_id,
            std::string_view(f.file_name),
            OptInt(f.fiscal_year),
            OptText(f.group_name),
            std::string_view(f.rule),
            std::string_view(f.severity),
            std::string_view(f.section),
            std::string_view(f.period),
            std::string_view(f.metric),
            std::string_view(f.message),
            OptText(f.resolved_at),
            OptText(f.resolution)};
  };
  return t;
}

}  // namespace tsuzuri
