// The database subcommands of the tsuzuri CLI: ingest, status, search, export (the store/ stage;
// schema in docs/schema.md). Like the others (app/commands.h), each Run* function takes its parsed
// options, writes results to stdout and problems to stderr, and returns the exit status: 0 all
// went well, 1 some input failed (the rest was still processed) or the database failed, 2 usage
// error (including templates that cannot be loaded and an unknown table).
#ifndef TSUZURI_APP_STORE_COMMANDS_H_
#define TSUZURI_APP_STORE_COMMANDS_H_

#include <string>
#include <vector>

#include "extract/extract.h"

namespace tsuzuri {

// The database file used when --db is not given: in the current directory.
inline constexpr const char* kDefaultDatabase = "tsuzuri.db";

struct IngestCommand {
  std::vector<std::string> paths;  // files and folders (folders recursively)
  std::string db = kDefaultDatabase;
  bool force = false;         // re-extract documents already loaded, replacing their rows
  std::string templates_dir;  // empty: DefaultTemplateDir()
  ExtractOptions extract;
  // How progress is shown on stderr: "auto" (a bar on a terminal, else a line per file), "bar",
  // "lines" or "none" (failures are still reported).
  std::string progress = "auto";
};

// `tsuzuri ingest PATH...`: loads every PDF and image under PATH into the database, each content
// once, one transaction per document; prints a line per file (or a progress bar) on stderr and a
// summary line on stdout: "ingest: 12 loaded, 3 skipped, 1 failed, 4 findings (db: tsuzuri.db)".
// Exit 1 when some file failed.
int RunIngest(const IngestCommand& cmd);

struct StatusCommand {
  std::string db = kDefaultDatabase;
  int runs = 5;  // how many recent runs to list
};

// `tsuzuri status`: documents by form, year and status; open findings by rule; failed documents
// with their reasons; the latest runs.
int RunStatus(const StatusCommand& cmd);

struct SearchCommand {
  std::vector<std::string> words;  // every word must occur (substring match)
  std::string db = kDefaultDatabase;
  int limit = 50;
};

// `tsuzuri search WORD...`: a line per matching page or initiative: file, year, group, where, and
// the text around the first word.
int RunSearch(const SearchCommand& cmd);

struct ExportCommand {
  std::string db = kDefaultDatabase;
  // csv (UTF-8, LF), csv-excel (UTF-8 with BOM, CRLF), jsonl, xlsx, datapackage (docs/datasets.md).
  std::string format = "csv";
  // For csv, csv-excel and jsonl: a table of the dataset (values, group_years, findings,
  // documents, codebook), or any table or view of the database, written as stored (no filters).
  std::string table = "values";
  std::string out;  // empty: stdout (csv, jsonl); a file, or a folder for datapackage
  std::string encoding = "utf-8";  // or cp932 (csv, csv-excel, datapackage)
  std::vector<int> years;
  std::vector<std::string> forms, groups;
  std::string status = "all";  // all | ok
  std::string templates_dir;   // for the codebook; empty: DefaultTemplateDir()
  bool bom = false;            // a raw table as CSV: a UTF-8 byte order mark first
  bool crlf = false;           // a raw table as CSV: \r\n line ends
};

// `tsuzuri export`: the dataset (values, group_years, findings, documents, codebook) in one format,
// or one table or view of the database as CSV. Files are written whole or not at all.
int RunExport(const ExportCommand& cmd);

}  // namespace tsuzuri

#endif  // TSUZURI_APP_STORE_COMMANDS_H_
