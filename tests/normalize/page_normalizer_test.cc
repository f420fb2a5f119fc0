#include "normalize/page_normalizer.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

TEST(NormalizePage, FillsTextOfEveryCellAndLine) {
  Page page;
  Table table;
  Cell a;
  a.raw_text = "紹  介  数";
  Cell b;
  b.raw_text = "合計回数 : 291 回(うち往診 : 31 回、訪問診療 :\n260 回)";
  Cell c;
  c.raw_text = "－5 件";
  table.cells = {a, b, c};
  page.tables.push_back(table);
  Line line;
  line.raw_text = " 【地域で支え合う医療機関等の連携体制を構築するために必要な３つの取組】 ";
  page.lines.push_back(line);
  Word word;
  word.text = "紹 介 数";
  page.words.push_back(word);

  NormalizePage(page);

  const std::vector<Cell>& cells = page.tables[0].cells;
  EXPECT_EQ(cells[0].text, "紹介数");
  EXPECT_EQ(cells[1].text, "合計回数:291回(うち往診:31回、訪問診療:260回)");
  EXPECT_EQ(cells[2].text, "-5件");
  EXPECT_EQ(cells[0].raw_text, "紹  介  数") << "raw text is kept as printed";
  EXPECT_EQ(page.lines[0].text,
            "【地域で支え合う医療機関等の連携体制を構築するために必要な3つの取組】");
  EXPECT_EQ(page.words[0].text, "紹 介 数") << "words are not touched";
}

TEST(NormalizePage, ReplacesStaleTextAndHandlesEmptyPages) {
  Page empty;
  NormalizePage(empty);
  EXPECT_TRUE(empty.tables.empty());

  Page page;
  Line line;
  line.raw_text = "";
  line.text = "stale";
  page.lines.push_back(line);
  NormalizePage(page);
  EXPECT_EQ(page.lines[0].text, "");
}

}  // namespace
}  // namespace tsuzuri
