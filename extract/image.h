// GrayImage: an 8-bit greyscale raster passed between the page renderer, the ruling-line finder and
// (later) OCR, without exposing Poppler's or Leptonica's image types. Owns its pixels.
// Thread safety: a plain value.
#ifndef TSUZURI_EXTRACT_IMAGE_H_
#define TSUZURI_EXTRACT_IMAGE_H_

#include <cstdint>
#include <vector>

namespace tsuzuri {

struct GrayImage {
  int width = 0, height = 0;
  double dpi = 72;              // pixels per inch; 72 means one pixel per point
  std::vector<uint8_t> pixels;  // row-major, width * height, 0 = black, 255 = white
};

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_IMAGE_H_
