// Preprocess: cleans a page image for table finding and recognition (Leptonica, internal to
// extract/). The chain, each step measured on the sample scans (docs/ocr.md):
//   1. greyscale (colour and bilevel input arrive here as 8-bit grey);
//   2. resolution normalized to `dpi` (a 200 dpi scan is upscaled, a 600 dpi one downscaled);
//   3. background normalization (Leptonica's adaptive, tile-based background estimate) and a
//      contrast stretch: uneven paper and JPEG haze become white, ink black. This is the
//      adaptive binarization step, kept in grey: thresholding ourselves loses thin Mincho strokes;
//      binary masks made from it serve skew, speckle and line finding only;
//   4. deskew (Leptonica's skew search on the binary mask), rotating the grey image;
//   5. speckle removal: isolated specks of a few pixels are painted white;
//   6. ruling-line removal for recognition: long horizontal and vertical runs painted white.
// Orientation is separate (DetectTurns, TurnGray): Tesseract's orientation detection costs about
// 0.7 s a page, so ocr_page.cc asks for it only when the first cells read look wrong.
// Thread safety: free functions over values; the engine passed in is used by the calling thread.
#ifndef TSUZURI_EXTRACT_PREPROCESS_H_
#define TSUZURI_EXTRACT_PREPROCESS_H_

#include "core/result.h"
#include "extract/image.h"
#include "extract/lept.h"
#include "extract/ocr_engine.h"

namespace tsuzuri {

struct PreprocessOptions {
  // Resolution pages are normalized to (dpi). Images within 10 % of it are left at their size.
  // Default: 300 (200 dpi reads as well on clean pages; 300 holds up better under noise).
  double dpi = 300;
  // Turn pages that Tesseract's orientation detection finds sideways or upside down.
  // Default: true.
  bool orientation = true;
  // Orientation confidence below which the page is left as it is. Default: 5 (Tesseract's sure
  // is about 15; the sample pages score 9-15 at the 150 dpi the detection runs at).
  double min_orientation_confidence = 5;
  // Straighten pages scanned at a slight angle. Default: true.
  bool deskew = true;
  // Smaller skews are left alone (degrees). Default: 0.1.
  double min_skew_degrees = 0.1;
  // Specks of at most this many pixels in both directions (at `dpi`) are removed; 0 disables.
  // Default: 2 (the dot of 、 or ・ at 300 dpi is 5 pixels and more).
  int speckle_pixels = 2;
  // Ruling lines painted white for recognition: dark runs at least this long (points) and darker
  // than `line_threshold`. Defaults: 18 horizontal, 11 vertical, threshold 200 (as the ruling
  // finder, extract/ruling.h).
  double line_min_horizontal = 18, line_min_vertical = 11;
  int line_threshold = 200;
};

// A page image ready for table finding and recognition; both images have the same size and `dpi`.
struct CleanPage {
  GrayImage gray;  // upright, deskewed, background-normalized, despeckled: find rulings here
  GrayImage text;  // `gray` with ruling lines painted white: recognize cells here
  double skew_degrees = 0;  // rotation applied by deskew
};

// Runs the chain above on `image` (whose `dpi` must be set; see GuessDpi). Fails with Internal
// when Leptonica cannot allocate or process the image.
Result<CleanPage> CleanPageImage(const GrayImage& image, const PreprocessOptions& options = {});

// Quarter turns clockwise that put `page` upright, by Tesseract's orientation detection on a
// 150 dpi copy; 0 when it is not sure (below options.min_orientation_confidence). Fails with the
// engine's Status (no osd model, too little text).
Result<int> DetectTurns(const GrayImage& page, OcrEngine& engine,
                        const PreprocessOptions& options = {});

// `image` turned by quarter turns clockwise.
GrayImage TurnGray(const GrayImage& image, int clockwise_turns);

// The resolution of an image whose file says none (or an implausible one): the one at which its
// longer side is an A4 page's (11.69 in). Returns `stated` when it is between 50 and 1200.
double GuessDpi(int width, int height, double stated);

// `image` scaled by `factor` (grey interpolation up, area mapping down); dpi scaled with it.
GrayImage ScaleGray(const GrayImage& image, double factor);

// The part of `image` inside `box` (clipped), with `image.dpi`.
GrayImage CropGray(const GrayImage& image, const PixelBox& box);

// Pixels darker than `threshold` inside `box` of `image`.
int CountInk(const GrayImage& image, const PixelBox& box, int threshold);

namespace lept {
// Copies between Leptonica's 8-bit Pix and GrayImage. ToPix returns null when Leptonica cannot
// allocate; FromPix needs an 8 bpp Pix without a colormap.
PixPtr ToPix(const GrayImage& image);
GrayImage FromPix(Pix* pix, double dpi);
}  // namespace lept

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_PREPROCESS_H_
