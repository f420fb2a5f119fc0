// The image page source: PNG, JPEG and TIFF (every page of a multi-page TIFF, bilevel G4 fax
// included) read with Leptonica and recognized by OCR (extract/ocr_page.h). A page's size is
// checked from the file's header before its pixels are decoded, so a decompression bomb is refused
// with ResourceExhausted instead of exhausting memory.
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "extract/lept.h"
#include "extract/page_source.h"

namespace tsuzuri {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};

class ImageSource : public PageSource {
 public:
  ImageSource(std::string path, bool tiff, int pages, PageSourceOptions options)
      : path_(std::move(path)), tiff_(tiff), pages_(pages), options_(std::move(options)) {}

  int page_count() const override { return pages_; }

  void set_ocr_threads(int n) override { options_.ocr.cell_threads = std::max(1, n); }

  Result<Page> ReadPage(int index) override {
    const std::string where = path_ + (pages_ > 1 ? ": page " + std::to_string(index + 1) : "");
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, format = 0;
    const l_ok bad =
        tiff_ ? readHeaderTiff(path_.c_str(), index, &w, &h, &bps, &spp, &res, &cmap, &format)
              : pixReadHeader(path_.c_str(), &format, &w, &h, &bps, &spp, &cmap);
    if (bad || w <= 0 || h <= 0)
      return Status::Corruption(where + ": damaged image (unreadable header)");
    const long long pixels = static_cast<long long>(w) * h;
    if (pixels > options_.ocr.max_pixels) {
      return Status::ResourceExhausted(where + ": image of " + std::to_string(w) + " x " +
                                       std::to_string(h) + " pixels is over the limit of " +
                                       std::to_string(options_.ocr.max_pixels) + " per page");
    }
    lept::PixPtr pix(tiff_ ? pixReadTiff(path_.c_str(), index) : pixRead(path_.c_str()));
    if (!pix) return Status::Corruption(where + ": damaged image (Leptonica cannot decode it)");
    lept::PixPtr gray(pixConvertTo8(pix.get(), 0));
    if (!gray)
      return Status::Corruption(where + ": unsupported pixel format (" + std::to_string(bps) +
                                " bits x " + std::to_string(spp) + " samples)");
    GrayImage image = lept::FromPix(gray.get(), GuessDpi(w, h, pixGetXRes(pix.get())));
    pix.reset();
    gray.reset();

    Result<Page> page = OcrPageImage(image, engines_, options_.ocr);
    if (!page.ok()) return WithContext(where, page.status());
    page->number = index + 1;
    page->text_layer = TextLayer::kEmpty;
    page->text_layer_reason = "a scanned image";
    return page;
  }

 private:
  std::string path_;
  bool tiff_;
  int pages_;
  PageSourceOptions options_;
  OcrEnginePool engines_{options_.ocr.engine};  // started on the first page read
};

}  // namespace

Result<std::unique_ptr<PageSource>> OpenImage(const std::string& path,
                                              const PageSourceOptions& options) {
  lept::SilenceMessages();
  if (!options.ocr.enabled) {
    return Status::NotSupported(path + ": an image is read by OCR, which is turned off");
  }
  l_int32 format = IFF_UNKNOWN;
  if (findFileFormat(path.c_str(), &format) != 0 || format == IFF_UNKNOWN) {
    return Status::Corruption(path + ": damaged image (unknown format)");
  }
  int pages = 1;
  const bool tiff = L_FORMAT_IS_TIFF(format);
  if (tiff) {
    std::unique_ptr<FILE, FileCloser> f(fopenReadStream(path.c_str()));
    l_int32 n = 0;
    if (!f || tiffGetCount(f.get(), &n) != 0 || n <= 0) {
      return Status::Corruption(path + ": damaged TIFF (no readable page)");
    }
    pages = n;
  }
  return std::unique_ptr<PageSource>(new ImageSource(path, tiff, pages, options));
}

}  // namespace tsuzuri
