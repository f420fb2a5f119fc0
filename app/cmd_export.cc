#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "app/store_commands.h"
#include "datasets/csv_writer.h"
#include "datasets/datapackage.h"
#include "datasets/dataset.h"
#include "datasets/jsonl_writer.h"
#include "datasets/xlsx_writer.h"
#include "fields/template.h"
#include "store/database.h"
#include "store/export.h"

namespace tsuzuri {
namespace {

const std::vector<std::string> kDatasetTables = {"values", "group_years", "findings", "documents",
                                                 "codebook"};

int Fail(const Status& s) {
  std::cerr << "tsuzuri: " << s.message() << "\n";
  return 1;
}

int Usage(const std::string& message) {
  std::cerr << "tsuzuri export: " << message << "\n";
  return 2;
}

// Writes `path` through `write(temporary path)` and renames it into place, so a reader never sees
// half a file (or folder). A folder replaces only a folder holding a datapackage.json.
Status WriteInPlace(const std::string& path, bool folder,
                    const std::function<Status(const std::string&)>& write) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".part";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  Status s = write(tmp);
  if (s.ok() && folder && fs::exists(path)) {
    if (!fs::is_directory(path) || !fs::exists(fs::path(path) / "datapackage.json")) {
      s = Status::InvalidArgument(path + " exists and is not a data package folder: not replaced");
    } else {
      fs::remove_all(path, ec);
      if (ec) s = Status::IOError(path + ": cannot replace (" + ec.message() + ")");
    }
  }
  if (s.ok()) {
    fs::rename(tmp, path, ec);
    if (ec) s = Status::IOError(path + ": cannot rename into place (" + ec.message() + ")");
  }
  if (!s.ok()) fs::remove_all(tmp, ec);
  return s;
}

// A stream to `path` (or stdout when empty) for `write`.
Status WriteStream(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  if (path.empty()) return write(std::cout);
  return WriteInPlace(path, false, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(tmp + ": cannot create the file");
    Status s = write(out);
    if (!s.ok()) return s;
    out.close();
    if (!out) return Status::IOError(tmp + ": cannot write the file");
    return Status::Ok();
  });
}

// `--table` names a table or view of the database: written as stored, as CSV.
int ExportRawTable(const ExportCommand& cmd, Database& db) {
  if (cmd.format != "csv" && cmd.format != "csv-excel") {
    return Usage("--format " + cmd.format + " writes the dataset; a database table '" + cmd.table +
                 "' is written as csv or csv-excel only");
  }
  if (cmd.encoding != "utf-8") return Usage("a database table is written in UTF-8 only");
  if (!cmd.years.empty() || !cmd.forms.empty() || !cmd.groups.empty() || cmd.status != "all") {
    return Usage("filters (--year, --form, --group, --status) apply to the dataset's tables (" +
                 std::string("values, group_years, findings, documents), not to '") + cmd.table +
                 "'");
  }
  const bool excel = cmd.format == "csv-excel";
  const CsvOptions options{.bom = cmd.bom || excel, .crlf = cmd.crlf || excel};
  Status s = WriteStream(cmd.out, [&](std::ostream& out) {
    return WriteCsv(db, cmd.table, out, options);
  });
  return s.ok() ? 0 : Fail(s);
}

}  // namespace

int RunExport(const ExportCommand& cmd) {
  static const std::vector<std::string> kFormats = {"csv", "csv-excel", "jsonl", "xlsx",
                                                    "datapackage"};
  if (std::find(kFormats.begin(), kFormats.end(), cmd.format) == kFormats.end()) {
    return Usage("unknown format '" + cmd.format +
                 "' (there are: csv, csv-excel, jsonl, xlsx, datapackage)");
  }
  if (cmd.encoding != "utf-8" && cmd.encoding != "cp932") {
    return Usage("unknown encoding '" + cmd.encoding + "' (there are: utf-8, cp932)");
  }
  if (cmd.encoding == "cp932" && (cmd.format == "jsonl" || cmd.format == "xlsx")) {
    return Usage("--encoding cp932 is for csv, csv-excel and datapackage (" + cmd.format +
                 " is always UTF-8)");
  }
  if ((cmd.format == "xlsx" || cmd.format == "datapackage") && cmd.out.empty()) {
    return Usage("--format " + cmd.format + " needs --out " +
                 (cmd.format == "xlsx" ? "FILE.xlsx" : "FOLDER"));
  }
  if (cmd.status != "all" && cmd.status != "ok") {
    return Usage("--status is ok or all, not '" + cmd.status + "'");
  }
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db, {.read_only = true});
  if (!db.ok()) return Fail(db.status());

  const bool dataset_table =
      std::find(kDatasetTables.begin(), kDatasetTables.end(), cmd.table) != kDatasetTables.end();
  if (!dataset_table) {
    Result<std::vector<std::string>> tables = (*db)->TableNames();
    if (!tables.ok()) return Fail(tables.status());
    if (std::find(tables->begin(), tables->end(), cmd.table) == tables->end()) {
      std::string known;
      for (const std::string& t : kDatasetTables) known += (known.empty() ? "" : ", ") + t;
      for (const std::string& t : *tables) known += ", " + t;
      return Usage("no table '" + cmd.table + "' (there are: " + known + ")");
    }
    return ExportRawTable(cmd, **db);
  }

  const std::string templates_dir =
      cmd.templates_dir.empty() ? DefaultTemplateDir() : cmd.templates_dir;
  Result<TemplateSet> templates = LoadTemplates(templates_dir);
  if (!templates.ok()) {
    std::cerr << "tsuzuri: cannot load the templates for the codebook: "
              << templates.status().message() << "\n";
    return 2;
  }
  ExportFilter filter;
  filter.years = cmd.years;
  filter.forms = cmd.forms;
  filter.groups = cmd.groups;
  filter.ok_only = cmd.status == "ok";
  Result<Dataset> dataset = LoadDataset(**db, cmd.db, *templates, filter);
  if (!dataset.ok()) return Fail(dataset.status());

  const TextEncoding encoding =
      cmd.encoding == "cp932" ? TextEncoding::kCp932 : TextEncoding::kUtf8;
  const CsvFormat csv = cmd.format == "csv-excel" ? CsvFormat::Excel(encoding)
                                                   : CsvFormat::Plain(encoding);
  Status s;
  if (cmd.format == "xlsx") {
    s = WriteInPlace(cmd.out, false,
                     [&](const std::string& tmp) { return WriteXlsx(*dataset, tmp); });
  } else if (cmd.format == "datapackage") {
    s = WriteInPlace(cmd.out, true,
                     [&](const std::string& tmp) { return WriteDataPackage(*dataset, tmp, csv); });
  } else {
    const std::vector<DataTable> tables = dataset->Tables();
    const DataTable& table = tables[std::find(kDatasetTables.begin(), kDatasetTables.end(), cmd.table) -
                                kDatasetTables.begin()];
    s = WriteStream(cmd.out, [&](std::ostream& out) {
      return cmd.format == "jsonl" ? WriteTableJsonl(table, out) : WriteTableCsv(table, out, csv);
    });
  }
  if (!s.ok()) return Fail(s);
  if (!cmd.out.empty()) {
    std::cerr << "export: " << dataset->values.size() << " values of " << dataset->documents.size()
              << " documents to " << cmd.out << " (" << cmd.format << ")\n";
  }
  return 0;
}

}  // namespace tsuzuri
