#include <iostream>

#include "app/commands.h"
#include "app/json_output.h"
#include "normalize/page_normalizer.h"

namespace tsuzuri {

int RunPages(const PagesCommand& cmd) {
  int exit_code = 0;
  PageJsonOptions json;
  json.words = cmd.words;
  json.glyphs = cmd.glyphs;
  json.indent = cmd.pretty ? 2 : -1;
  for (const std::string& file : cmd.files) {
    Result<Document> doc = ExtractFile(file, cmd.extract);
    if (!doc.ok()) {
      std::cerr << "tsuzuri: " << doc.status().message() << "\n";
      std::cout << ErrorJson(file, doc.status().message(), json.indent) << "\n";
      exit_code = 1;
      continue;
    }
    for (Page& p : doc->pages) NormalizePage(p);
    std::cout << PageModelJson(*doc, json) << "\n";
  }
  return exit_code;
}

}  // namespace tsuzuri
