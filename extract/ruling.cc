#include "extract/ruling.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>

#include "extract/lept.h"

namespace tsuzuri {
namespace {

// Ink mask: 1 bit per pixel darker than `threshold`.
lept::PixPtr InkMask(const GrayImage& image, int threshold) {
  lept::PixPtr mask(pixCreate(image.width, image.height, 1));
  if (!mask) return mask;
  l_uint32* data = pixGetData(mask.get());
  const l_int32 wpl = pixGetWpl(mask.get());
  for (int y = 0; y < image.height; ++y) {
    const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < image.width; ++x) {
      if (row[x] < threshold) SET_DATA_BIT(line, x);
    }
  }
  return mask;
}

// Opens `mask` with a line-shaped brick and returns the surviving components as segments.
std::vector<Segment> Lines(Pix* mask, int hsize, int vsize, bool horizontal, double to_points) {
  std::vector<Segment> out;
  lept::PixPtr opened(pixOpenBrick(nullptr, mask, hsize, vsize));
  if (!opened) return out;
  lept::BoxaPtr boxes(pixConnCompBB(opened.get(), 8));
  if (!boxes) return out;
  const int n = boxaGetCount(boxes.get());
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h) != 0) continue;
    if (horizontal) {
      out.push_back(Segment{(y + h / 2.0) * to_points, x * to_points, (x + w) * to_points});
    } else {
      out.push_back(Segment{(x + w / 2.0) * to_points, y * to_points, (y + h) * to_points});
    }
  }
  return out;
}

}  // namespace

Rulings FindRulings(const GrayImage& image, const RulingOptions& options) {
  Rulings r;
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() < static_cast<size_t>(image.width) * image.height) {
    return r;
  }
  lept::SilenceMessages();
  lept::PixPtr mask = InkMask(image, options.threshold);
  if (!mask) return r;
  const double px_per_pt = image.dpi / 72.0, to_points = 72.0 / image.dpi;
  const int hlen = std::max(3, static_cast<int>(std::lround(options.min_horizontal * px_per_pt)));
  const int vlen = std::max(3, static_cast<int>(std::lround(options.min_vertical * px_per_pt)));
  r.horizontal = Lines(mask.get(), hlen, 1, true, to_points);
  r.vertical = Lines(mask.get(), 1, vlen, false, to_points);
  return r;
}

std::vector<Table> FindTables(const GrayImage& image, const RulingOptions& options) {
  Rulings r = FindRulings(image, options);
  return BuildTables(r.horizontal, r.vertical, options.grid);
}

}  // namespace tsuzuri
