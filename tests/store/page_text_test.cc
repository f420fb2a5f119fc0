#include "store/page_text.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

Cell MakeCell(int row, int col, std::string raw, std::string text = "") {
  Cell c;
  c.row = row;
  c.col = col;
  c.raw_text = std::move(raw);
  c.text = std::move(text);
  return c;
}

TEST(PageText, MergesLinesAndTablesTopToBottom) {
  Page page;
  Line title{"タイトル", "", {10, 10, 200, 20}};
  Line note{"※ 注記", "※注記", {10, 500, 200, 510}};
  page.lines = {note, title};  // out of order on purpose
  Table table;
  table.box = {10, 100, 300, 200};
  table.cells = {MakeCell(1, 1, "１２", "12"), MakeCell(1, 0, "A 病院", "A病院"),
                 MakeCell(0, 0, "名 称", "名称"), MakeCell(0, 1, "人\n数", "")};
  page.tables = {table};
  EXPECT_EQ(PageText(page), "タイトル\n名称\t人 数\nA病院\t12\n※注記")
      << "normalized text where there is some, raw text (line breaks as spaces) elsewhere";
}

TEST(PageText, FallsBackToWordsAndIsEmptyForAnEmptyPage) {
  Page page;
  EXPECT_EQ(PageText(page), "");
  Word a, b;
  a.text = "OCR";
  b.text = "語";
  page.words = {a, b};
  EXPECT_EQ(PageText(page), "OCR 語");
}

}  // namespace
}  // namespace tsuzuri
