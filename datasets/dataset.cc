#include "datasets/dataset.h"

#include <chrono>
#include <ctime>
#include <filesystem>

namespace tsuzuri {
namespace {

constexpr const char* kTsuzuriVersion = "0.1.0";

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Whether `message` starts by naming a row ("北原医院: ...") other than `row`.
bool NamesAnotherRow(const std::string& message, const std::string& row) {
  const size_t colon = message.find(": ");
  if (colon == std::string::npos || colon == 0) return false;
  const std::string named = message.substr(0, colon);
  if (named.find(' ') != std::string::npos) return false;  // a sentence, not a row name
  return named != row;
}

}  // namespace

std::string Dataset::ReviewNote(size_t i) const {
  const ValueRow& v = values[i];
  if (v.status == "ok") return "";
  std::string note;
  auto it = findings_of_.find(v.document_id);
  if (it != findings_of_.end()) {
    const std::string row = v.institution.value_or("");
    for (size_t f : it->second) {
      const FindingRow& finding = findings[f];
      if (finding.section != v.section) continue;
      if (finding.period != v.period && finding.metric != v.metric) continue;
      if (!row.empty() && NamesAnotherRow(finding.message, row)) continue;
      note += (note.empty() ? "" : "\n") + finding.rule + ": " + finding.message;
    }
  }
  if (note.empty()) {
    note = v.value ? "review: no stored finding names this value (see the document's findings)"
                   : "review: no value (" + v.empty_reason.value_or("blank") + ")";
  }
  return note;
}

std::vector<DataTable> Dataset::Tables() const {
  return {ValuesTable(values), GroupYearsTable(group_years, codebook), FindingsTable(findings),
          DocumentsTable(documents), CodebookTable(codebook)};
}

Result<Dataset> LoadDataset(Database& db, const std::string& database_name,
                            const TemplateSet& templates, const ExportFilter& filter) {
  Dataset d;
  ValuesSource source;
  Result<std::vector<ValueRow>> values = ReadValues(db, filter, &source);
  if (!values.ok()) return values.status();
  d.values = std::move(values).value();
  Result<std::vector<DocumentRow>> documents = ReadDocuments(db, filter);
  if (!documents.ok()) return documents.status();
  d.documents = std::move(documents).value();
  Result<std::vector<FindingRow>> findings = ReadFindings(db, d.documents);
  if (!findings.ok()) return findings.status();
  d.findings = std::move(findings).value();
  for (size_t i = 0; i < d.findings.size(); ++i) d.findings_of_[d.findings[i].document_id].push_back(i);
  d.group_years = MakeGroupYears(d.documents, d.values);

  // The codebook describes every table's fields; group_years' fields are titled from the codes,
  // so the codes come first.
  const Codebook codes = MakeCodebook({}, templates);
  const DataTable values_table = ValuesTable(d.values);
  const DataTable group_table = GroupYearsTable(d.group_years, codes);
  const DataTable findings_table = FindingsTable(d.findings);
  const DataTable documents_table = DocumentsTable(d.documents);
  const Codebook empty;
  const DataTable codebook_table = CodebookTable(empty);
  d.codebook = MakeCodebook(
      {&values_table, &group_table, &findings_table, &documents_table, &codebook_table},
      templates);

  d.info.generated_at = NowUtc();
  d.info.tsuzuri_version = kTsuzuriVersion;
  d.info.database = database_name;
  d.info.values_view = source.view;
  for (const Template& t : templates.templates) {
    d.info.templates.push_back(t.id + " (version " + std::to_string(t.version) + ", " +
                               std::filesystem::path(t.origin).filename().string() + ")");
  }
  d.info.filter = filter.Describe();
  return d;
}

}  // namespace tsuzuri
