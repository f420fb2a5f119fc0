// The tsuzuri CLI's subcommands. Each Run* function takes its parsed options, writes its output to
// stdout and one-line errors to stderr, and returns the process exit status:
// 0 all went well, 1 some input failed (the rest was still processed), 2 usage error.
#ifndef TSUZURI_APP_COMMANDS_H_
#define TSUZURI_APP_COMMANDS_H_

#include <string>
#include <vector>

#include "extract/extract.h"

namespace tsuzuri {

struct PagesCommand {
  std::vector<std::string> files;
  ExtractOptions extract;
  bool words = true;
  bool glyphs = false;
  bool pretty = false;
};

// `tsuzuri pages FILE...`: the page model of each file as JSON, one object per line (or
// pretty-printed); a file that fails prints {"source": {"file": ...}, "error": ...}.
int RunPages(const PagesCommand& cmd);

struct ExtractCommand {
  std::vector<std::string> files;
  ExtractOptions extract;
  std::string templates_dir;  // empty: DefaultTemplateDir()
  bool json = false;
  bool pretty = false;
};

// `tsuzuri extract FILE...`: the record of each file. With json, one JSON object per line in the
// output contract (docs/output.md); a file that fails gives {"source": ..., "error": ...} on its
// line. Without, a short human summary per file. Exit 1 if any file failed, 2 if the templates
// cannot be loaded.
int RunExtract(const ExtractCommand& cmd);

}  // namespace tsuzuri

#endif  // TSUZURI_APP_COMMANDS_H_
