// Layout: puts a page's words in reading order, places their glyphs into table cells by centre
// (a run that crosses a cell border is split), writes each cell's raw text, gathers the text
// outside tables into lines, and judges whether a text layer is real text. Used by both page
// sources. Thread safety: free functions over values.
#ifndef TSUZURI_EXTRACT_LAYOUT_H_
#define TSUZURI_EXTRACT_LAYOUT_H_

#include <string>
#include <vector>

#include "core/page.h"

namespace tsuzuri {

// Sorts words top to bottom by line, then left to right.
void SortReadingOrder(std::vector<Word>& words);

// Fills every cell's `words`, `raw_text` and `confidence`, and `page.lines`, from `page.words` and
// `page.tables`. Replaces what was there before.
void PlaceWords(Page& page);

// Joins words into text: lines top to bottom joined with '\n', words left to right, a space where
// the gap is wider than a third of the font size.
std::string JoinText(std::vector<Word> words);

// kEmpty when there is no text; kGarbage when more than a tenth of the characters are outside the
// scripts of a Japanese document (private-use, control, IPA, Indic, Thai, ...: what a font
// without a Unicode map gives), with `reason` set.
TextLayer JudgeTextLayer(const std::vector<Word>& words, std::string* reason);

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_LAYOUT_H_
