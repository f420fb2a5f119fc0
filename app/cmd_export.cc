#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/store_commands.h"
#include "store/database.h"
#include "store/export.h"

namespace tsuzuri {

int RunExport(const ExportCommand& cmd) {
  if (cmd.format != "csv") {
    std::cerr << "tsuzuri export: unknown format '" << cmd.format << "' (there is: csv)\n";
    return 2;
  }
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db, {.read_only = true});
  if (!db.ok()) {
    std::cerr << "tsuzuri: " << db.status().message() << "\n";
    return 1;
  }
  Result<std::vector<std::string>> tables = (*db)->TableNames();
  if (!tables.ok()) {
    std::cerr << "tsuzuri: " << tables.status().message() << "\n";
    return 1;
  }
  if (std::find(tables->begin(), tables->end(), cmd.table) == tables->end()) {
    std::string known;
    for (const std::string& t : *tables) known += (known.empty() ? "" : ", ") + t;
    std::cerr << "tsuzuri export: no table or view '" << cmd.table << "' (there are: " << known
              << ")\n";
    return 2;
  }
  const CsvOptions options{.bom = cmd.bom, .crlf = cmd.crlf};
  if (cmd.out.empty()) {
    Status s = WriteCsv(**db, cmd.table, std::cout, options);
    if (!s.ok()) {
      std::cerr << "tsuzuri: " << s.message() << "\n";
      return 1;
    }
    return 0;
  }
  // Written beside the target and renamed at the end, so a reader never sees half a file.
  const std::string tmp = cmd.out + ".part";
  Status s;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    s = out ? WriteCsv(**db, cmd.table, out, options)
            : Status::IOError(tmp + ": cannot create the file");
    if (s.ok()) {
      out.close();
      if (!out) s = Status::IOError(tmp + ": cannot write the file");
    }
  }
  std::error_code ec;
  if (s.ok()) {
    std::filesystem::rename(tmp, cmd.out, ec);
    if (ec) s = Status::IOError(cmd.out + ": cannot rename into place (" + ec.message() + ")");
  }
  if (!s.ok()) {
    std::filesystem::remove(tmp, ec);
    std::cerr << "tsuzuri: " << s.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tsuzuri
