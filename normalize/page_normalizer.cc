#include "normalize/page_normalizer.h"

#include "normalize/text.h"

namespace tsuzuri {

void NormalizePage(Page& page) {
  for (Table& table : page.tables) {
    for (Cell& cell : table.cells) {
      cell.text = NormalizeText(cell.raw_text);
      cell.second_text = NormalizeText(cell.second_raw_text);
      cell.alternative_texts.clear();
      for (const std::string& t : cell.alternative_raw_texts) {
        cell.alternative_texts.push_back(NormalizeText(t));
      }
    }
  }
  for (Line& line : page.lines) line.text = NormalizeText(line.raw_text);
}

}  // namespace tsuzuri
