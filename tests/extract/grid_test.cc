#include "extract/grid.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

// A fully ruled grid with lines at the given positions.
void Ruled(const std::vector<double>& ys, const std::vector<double>& xs, std::vector<Segment>* h,
           std::vector<Segment>* v) {
  for (double y : ys) h->push_back({y, xs.front(), xs.back()});
  for (double x : xs) v->push_back({x, ys.front(), ys.back()});
}

TEST(Grid, FullyRuledTableGivesEveryCell) {
  std::vector<Segment> h, v;
  Ruled({100, 120, 140}, {50, 150, 250, 350}, &h, &v);
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  EXPECT_EQ(t.rows, 2);
  EXPECT_EQ(t.cols, 3);
  ASSERT_EQ(t.cells.size(), 6u);
  EXPECT_EQ(t.cells[4].row, 1);
  EXPECT_EQ(t.cells[4].col, 1);
  EXPECT_EQ(t.cells[4].box, (Box{150, 120, 250, 140}));
}

TEST(Grid, MissingBorderMakesARowSpan) {
  // Column 0 has no horizontal line at y=120: one cell spanning both rows.
  std::vector<Segment> h = {{100, 50, 350}, {120, 150, 350}, {140, 50, 350}};
  std::vector<Segment> v = {{50, 100, 140}, {150, 100, 140}, {250, 100, 140}, {350, 100, 140}};
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = tables[0];
  ASSERT_EQ(t.cells.size(), 5u);
  EXPECT_EQ(t.cells[0].row_span, 2) << "the label cell spans both rows";
  EXPECT_EQ(t.cells[0].col_span, 1);
  EXPECT_EQ(t.cells[0].box, (Box{50, 100, 150, 140}));
}

TEST(Grid, MissingBorderMakesAColumnSpan) {
  std::vector<Segment> h = {{100, 50, 350}, {120, 50, 350}, {140, 50, 350}};
  // The vertical at x=150 only runs through the second row.
  std::vector<Segment> v = {{50, 100, 140}, {150, 120, 140}, {350, 100, 140}};
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_EQ(tables[0].cells.size(), 3u);
  EXPECT_EQ(tables[0].cells[0].col_span, 2);
  EXPECT_EQ(tables[0].cells[1].row, 1);
  EXPECT_EQ(tables[0].cells[2].col, 1);
}

TEST(Grid, StrayStrokesAreNotRulings) {
  std::vector<Segment> h, v;
  Ruled({100, 120}, {50, 150, 250}, &h, &v);
  // A glyph stroke inside the first cell, short of both borders by more than `reach`.
  v.push_back({90, 104, 116});
  // An underline outside any table.
  h.push_back({300, 60, 200});
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].cols, 2) << "the stroke must not split the cell";
}

TEST(Grid, NearbyLinePositionsSnapTogether) {
  // A 1 pt thick border seen as two close segments, and slightly uneven positions.
  std::vector<Segment> h = {{100, 50, 250}, {100.8, 50, 250}, {120.5, 50, 250}};
  std::vector<Segment> v = {{50, 100, 121}, {149.4, 100, 121}, {250.6, 100, 121}};
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].rows, 1);
  EXPECT_EQ(tables[0].cols, 2);
}

TEST(Grid, SeparateTablesComeTopToBottom) {
  std::vector<Segment> h, v;
  Ruled({400, 420}, {50, 150}, &h, &v);
  Ruled({100, 120, 140}, {50, 150}, &h, &v);
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].rows, 2);
  EXPECT_DOUBLE_EQ(tables[0].box.y0, 100);
  EXPECT_DOUBLE_EQ(tables[1].box.y0, 400);
}

TEST(Grid, ABorderDrawnInPiecesIsOneLine) {
  // The left border of a cell spanning three rows, drawn as one piece per row: no piece touches
  // two crossing lines, the whole does.
  std::vector<Segment> h = {{100, 50, 250}, {120, 150, 250}, {140, 150, 250}, {160, 50, 250}};
  std::vector<Segment> v = {
      {50, 100, 120}, {50, 120, 140}, {50, 140, 160}, {150, 100, 160}, {250, 100, 160}};
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].cols, 2);
  EXPECT_EQ(tables[0].cells[0].row_span, 3);
  EXPECT_DOUBLE_EQ(tables[0].box.x0, 50);
}

TEST(Grid, APieceFurtherAlongAndStartingEarlierJoinsTheLine) {
  // A deskewed scan: the left border of the lower table is found at x = 50.0, the upper one's at
  // x = 50.2. Sorted by position, the upper piece comes second although it starts first; it must
  // still make its own table's left border, not vanish into the lower piece.
  std::vector<Segment> h, v;
  Ruled({100, 120, 140}, {50.2, 150, 250}, &h, &v);
  Ruled({200, 220}, {50, 150, 250}, &h, &v);
  std::vector<Table> tables = BuildTables(h, v);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].cols, 2) << "the upper table keeps its first column";
  EXPECT_NEAR(tables[0].box.x0, 50.2, 0.01);
  EXPECT_EQ(tables[1].cols, 2);
}

TEST(Grid, TinyBoxIsNotATable) {
  // A 4 x 9 pt box drawn around a glyph.
  std::vector<Segment> h = {{77.5, 299, 304}, {86.5, 299, 304}};
  std::vector<Segment> v = {{299.5, 77, 87}, {303.5, 77, 87}};
  EXPECT_TRUE(BuildTables(h, v).empty());
}

TEST(Grid, NoTableWithoutBothDirections) {
  std::vector<Segment> h = {{100, 50, 250}, {120, 50, 250}};
  EXPECT_TRUE(BuildTables(h, {}).empty());
}

}  // namespace
}  // namespace tsuzuri
