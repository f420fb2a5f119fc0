#include "extract/layout.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

Word MakeWord(const std::string& text, double x0, double y0, double x1, double y1,
              double size = 10) {
  Word w;
  w.text = text;
  w.box = {x0, y0, x1, y1};
  w.font_size = size;
  return w;
}

Table OneRowTable() {
  Table t;
  t.rows = 1;
  t.cols = 2;
  t.box = {0, 0, 200, 40};
  Cell a;
  a.box = {0, 0, 100, 40};
  Cell b;
  b.col = 1;
  b.box = {100, 0, 200, 40};
  t.cells = {a, b};
  return t;
}

TEST(Layout, ReadingOrderIsLineThenLeftToRight) {
  std::vector<Word> words = {MakeWord("C", 10, 30, 20, 40), MakeWord("B", 40, 10, 50, 20),
                             MakeWord("A", 10, 11, 20, 21)};
  SortReadingOrder(words);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0].text, "A");
  EXPECT_EQ(words[1].text, "B");
  EXPECT_EQ(words[2].text, "C");
}

TEST(Layout, ALineBelowATooTallLineIsItsOwnLine) {
  // OCR of a two-line cell: Tesseract's first line box reaches down to the middle of the second
  // line (the words take their line's height). The second line's words start a line of their own.
  std::vector<Word> words = {MakeWord("合計回数:60", 456, 386.64, 506, 401.76),
                             MakeWord("回(うち往診:15回", 516, 386.64, 591, 401.76),
                             MakeWord("療:45", 456, 397.92, 480, 405.6),
                             MakeWord("回)", 486, 397.92, 498, 405.6)};
  SortReadingOrder(words);
  std::string order;
  for (const Word& w : words) order += w.text + "|";
  EXPECT_EQ(order, "合計回数:60|回(うち往診:15回|療:45|回)|");
  // A smaller word inside a line's extent stays on that line (a note in a smaller font).
  std::vector<Word> mixed = {MakeWord("B", 40, 14, 50, 20, 6), MakeWord("A", 10, 10, 30, 20)};
  SortReadingOrder(mixed);
  EXPECT_EQ(mixed[0].text, "A");
  EXPECT_EQ(mixed[1].text, "B");
}

TEST(Layout, RunCrossingACellBorderIsSplitByGlyphCentre) {
  Page page;
  page.tables = {OneRowTable()};
  // "4046" printed across the border at x=100: two glyphs each side.
  Word w = MakeWord("4046", 80, 10, 120, 20);
  page.words = {w};
  PlaceWords(page);
  EXPECT_EQ(page.tables[0].cells[0].raw_text, "40");
  EXPECT_EQ(page.tables[0].cells[1].raw_text, "46");
  EXPECT_TRUE(page.lines.empty());
}

TEST(Layout, CellTextKeepsLinesAndWideGaps) {
  Page page;
  page.tables = {OneRowTable()};
  page.words = {MakeWord("現", 5, 5, 15, 15), MakeWord("状", 40, 5, 50, 15),
                MakeWord("(前月から", 5, 20, 55, 30), MakeWord("過去)", 55, 20, 80, 30)};
  PlaceWords(page);
  EXPECT_EQ(page.tables[0].cells[0].raw_text, "現 状\n(前月から過去)");
}

TEST(Layout, TextOutsideTablesBecomesLines) {
  Page page;
  page.tables = {OneRowTable()};
  page.words = {MakeWord("別添1-2", 10, 100, 60, 110), MakeWord("title", 10, 60, 60, 70)};
  PlaceWords(page);
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].raw_text, "title");
  EXPECT_EQ(page.lines[1].raw_text, "別添1-2");
}

TEST(Layout, EmptyPageHasNoTextLayer) {
  std::string reason;
  EXPECT_EQ(JudgeTextLayer({}, &reason), TextLayer::kEmpty);
  EXPECT_FALSE(reason.empty());
}

TEST(Layout, PrivateUseCharactersMeanGarbage) {
  std::string reason;
  // U+E001 U+E002 U+E003: what a font without a Unicode map can give.
  std::vector<Word> words = {
      MakeWord("\xEE\x80\x81\xEE\x80\x82\xEE\x80\x83"
               "ab",
               0, 0, 10, 10)};
  EXPECT_EQ(JudgeTextLayer(words, &reason), TextLayer::kGarbage);
  EXPECT_NE(reason.find("3 of 5"), std::string::npos) << reason;
}

TEST(Layout, JapaneseTextIsUsable) {
  std::string reason = "stale";
  std::vector<Word> words = {MakeWord("みらい平クリニック 40 名", 0, 0, 10, 10)};
  EXPECT_EQ(JudgeTextLayer(words, &reason), TextLayer::kUsable);
  EXPECT_TRUE(reason.empty());
}

}  // namespace
}  // namespace tsuzuri
