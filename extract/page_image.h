// PageImage: one page of a document as a picture for a person to look at (the review page), in the
// same upright frame as the page model's boxes (points from the top-left, docs/pages.md). A PDF
// page is rendered by Poppler; an image page is decoded by Leptonica; a page read by OCR is
// straightened as OCR straightened it (Leptonica's deskew, extract/preprocess.h), so a value's box
// lands on its cell. The caller gives the file's bytes (the store's original, or the file itself).
// Thread safety: free functions over values; Poppler and Leptonica objects are made per call.
#ifndef TSUZURI_EXTRACT_PAGE_IMAGE_H_
#define TSUZURI_EXTRACT_PAGE_IMAGE_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "extract/image.h"

namespace tsuzuri {

struct PageImageOptions {
  // Resolution of the picture (dpi); the page's point boxes scale by dpi / 72. Default: 150.
  double dpi = 150;
  // The page was read by OCR: straighten it the way OCR did. Default: false.
  bool deskew = false;
  // The page model's rotation of the page (pages.rotation): a PDF page whose text runs sideways
  // was read turned upright, and is drawn so too. Default: 0.
  int rotation = 0;
  // A picture with more pixels is refused with ResourceExhausted. Default: 40 million.
  long long max_pixels = 40'000'000;
};

// Page `page_number` (1-based) of the PDF or image in `bytes`, as an 8-bit grey picture at
// options.dpi. Fails with NotSupported (not a PDF or image), Corruption (damaged), NotFound (no
// such page), PermissionDenied (encrypted) or ResourceExhausted.
Result<GrayImage> RenderPageImage(std::string_view bytes, int page_number,
                                  const PageImageOptions& options = {});

// `image` as PNG bytes, compressed lightly (fast to write: the picture is made on request).
Result<std::string> EncodePng(const GrayImage& image);

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_PAGE_IMAGE_H_
