#include <algorithm>
#include <iostream>

#include "app/store_commands.h"
#include "core/utf8.h"
#include "store/database.h"

namespace tsuzuri {
namespace {

// Up to `context` characters either side of the first of `words` found in `text`, on one line.
std::string Snippet(const std::string& text, const std::vector<std::string>& words,
                    size_t context = 24) {
  std::u32string cps = utf8::Decode(text);
  for (char32_t& c : cps) {
    if (c == U'\n' || c == U'\t' || c == U'\r') c = U' ';
  }
  size_t at = std::u32string::npos, length = 0;
  for (const std::string& w : words) {
    const std::u32string needle = utf8::Decode(w);
    const size_t pos = cps.find(needle);
    if (pos != std::u32string::npos && (at == std::u32string::npos || pos < at)) {
      at = pos;
      length = needle.size();
    }
  }
  if (at == std::u32string::npos) at = 0;  // matched without regard to case: show the start
  const size_t begin = at > context ? at - context : 0;
  const size_t end = std::min(cps.size(), at + length + context);
  return (begin > 0 ? "…" : "") + utf8::Encode(cps.substr(begin, end - begin)) +
         (end < cps.size() ? "…" : "");
}

}  // namespace

int RunSearch(const SearchCommand& cmd) {
  if (cmd.words.empty()) {
    std::cerr << "tsuzuri search: give at least one word\n";
    return 2;
  }
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db, {.read_only = true});
  if (!db.ok()) {
    std::cerr << "tsuzuri: " << db.status().message() << "\n";
    return 1;
  }
  Result<std::vector<SearchHit>> hits = (*db)->Search(cmd.words, cmd.limit);
  if (!hits.ok()) {
    std::cerr << "tsuzuri: " << hits.status().message() << "\n";
    return hits.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
  for (const SearchHit& h : *hits) {
    std::cout << h.file_name << "  " << (h.fiscal_year ? std::to_string(*h.fiscal_year) : "-")
              << "  " << h.group_name.value_or("-") << "  ";
    if (h.where == "initiative") {
      std::cout << "initiative " << h.initiative << " (p." << h.page << ")";
    } else {
      std::cout << "p." << h.page;
    }
    std::cout << "  " << Snippet(h.text, cmd.words) << "\n";
  }
  std::cerr << hits->size() << (hits->size() == 1 ? " match" : " matches")
            << (static_cast<int>(hits->size()) == cmd.limit ? " (limit reached: --limit)" : "")
            << "\n";
  return 0;
}

}  // namespace tsuzuri
