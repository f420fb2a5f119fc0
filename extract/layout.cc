#include "extract/layout.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/utf8.h"

namespace tsuzuri {
namespace {

// Groups words into lines: a word joins the current line when its vertical centre lies within the
// line's extent, unless it sticks out of the line without reaching the line's middle (the next
// line, when OCR found the line above too tall: Tesseract's line boxes of a two-line cell can
// overlap by half a line). Lines come top to bottom, words in a line left to right.
std::vector<std::vector<Word>> GroupLines(std::vector<Word> words) {
  std::sort(words.begin(), words.end(),
            [](const Word& a, const Word& b) { return a.box.cy() < b.box.cy(); });
  std::vector<std::vector<Word>> lines;
  double line_y0 = 0, line_y1 = 0;
  for (Word& w : words) {
    const double cy = w.box.cy();
    const double line_cy = (line_y0 + line_y1) / 2;
    const bool sticks_out = w.box.y1 > line_y1 || w.box.y0 < line_y0;
    const bool reaches_middle = w.box.y0 <= line_cy && w.box.y1 >= line_cy;
    if (lines.empty() || cy > line_y1 || cy < line_y0 || (sticks_out && !reaches_middle)) {
      lines.emplace_back();
      line_y0 = w.box.y0;
      line_y1 = w.box.y1;
    }
    // A line keeps its first word's extent, so a tall word does not swallow the next line.
    lines.back().push_back(std::move(w));
  }
  for (auto& line : lines) {
    std::sort(line.begin(), line.end(),
              [](const Word& a, const Word& b) { return a.box.x0 < b.box.x0; });
  }
  return lines;
}

// Characters a Japanese document's text layer is made of: ASCII and Latin-1, Latin Extended-A/B,
// Greek and Cyrillic (both in JIS X 0208), general punctuation and symbols, CJK symbols, kana,
// CJK ideographs and radicals, compatibility and full-width forms. A font without a Unicode map
// gives code points from everywhere else (IPA, Indic, Thai, combining marks, bidi controls,
// private use, unassigned).
bool IsExpected(char32_t c) {
  if (c == '\n' || c == '\t' || c == '\r') return true;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return false;
  return c < 0x250 || (c >= 0x370 && c <= 0x3FF) || (c >= 0x400 && c <= 0x45F) ||
         (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) ||
         (c >= 0x2100 && c <= 0x27FF) || (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x20000 && c <= 0x3134F);
}

// The glyph boxes of `w`, one per code point: the source's, or the word box cut evenly.
std::vector<Box> GlyphBoxes(const Word& w, size_t count) {
  if (w.glyphs.size() == count) return w.glyphs;
  std::vector<Box> out;
  out.reserve(count);
  const bool vertical = w.writing_mode == WritingMode::kVertical;
  for (size_t i = 0; i < count; ++i) {
    Box b = w.box;
    if (vertical) {
      const double step = w.box.height() / count;
      b.y0 = w.box.y0 + step * i;
      b.y1 = b.y0 + step;
    } else {
      const double step = w.box.width() / count;
      b.x0 = w.box.x0 + step * i;
      b.x1 = b.x0 + step;
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace

void SortReadingOrder(std::vector<Word>& words) {
  std::vector<Word> out;
  out.reserve(words.size());
  for (auto& line : GroupLines(std::move(words))) {
    for (auto& w : line) out.push_back(std::move(w));
  }
  words = std::move(out);
}

std::string JoinText(std::vector<Word> words) {
  std::string text;
  bool first_line = true;
  for (const auto& line : GroupLines(std::move(words))) {
    if (!first_line) text += '\n';
    first_line = false;
    const Word* prev = nullptr;
    for (const Word& w : line) {
      if (prev) {
        const double size = std::max({prev->font_size, w.font_size, 1.0});
        if (w.box.x0 - prev->box.x1 > size / 3) text += ' ';
      }
      text += w.text;
      prev = &w;
    }
  }
  return text;
}

void PlaceWords(Page& page) {
  std::vector<Word> outside;
  for (Table& t : page.tables) {
    for (Cell& c : t.cells) {
      c.words.clear();
      c.raw_text.clear();
      c.confidence = 1.0;
    }
  }
  // Target of a glyph centre: (table, cell) or (-1, -1) for outside every table.
  auto locate = [&page](double x, double y) -> std::pair<int, int> {
    for (int ti = 0; ti < static_cast<int>(page.tables.size()); ++ti) {
      const Table& t = page.tables[ti];
      if (!t.box.Contains(x, y)) continue;
      for (int ci = 0; ci < static_cast<int>(t.cells.size()); ++ci) {
        if (t.cells[ci].box.Contains(x, y)) return {ti, ci};
      }
    }
    return {-1, -1};
  };
  for (const Word& w : page.words) {
    const std::u32string cps = utf8::Decode(w.text);
    if (cps.empty()) continue;
    const std::vector<Box> boxes = GlyphBoxes(w, cps.size());
    size_t start = 0;
    std::pair<int, int> target = locate(boxes[0].cx(), boxes[0].cy());
    auto flush = [&](size_t end) {
      Word piece;
      piece.text = utf8::Encode(std::u32string_view(cps).substr(start, end - start));
      piece.box = boxes[start];
      for (size_t i = start; i < end; ++i) {
        piece.box = piece.box.Union(boxes[i]);
        piece.glyphs.push_back(boxes[i]);
      }
      piece.font_size = w.font_size;
      piece.confidence = w.confidence;
      piece.writing_mode = w.writing_mode;
      if (target.first < 0) {
        outside.push_back(std::move(piece));
      } else {
        page.tables[target.first].cells[target.second].words.push_back(std::move(piece));
      }
    };
    for (size_t i = 1; i < cps.size(); ++i) {
      auto here = locate(boxes[i].cx(), boxes[i].cy());
      if (here != target) {
        flush(i);
        start = i;
        target = here;
      }
    }
    flush(cps.size());
  }
  for (Table& t : page.tables) {
    for (Cell& c : t.cells) {
      for (const Word& w : c.words) c.confidence = std::min(c.confidence, w.confidence);
      c.raw_text = JoinText(c.words);
    }
  }
  page.lines.clear();
  for (auto& line : GroupLines(std::move(outside))) {
    Line l;
    l.box = line.front().box;
    for (const Word& w : line) l.box = l.box.Union(w.box);
    l.raw_text = JoinText(std::move(line));
    page.lines.push_back(std::move(l));
  }
}

TextLayer JudgeTextLayer(const std::vector<Word>& words, std::string* reason) {
  size_t total = 0, bad = 0;
  for (const Word& w : words) {
    for (char32_t c : utf8::Decode(w.text)) {
      if (c == ' ' || c == 0x3000) continue;
      ++total;
      if (!IsExpected(c)) ++bad;
    }
  }
  if (total == 0) {
    if (reason) *reason = "no text layer";
    return TextLayer::kEmpty;
  }
  if (bad * 10 > total) {
    if (reason) {
      *reason = std::to_string(bad) + " of " + std::to_string(total) +
                " characters are not of a Japanese text (private-use, control or foreign-script "
                "code points: a font without a Unicode map?)";
    }
    return TextLayer::kGarbage;
  }
  if (reason) reason->clear();
  return TextLayer::kUsable;
}

}  // namespace tsuzuri
