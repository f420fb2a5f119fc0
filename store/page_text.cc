#include "store/page_text.h"

#include <algorithm>
#include <map>
#include <vector>

namespace tsuzuri {
namespace {

const std::string& Best(const std::string& normalized, const std::string& raw) {
  return normalized.empty() ? raw : normalized;
}

struct Block {
  double y = 0, x = 0;
  std::string text;
};

std::string TableText(const Table& table) {
  std::map<int, std::vector<const Cell*>> rows;
  for (const Cell& cell : table.cells) rows[cell.row].push_back(&cell);
  std::string out;
  for (auto& [row, cells] : rows) {
    std::stable_sort(cells.begin(), cells.end(),
                     [](const Cell* a, const Cell* b) { return a->col < b->col; });
    std::string line;
    for (const Cell* cell : cells) {
      if (!line.empty()) line += '\t';
      std::string text = Best(cell->text, cell->raw_text);
      std::replace(text.begin(), text.end(), '\n', ' ');
      line += text;
    }
    if (line.find_first_not_of('\t') == std::string::npos) continue;  // an empty row
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

}  // namespace

std::string PageText(const Page& page) {
  std::vector<Block> blocks;
  for (const Line& line : page.lines) {
    const std::string& text = Best(line.text, line.raw_text);
    if (!text.empty()) blocks.push_back({line.box.y0, line.box.x0, text});
  }
  for (const Table& table : page.tables) {
    std::string text = TableText(table);
    if (!text.empty()) blocks.push_back({table.box.y0, table.box.x0, std::move(text)});
  }
  std::string out;
  if (blocks.empty()) {
    for (const Word& word : page.words) {
      if (word.text.empty()) continue;
      if (!out.empty()) out += ' ';
      out += word.text;
    }
    return out;
  }
  std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) {
    return a.y != b.y ? a.y < b.y : a.x < b.x;
  });
  for (const Block& block : blocks) {
    if (!out.empty()) out += '\n';
    out += block.text;
  }
  return out;
}

}  // namespace tsuzuri
