// The page model: what every page source (a PDF's text layer, or OCR of an image) produces and
// every later stage reads. Plain values, no library types.
//
// Units: every Box is in PDF points (1/72 inch) with the origin at the top-left corner of the page
// as read (after the page's /Rotate, and turned upright when its text runs sideways or upside
// down), x to the right, y downwards. Images are converted at
// their resolution (pixels * 72 / dpi), so the text path and the OCR path give the same numbers.
//
// Thread safety: plain values; a const Page may be read from many threads.
#ifndef TSUZURI_CORE_PAGE_H_
#define TSUZURI_CORE_PAGE_H_

#include <string>
#include <vector>

namespace tsuzuri {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x0 <= x1, y0 <= y1

  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  bool Contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
  // The smallest box holding both.
  Box Union(const Box& o) const;
  bool operator==(const Box&) const = default;
};

enum class WritingMode { kHorizontal, kVertical };

// How a page's words were obtained.
enum class PageMethod { kText, kOcr };
// "text" or "ocr": the word the output contract and the database use.
const char* PageMethodName(PageMethod method);

// Whether a page's own text layer can be trusted (decided in extract/).
enum class TextLayer {
  kUsable,   // real text
  kEmpty,    // no text at all (a scan, or a page of drawings)
  kGarbage,  // text that is not real (a font without ToUnicode, private-use or control characters)
};
// "usable", "empty" or "garbage".
const char* TextLayerName(TextLayer layer);

// A run of text as the source gives it: for a PDF, a gap-free run on one line (often a phrase);
// for OCR, a recognized word. `glyphs` has one box per Unicode code point of `text` when the
// source knows them (it may be empty); they let a run that crosses a cell border be split.
struct Word {
  std::string text;  // UTF-8, as printed (not normalized)
  Box box;
  std::vector<Box> glyphs;
  double font_size = 0;     // points; 0 when unknown
  double confidence = 1.0;  // 0..1; 1.0 for a text layer
  WritingMode writing_mode = WritingMode::kHorizontal;
};

// One cell of a ruled table. Row and column index the table's grid of ruling lines; a merged
// cell spans several grid rows or columns.
struct Cell {
  int row = 0, col = 0;
  int row_span = 1, col_span = 1;
  Box box;
  std::vector<Word> words;  // the parts of the page's words whose glyph centres fall inside
  // Text in reading order: lines joined with '\n'; a space where the gap between glyphs is
  // wider than a third of the font size. As printed, not normalized.
  std::string raw_text;
  // raw_text after normalize/ (NFKC, layout spaces and in-cell line breaks removed). Empty until
  // NormalizePage runs.
  std::string text;
  double confidence = 1.0;  // lowest word confidence in the cell; 1.0 when empty
  // OCR only: the cell read a second time (other settings or scale), as printed and normalized.
  // Empty for a text layer. fields/ compares the values (number cells) or the names (label
  // cells) both readings give; a disagreement is a reason to review.
  std::string second_raw_text;
  std::string second_text;
  // OCR only, number cells: second_raw_text with one digit changed to another the recognizer
  // considered for it, one text per such digit (most confident first), as printed and
  // normalized. fields/ offers their values to validation where the two readings disagree.
  std::vector<std::string> alternative_raw_texts;
  std::vector<std::string> alternative_texts;
};

struct Table {
  Box box;
  int rows = 0, cols = 0;   // grid size
  std::vector<Cell> cells;  // row-major by (row, col) of their top-left grid slot
};

// A text line outside any table, in reading order.
struct Line {
  std::string raw_text;
  std::string text;  // normalized, filled by normalize/
  Box box;
};

struct Page {
  int number = 0;                // 1-based
  double width = 0, height = 0;  // points, as displayed
  // Clockwise turn (0, 90, 180, 270) from the page as stored to the page as read: its /Rotate, less
  // the turn tsuzuri made when the text ran sideways or upside down. Already applied to boxes.
  int rotation = 0;
  PageMethod method = PageMethod::kText;
  TextLayer text_layer = TextLayer::kUsable;
  std::string text_layer_reason;  // why the text layer is not usable; empty when it is
  std::vector<Word> words;        // in reading order (top to bottom, then left to right)
  std::vector<Table> tables;      // top to bottom
  std::vector<Line> lines;        // text outside tables, top to bottom
};

// A source document turned into pages.
struct Document {
  std::string file;    // the path as given
  std::string sha256;  // of the file's bytes, lower-case hex
  long long size = 0;  // bytes
  std::string kind;    // what the bytes are: "pdf", "png", "jpeg", "tiff"; empty when not known
  std::vector<Page> pages;
};

}  // namespace tsuzuri

#endif  // TSUZURI_CORE_PAGE_H_
