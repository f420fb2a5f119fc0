// `tsuzuri review`: the review page (a local web server, review/server.h) and its CLI twin for
// scripts (list, show, set, confirm, as-printed, unreadable). Both write through review/settle.h.
// Run* functions take the parsed options, print results on stdout and problems on stderr (one line
// naming the item and the reason), and return the exit status: 0 done, 1 the database failed or a
// save was refused as stale, 2 usage error (an unknown item, a value or note missing).
#ifndef TSUZURI_APP_REVIEW_COMMAND_H_
#define TSUZURI_APP_REVIEW_COMMAND_H_

#include <optional>
#include <string>

#include "app/store_commands.h"

namespace tsuzuri {

struct ReviewCommand {
  std::string db = kDefaultDatabase;
  std::string templates_dir;  // empty: DefaultTemplateDir()
  std::string user;           // empty: the OS user
  // The server (no action given).
  std::string listen = "127.0.0.1";
  int port = 8765;  // 0: any free port
  // The CLI twin: "list", "show", "set", "confirm", "as-printed", "unreadable"; empty: serve.
  std::string action;
  std::string id;
  bool json = false;
  std::optional<long long> value;
  std::string note;
  std::optional<long long> expect_version;  // refuse the save when the value changed since
  // list filters
  std::string form, group, section, rule;
  std::optional<int> year;
  std::optional<long long> document;
};

int RunReview(const ReviewCommand& cmd);

}  // namespace tsuzuri

#endif  // TSUZURI_APP_REVIEW_COMMAND_H_
