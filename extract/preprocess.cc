#include "extract/preprocess.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>

namespace tsuzuri {

namespace lept {

PixPtr ToPix(const GrayImage& image) {
  PixPtr pix(pixCreate(image.width, image.height, 8));
  if (!pix) return pix;
  l_uint32* data = pixGetData(pix.get());
  const l_int32 wpl = pixGetWpl(pix.get());
  for (int y = 0; y < image.height; ++y) {
    const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < image.width; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  const int dpi = static_cast<int>(std::lround(image.dpi));
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

GrayImage FromPix(Pix* pix, double dpi) {
  GrayImage image;
  image.width = pixGetWidth(pix);
  image.height = pixGetHeight(pix);
  image.dpi = dpi;
  image.pixels.resize(static_cast<size_t>(image.width) * image.height);
  const l_uint32* data = pixGetData(pix);
  const l_int32 wpl = pixGetWpl(pix);
  for (int y = 0; y < image.height; ++y) {
    uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < image.width; ++x) row[x] = GET_DATA_BYTE(line, x);
  }
  return image;
}

}  // namespace lept

namespace {

constexpr double kA4LongSideInches = 11.69;

Status LeptonicaFailed(const char* step) {
  return Status::Internal(std::string("leptonica: ") + step + " failed (out of memory?)");
}

// Paints `mask` (1 bpp, same size) white in `gray`.
void PaintWhite(Pix* gray, Pix* mask) { pixPaintThroughMask(gray, mask, 0, 0, 255); }

lept::PixPtr Scale(Pix* pix, double factor) {
  if (factor > 1) return lept::PixPtr(pixScaleGrayLI(pix, factor, factor));
  return lept::PixPtr(pixScale(pix, factor, factor));
}

}  // namespace

double GuessDpi(int width, int height, double stated) {
  if (stated >= 50 && stated <= 1200) return stated;
  const double guess = std::max(width, height) / kA4LongSideInches;
  return std::clamp(std::round(guess), 50.0, 1200.0);
}

GrayImage ScaleGray(const GrayImage& image, double factor) {
  lept::PixPtr pix = lept::ToPix(image);
  if (!pix) return {};
  lept::PixPtr scaled = Scale(pix.get(), factor);
  if (!scaled) return {};
  return lept::FromPix(scaled.get(), image.dpi * factor);
}

GrayImage CropGray(const GrayImage& image, const PixelBox& box) {
  const int x0 = std::clamp(box.x0, 0, image.width), x1 = std::clamp(box.x1, 0, image.width);
  const int y0 = std::clamp(box.y0, 0, image.height), y1 = std::clamp(box.y1, 0, image.height);
  GrayImage out;
  out.dpi = image.dpi;
  if (x1 <= x0 || y1 <= y0) return out;
  out.width = x1 - x0;
  out.height = y1 - y0;
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* src = image.pixels.data() + static_cast<size_t>(y) * image.width + x0;
    std::copy(src, src + out.width, out.pixels.data() + static_cast<size_t>(y - y0) * out.width);
  }
  return out;
}

int CountInk(const GrayImage& image, const PixelBox& box, int threshold) {
  const int x0 = std::clamp(box.x0, 0, image.width), x1 = std::clamp(box.x1, 0, image.width);
  const int y0 = std::clamp(box.y0, 0, image.height), y1 = std::clamp(box.y1, 0, image.height);
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
    for (int x = x0; x < x1; ++x) n += row[x] < threshold;
  }
  return n;
}

Result<int> DetectTurns(const GrayImage& page, OcrEngine& engine,
                        const PreprocessOptions& options) {
  const double scale = std::min(1.0, 150 / page.dpi);
  Result<Orientation> o = engine.DetectOrientation(ScaleGray(page, scale));
  if (!o.ok()) return o.status();
  return o->confidence >= options.min_orientation_confidence ? o->clockwise_turns : 0;
}

GrayImage TurnGray(const GrayImage& image, int clockwise_turns) {
  if (clockwise_turns % 4 == 0) return image;
  lept::PixPtr pix = lept::ToPix(image);
  if (!pix) return {};
  lept::PixPtr turned(pixRotateOrth(pix.get(), clockwise_turns % 4));
  if (!turned) return {};
  return lept::FromPix(turned.get(), image.dpi);
}

Result<CleanPage> CleanPageImage(const GrayImage& image, const PreprocessOptions& options) {
  lept::SilenceMessages();
  CleanPage out;
  lept::PixPtr pix = lept::ToPix(image);
  if (!pix) return LeptonicaFailed("copying the page image");

  // 2. Resolution.
  const double factor = options.dpi / image.dpi;
  if (factor < 0.9 || factor > 1.1) {
    pix = Scale(pix.get(), factor);
    if (!pix) return LeptonicaFailed("scaling");
  }
  const double dpi = options.dpi;

  // 3. Background normalization and contrast stretch: the background comes out near 200, so
  // everything from 190 up is paper.
  lept::PixPtr norm(pixBackgroundNormSimple(pix.get(), nullptr, nullptr));
  if (norm) pix = std::move(norm);
  pixGammaTRC(pix.get(), pix.get(), 1.0, 30, 190);

  // 4. Deskew, measured on the binary mask, applied to the grey image.
  if (options.deskew) {
    lept::PixPtr binary(pixThresholdToBinary(pix.get(), 128));
    l_float32 angle = 0, conf = 0;
    if (binary && pixFindSkew(binary.get(), &angle, &conf) == 0 && conf >= 3.0 &&
        std::abs(angle) >= options.min_skew_degrees) {
      lept::PixPtr rotated(pixRotate(pix.get(), static_cast<l_float32>(angle * M_PI / 180.0),
                                     L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
      if (rotated) {
        pix = std::move(rotated);
        out.skew_degrees = angle;
      }
    }
  }

  // 5. Speckles: tiny isolated components of the binary mask, with a pixel of margin for their
  // blurred halo.
  if (options.speckle_pixels > 0) {
    lept::PixPtr binary(pixThresholdToBinary(pix.get(), 128));
    if (binary) {
      lept::PixPtr specks(pixSelectBySize(binary.get(), options.speckle_pixels,
                                          options.speckle_pixels, 8, L_SELECT_IF_BOTH,
                                          L_SELECT_IF_LTE, nullptr));
      if (specks) {
        lept::PixPtr grown(pixDilateBrick(nullptr, specks.get(), 3, 3));
        if (grown) PaintWhite(pix.get(), grown.get());
      }
    }
  }
  out.gray = lept::FromPix(pix.get(), dpi);

  // 6. Ruling lines painted white (with their anti-aliased edges) for recognition.
  lept::PixPtr ink(pixThresholdToBinary(pix.get(), options.line_threshold));
  if (!ink) return LeptonicaFailed("thresholding");
  const double px_per_pt = dpi / 72.0;
  const int hlen =
      std::max(3, static_cast<int>(std::lround(options.line_min_horizontal * px_per_pt)));
  const int vlen =
      std::max(3, static_cast<int>(std::lround(options.line_min_vertical * px_per_pt)));
  lept::PixPtr hor(pixOpenBrick(nullptr, ink.get(), hlen, 1));
  lept::PixPtr ver(pixOpenBrick(nullptr, ink.get(), 1, vlen));
  if (!hor || !ver) return LeptonicaFailed("finding ruling lines");
  pixOr(hor.get(), hor.get(), ver.get());
  lept::PixPtr lines(pixDilateBrick(nullptr, hor.get(), 5, 5));
  if (!lines) return LeptonicaFailed("finding ruling lines");
  PaintWhite(pix.get(), lines.get());
  out.text = lept::FromPix(pix.get(), dpi);
  return out;
}

}  // namespace tsuzuri
