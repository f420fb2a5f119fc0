// Ruling lines: finds the horizontal and vertical lines of ruled tables in a greyscale image
// (Leptonica morphology) and turns them into tables of cells (extract/grid.h).
// Thread safety: free functions; safe to call from several threads on different images.
#ifndef TSUZURI_EXTRACT_RULING_H_
#define TSUZURI_EXTRACT_RULING_H_

#include <vector>

#include "core/page.h"
#include "extract/grid.h"
#include "extract/image.h"

namespace tsuzuri {

struct RulingOptions {
  // Pixels darker than this (0..255) are ink. Lenient on purpose: Otsu breaks thin lines.
  // Default: 200.
  int threshold = 200;
  // Shortest horizontal line, in points. Default: 18 (about 6 mm): longer than any text stroke.
  double min_horizontal = 18;
  // Shortest vertical line, in points. Default: 11 (about 4 mm): short enough for a one-row table
  // continued on the next page; text strokes that pass are dropped by the grid (they touch no
  // crossing lines).
  double min_vertical = 11;
  GridOptions grid;
};

struct Rulings {
  std::vector<Segment> horizontal, vertical;  // points
};

// Finds ruling-line segments in `image`; boxes converted to points with image.dpi.
Rulings FindRulings(const GrayImage& image, const RulingOptions& options = {});

// FindRulings then BuildTables: the tables of a page image, cells without words.
std::vector<Table> FindTables(const GrayImage& image, const RulingOptions& options = {});

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_RULING_H_
