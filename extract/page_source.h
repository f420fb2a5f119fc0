// PageSource: where pages come from. Two implementations: a PDF (pdf_source.cc: its text layer,
// or OCR of pages whose text layer is empty or garbage) and image files (image_source.cc: OCR).
// A source is opened per file and read page by page; it owns its OCR engine (started on the
// first page that needs it). It is not thread-safe: open one per worker thread.
#ifndef TSUZURI_EXTRACT_PAGE_SOURCE_H_
#define TSUZURI_EXTRACT_PAGE_SOURCE_H_

#include <memory>
#include <string>

#include "core/page.h"
#include "core/result.h"
#include "extract/ocr_page.h"
#include "extract/ruling.h"

namespace tsuzuri {

struct PageSourceOptions {
  // Where a text PDF's ruling lines come from.
  enum class Rulings {
    kVector,  // the page's own drawing (lines, thin rectangles); a render only when that finds no
              // table on a page that paints an image (a form scanned into a PDF with a text layer)
    kRender,  // always a greyscale render and Leptonica morphology (slower, for odd PDFs)
  };
  // Default: kVector.
  Rulings rulings = Rulings::kVector;
  // Resolution (dpi) of the render used to find ruling lines. Default: 72 (one pixel per point),
  // enough for lines of 0.5 pt and up; raise it for hairlines.
  double ruling_dpi = 72;
  // Whether to find tables at all. Default: true.
  bool find_tables = true;
  RulingOptions ruling;
  // OCR of scans and of PDF pages without a usable text layer (extract/ocr_page.h).
  OcrOptions ocr;
};

class PageSource {
 public:
  virtual ~PageSource() = default;
  virtual int page_count() const = 0;
  // Reads page `index` (0-based): words in reading order, tables with their cells filled, the
  // text-layer verdict. Fails only when the page cannot be read at all.
  virtual Result<Page> ReadPage(int index) = 0;
  // How many engines (threads) read one page by OCR together (OcrOptions::cell_threads).
  virtual void set_ocr_threads(int n) = 0;
};

// Opens a PDF. Fails with a Status naming `path` and the reason: not found, not a PDF, damaged,
// encrypted with a user password (an owner password alone is no obstacle).
Result<std::unique_ptr<PageSource>> OpenPdf(const std::string& path,
                                            const PageSourceOptions& options = {});

// Opens a PNG, JPEG or TIFF (multi-page and bilevel G4 included): one page per image, read by
// OCR. Fails with a Status naming `path`: unreadable or damaged image, OCR turned off.
Result<std::unique_ptr<PageSource>> OpenImage(const std::string& path,
                                              const PageSourceOptions& options = {});

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_PAGE_SOURCE_H_
