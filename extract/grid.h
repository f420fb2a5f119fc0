// Grid: turns ruling-line segments into tables of cells. Pure geometry, no library types, shared by
// the text path (lines found on a rendered page) and the OCR path (lines found on a scan).
//
// A table is a connected set of horizontal and vertical segments. Its grid is every distinct
// line position; a grid slot whose border is missing is merged with its neighbour, so a merged
// cell comes out once with its row and column spans.
// Thread safety: free functions over values.
#ifndef TSUZURI_EXTRACT_GRID_H_
#define TSUZURI_EXTRACT_GRID_H_

#include <vector>

#include "core/page.h"

namespace tsuzuri {

// A ruling line in points. Horizontal: `pos` is its y, [from, to] its x extent.
// Vertical: `pos` is its x, [from, to] its y extent.
struct Segment {
  double pos = 0, from = 0, to = 0;
};

struct GridOptions {
  // Two line positions closer than this are one grid line (points). Default: 2.5.
  double snap = 2.5;
  // How far a segment may stop short of the line it meets and still touch it (points). Real
  // borders meet; glyph strokes inside a padded cell stop short. Default: 1.5.
  double reach = 1.5;
  // A border must cover at least this share of a grid slot's side to count. Default: 0.5.
  double min_cover = 0.5;
  // Smaller tables are drawings (a box around a glyph, a bracket), not tables (points).
  // Defaults: 24 wide, 8 tall.
  double min_table_width = 24, min_table_height = 8;
};

// Builds tables from horizontal and vertical segments. Tables need at least two horizontal and
// two vertical lines; stray segments (text strokes, underlines) that touch no crossing line are
// ignored. Tables come top to bottom, then left to right; cells row-major, with empty `words`.
std::vector<Table> BuildTables(const std::vector<Segment>& horizontal,
                               const std::vector<Segment>& vertical,
                               const GridOptions& options = {});

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_GRID_H_
