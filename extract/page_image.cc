#include "extract/page_image.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cmath>
#include <cstring>
#include <memory>

#include "extract/lept.h"
#include "extract/preprocess.h"

namespace tsuzuri {
namespace {

struct LeptFree {
  void operator()(l_uint8* p) const { lept_free(p); }
};

bool IsPdf(std::string_view bytes) { return bytes.substr(0, 5) == "%PDF-"; }

// The clockwise quarter turns the PDF source gave a render of this page: the page model's
// rotation is the page's own /Rotate less 90° per counter-clockwise turn of its boxes.
poppler::rotation_enum RenderTurn(poppler::page& page, int model_rotation) {
  int own = 0;
  switch (page.orientation()) {
    case poppler::page::landscape:
      own = 90;
      break;
    case poppler::page::upside_down:
      own = 180;
      break;
    case poppler::page::seascape:
      own = 270;
      break;
    default:
      break;
  }
  const int ccw_turns = (((own - model_rotation) / 90) % 4 + 4) % 4;
  static constexpr poppler::rotation_enum kTurns[4] = {poppler::rotate_0, poppler::rotate_90,
                                                       poppler::rotate_180, poppler::rotate_270};
  return kTurns[(4 - ccw_turns) % 4];
}

Result<GrayImage> RenderPdfPage(std::string_view bytes, int page_number,
                                const PageImageOptions& options) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Status::Corruption("damaged PDF, Poppler cannot open it");
  if (doc->is_locked()) return Status::PermissionDenied("encrypted PDF");
  if (page_number < 1 || page_number > doc->pages()) {
    return Status::NotFound("no page " + std::to_string(page_number) + " (the PDF has " +
                            std::to_string(doc->pages()) + ")");
  }
  std::unique_ptr<poppler::page> page(doc->create_page(page_number - 1));
  if (!page) return Status::Corruption("page " + std::to_string(page_number) + " cannot be read");
  const poppler::rectf r = page->page_rect(poppler::crop_box);
  const double pixels = r.width() * r.height() * options.dpi * options.dpi / (72.0 * 72.0);
  if (pixels > static_cast<double>(options.max_pixels)) {
    return Status::ResourceExhausted("page " + std::to_string(page_number) + " is too large to show");
  }
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  poppler::image img = renderer.render_page(page.get(), options.dpi, options.dpi, -1, -1, -1, -1,
                                            RenderTurn(*page, options.rotation));
  if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
    return Status::Corruption("page " + std::to_string(page_number) + " cannot be rendered");
  }
  GrayImage gray;
  gray.width = img.width();
  gray.height = img.height();
  gray.dpi = options.dpi;
  gray.pixels.resize(static_cast<size_t>(gray.width) * gray.height);
  for (int y = 0; y < gray.height; ++y) {
    std::memcpy(gray.pixels.data() + static_cast<size_t>(y) * gray.width,
                img.const_data() + static_cast<size_t>(y) * img.bytes_per_row(), gray.width);
  }
  return gray;
}

// `pix` (8 bpp) at `dpi` brought to options.dpi and, when asked, straightened as OCR straightens
// a scan (Leptonica's skew search on a binary mask, the grey image rotated about its centre;
// extract/preprocess.cc). Lighter than CleanPageImage: no background normalization, speckle or
// line removal, which a person does not need to see the page.
Result<GrayImage> ForDisplay(lept::PixPtr pix, double dpi, const PageImageOptions& options) {
  const double factor = options.dpi / dpi;
  if (factor < 0.95 || factor > 1.05) {
    lept::PixPtr scaled(factor > 1 ? pixScaleGrayLI(pix.get(), factor, factor)
                                   : pixScaleAreaMap(pix.get(), factor, factor));
    if (!scaled) return Status::Internal("Leptonica cannot scale the page");
    pix = std::move(scaled);
  }
  if (options.deskew) {
    lept::PixPtr binary(pixThresholdToBinary(pix.get(), 128));
    l_float32 angle = 0, conf = 0;
    if (binary && pixFindSkew(binary.get(), &angle, &conf) == 0 && conf >= 3.0 &&
        std::abs(angle) >= 0.1) {
      lept::PixPtr rotated(pixRotate(pix.get(), static_cast<l_float32>(angle * M_PI / 180.0),
                                     L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
      if (rotated) pix = std::move(rotated);
    }
  }
  return lept::FromPix(pix.get(), options.dpi);
}

Result<GrayImage> DecodeImagePage(std::string_view bytes, int page_number,
                                  const PageImageOptions& options) {
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN;
  if (findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN) {
    return Status::NotSupported("neither a PDF nor an image");
  }
  const bool tiff = format == IFF_TIFF || (format >= IFF_TIFF_PACKBITS && format <= IFF_TIFF_JPEG);
  if (!tiff && page_number != 1) return Status::NotFound("an image has one page");
  l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, fmt = 0;
  const l_ok bad = tiff ? readHeaderMemTiff(data, bytes.size(), page_number - 1, &w, &h, &bps,
                                            &spp, &res, &cmap, &fmt)
                        : pixReadHeaderMem(data, bytes.size(), &fmt, &w, &h, &bps, &spp, &cmap);
  if (bad || w <= 0 || h <= 0) return Status::Corruption("damaged image (unreadable header)");
  if (static_cast<long long>(w) * h > 4 * options.max_pixels) {
    return Status::ResourceExhausted("image too large to show");
  }
  lept::PixPtr pix(tiff ? pixReadMemTiff(data, bytes.size(), page_number - 1)
                        : pixReadMem(data, bytes.size()));
  if (!pix) return Status::Corruption("damaged image (Leptonica cannot decode it)");
  lept::PixPtr gray(pixConvertTo8(pix.get(), 0));
  if (!gray) return Status::Corruption("unsupported pixel format");
  PageImageOptions scan = options;
  scan.deskew = true;
  return ForDisplay(std::move(gray), GuessDpi(w, h, pixGetXRes(pix.get())), scan);
}

}  // namespace

Result<GrayImage> RenderPageImage(std::string_view bytes, int page_number,
                                  const PageImageOptions& options) {
  lept::SilenceMessages();
  const bool pdf = IsPdf(bytes);
  if (!pdf) return DecodeImagePage(bytes, page_number, options);
  Result<GrayImage> image = RenderPdfPage(bytes, page_number, options);
  if (!image.ok() || !options.deskew) return image;
  // A PDF page read by OCR (an image-only page): straightened as OCR straightened it.
  // Orientation is not detected again (a page OCR turned shows turned).
  lept::PixPtr pix = lept::ToPix(*image);
  if (!pix) return Status::Internal("Leptonica cannot allocate the page");
  return ForDisplay(std::move(pix), image->dpi, options);
}

Result<std::string> EncodePng(const GrayImage& image) {
  lept::PixPtr pix = lept::ToPix(image);
  if (!pix) return Status::Internal("Leptonica cannot allocate the picture");
  pixSetZlibCompression(pix.get(), 1);
  l_uint8* raw = nullptr;
  size_t size = 0;
  const l_ok bad = pixWriteMemPng(&raw, &size, pix.get(), 0);
  std::unique_ptr<l_uint8, LeptFree> owned(raw);
  if (bad || raw == nullptr) return Status::Internal("Leptonica cannot write the PNG");
  return std::string(reinterpret_cast<const char*>(raw), size);
}

}  // namespace tsuzuri
