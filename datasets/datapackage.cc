#include "datasets/datapackage.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace tsuzuri {
namespace {

using Json = nlohmann::ordered_json;

// The codes of `kind` (section, metric, period) as Table Schema categories: value and label, with
// the meaning of each form version in a description.
Json Categories(const Codebook& codebook, const std::string& kind) {
  Json out = Json::array();
  std::vector<std::string> names;
  for (const CodebookEntryRow& r : codebook.rows) {
    if (r.kind == kind && std::find(names.begin(), names.end(), r.name) == names.end()) {
      names.push_back(r.name);
    }
  }
  for (const std::string& name : names) {
    Json c = {{"value", name}, {"label", codebook.Label(kind, name)}};
    Json meanings = Json::object();
    for (const CodebookEntryRow& r : codebook.rows) {
      if (r.kind != kind || r.name != name) continue;
      meanings[r.template_id] = r.label + (r.meaning.empty() ? "" : ": " + r.meaning);
    }
    c["meaning"] = meanings;
    out.push_back(c);
  }
  return out;
}

Json Schema(const DataTable& table, const Codebook& codebook) {
  Json fields = Json::array();
  for (const Field& f : table.fields) {
    Json j = {{"name", f.name}, {"type", FieldTypeName(f.type)}, {"title", f.title}};
    if (!f.description.empty()) j["description"] = f.description;
    if (!f.unit.empty()) j["unit"] = f.unit;
    if (f.type == FieldType::kBoolean) {
      j["trueValues"] = {"1"};
      j["falseValues"] = {"0"};
    }
    if (table.name == "values" && (f.name == "section" || f.name == "metric" || f.name == "period")) {
      j["categories"] = Categories(codebook, f.name);
    }
    if (table.name == "values" && f.name == "empty_reason") {
      j["categories"] = Categories(codebook, "empty_reason");
    }
    fields.push_back(j);
  }
  return {{"fields", fields}, {"missingValues", {""}}};
}

}  // namespace

std::string DataPackageJson(const Dataset& d, const CsvFormat& format) {
  Json resources = Json::array();
  for (const DataTable& t : d.Tables()) {
    Json r = {{"name", t.name},
              {"path", t.name + ".csv"},
              {"title", t.title},
              {"description", t.description},
              {"format", "csv"},
              {"mediatype", "text/csv"},
              {"encoding", format.encoding == TextEncoding::kCp932 ? "cp932" : "utf-8"},
              {"dialect", {{"delimiter", ","}, {"lineTerminator", format.crlf ? "\r\n" : "\n"},
                           {"header", true}}},
              {"schema", Schema(t, d.codebook)}};
    resources.push_back(r);
  }
  Json package = {
      {"profile", "tabular-data-package"},
      {"name", "tsuzuri-export"},
      {"title", "tsuzuri export"},
      {"description",
       "Values read from report forms by tsuzuri, with status and source. Filters: " +
           d.info.filter + ". Values from " + d.info.values_view + "."},
      {"created", d.info.generated_at},
      {"tsuzuri", {{"version", d.info.tsuzuri_version},
                   {"database", d.info.database},
                   {"templates", d.info.templates},
                   {"filter", d.info.filter}}},
      {"resources", resources}};
  return package.dump(2) + "\n";
}

Status WriteDataPackage(const Dataset& d, const std::string& dir, const CsvFormat& format) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": cannot create the folder (" + ec.message() + ")");
  for (const DataTable& t : d.Tables()) {
    const std::string path = (std::filesystem::path(dir) / (t.name + ".csv")).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(path + ": cannot create the file");
    if (Status s = WriteTableCsv(t, out, format); !s.ok()) return s;
  }
  const std::string path = (std::filesystem::path(dir) / "datapackage.json").string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << DataPackageJson(d, format);
  out.close();
  if (!out) return Status::IOError(path + ": cannot write the file");
  return Status::Ok();
}

}  // namespace tsuzuri
