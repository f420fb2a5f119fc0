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
  std::string table = "measures";  // a table or view of the schema
  std::string format = "csv";      // only csv for now
  std::string out;                 // empty: stdout; else written to a temporary file, then renamed
  bool bom = false;                // a UTF-8 byte order mark first (for Excel)
  bool crlf = false;               // \r\n line ends
};

// `tsuzuri export`: one table or view as CSV.
int RunExport(const ExportCommand& cmd);

}  // namespace tsuzuri

#endif  // TSUZURI_APP_STORE_COMMANDS_H_
