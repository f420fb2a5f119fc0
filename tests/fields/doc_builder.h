// Builds small in-memory documents for matcher tests: lines and fully ruled tables laid out on a
// page, the way extract/ would give them (raw text only; MakeRecord normalizes).
#ifndef TSUZURI_TESTS_FIELDS_DOC_BUILDER_H_
#define TSUZURI_TESTS_FIELDS_DOC_BUILDER_H_

#include <string>
#include <vector>

#include "core/page.h"

namespace tsuzuri::testing_util {

class DocBuilder {
 public:
  DocBuilder() { NewPage(); }

  DocBuilder& NewPage() {
    Page p;
    p.number = static_cast<int>(doc_.pages.size()) + 1;
    p.width = 842;
    p.height = 595;
    doc_.pages.push_back(p);
    y_ = 20;
    return *this;
  }

  DocBuilder& Line(const std::string& text) {
    tsuzuri::Line l;
    l.raw_text = text;
    l.box = {20, y_, 800, y_ + 12};
    doc_.pages.back().lines.push_back(l);
    y_ += 20;
    return *this;
  }

  // A table with one cell per string; columns 120 pt wide, rows 20 pt high.
  DocBuilder& Table(const std::vector<std::vector<std::string>>& rows) {
    tsuzuri::Table t;
    t.rows = static_cast<int>(rows.size());
    t.cols = 0;
    for (size_t r = 0; r < rows.size(); ++r) {
      t.cols = std::max<int>(t.cols, static_cast<int>(rows[r].size()));
      for (size_t c = 0; c < rows[r].size(); ++c) {
        Cell cell;
        cell.row = static_cast<int>(r);
        cell.col = static_cast<int>(c);
        cell.box = {20.0 + 120 * c, y_ + 20.0 * r, 140.0 + 120 * c, y_ + 20.0 * (r + 1)};
        cell.raw_text = rows[r][c];
        t.cells.push_back(cell);
      }
    }
    t.box = {20, y_, 20.0 + 120 * t.cols, y_ + 20.0 * t.rows};
    y_ += 20.0 * t.rows + 20;
    doc_.pages.back().tables.push_back(t);
    return *this;
  }

  // Makes cell (row, col) of the last table an OCR reading: a second reading and a confidence.
  DocBuilder& Ocr(int row, int col, const std::string& second, double confidence = 0.9) {
    for (Cell& c : doc_.pages.back().tables.back().cells) {
      if (c.row == row && c.col == col) {
        c.second_raw_text = second;
        c.confidence = confidence;
      }
    }
    doc_.pages.back().method = PageMethod::kOcr;
    return *this;
  }

  // Gives cell (row, col) of the last table the alternative texts of its second reading (the
  // second reading with one digit changed to another the recognizer considered).
  DocBuilder& Alternatives(int row, int col, const std::vector<std::string>& texts) {
    for (Cell& c : doc_.pages.back().tables.back().cells) {
      if (c.row == row && c.col == col) c.alternative_raw_texts = texts;
    }
    return *this;
  }

  Document Build() const { return doc_; }

 private:
  Document doc_;
  double y_ = 20;
};

}  // namespace tsuzuri::testing_util

#endif  // TSUZURI_TESTS_FIELDS_DOC_BUILDER_H_
