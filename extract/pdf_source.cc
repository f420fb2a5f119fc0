// The text-layer page source: Poppler's text boxes with per-glyph boxes, and tables found on a
// low-resolution greyscale render of the same page. A page whose text layer is empty or garbage
// is rendered at the OCR resolution and read by OCR instead (extract/ocr_page.h).
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>

#include "core/utf8.h"
#include "extract/layout.h"
#include "extract/page_source.h"
#include "extract/vector_rulings.h"

namespace tsuzuri {
namespace {

// Poppler reports problems through one process-wide callback; we keep the last message of the
// calling thread so a failure can say what Poppler saw, and print nothing.
thread_local std::string last_poppler_error;

void CapturePopplerError(const std::string& message, void*) { last_poppler_error = message; }

void InstallPopplerErrorHandler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(CapturePopplerError, nullptr); });
}

std::u32string ToUtf32(const poppler::ustring& s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 &&
        s[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    }
    out.push_back(c);
  }
  return out;
}

Box ToBox(const poppler::rectf& r) { return Box{r.left(), r.top(), r.right(), r.bottom()}; }

int Rotation(poppler::page::orientation_enum o) {
  switch (o) {
    case poppler::page::landscape:
      return 90;
    case poppler::page::upside_down:
      return 180;
    case poppler::page::seascape:
      return 270;
    default:
      return 0;
  }
}

class PdfSource : public PageSource {
 public:
  PdfSource(std::string path, std::unique_ptr<poppler::document> doc, PageSourceOptions options)
      : path_(std::move(path)), doc_(std::move(doc)), options_(std::move(options)) {
    renderer_.set_image_format(poppler::image::format_gray8);
    renderer_.set_render_hints(0);  // no anti-aliasing: thin rules stay solid pixels
    ocr_renderer_.set_image_format(poppler::image::format_gray8);
    ocr_renderer_.set_render_hints(poppler::page_renderer::antialiasing |
                                   poppler::page_renderer::text_antialiasing);
  }

  int page_count() const override { return doc_->pages(); }

  void set_ocr_threads(int n) override { options_.ocr.cell_threads = std::max(1, n); }

  Result<Page> ReadPage(int index) override {
    std::unique_ptr<poppler::page> p(doc_->create_page(index));
    if (!p) {
      return Status::Corruption(path_ + ": page " + std::to_string(index + 1) + " cannot be read" +
                                PopplerSays());
    }
    Page page;
    page.number = index + 1;
    page.method = PageMethod::kText;
    page.rotation = Rotation(p->orientation());
    const poppler::rectf r = p->page_rect(poppler::crop_box);
    const bool turned = page.rotation == 90 || page.rotation == 270;
    page.width = turned ? r.height() : r.width();
    page.height = turned ? r.width() : r.height();

    // Characters per text direction (Poppler: 0 upright, 1 running down, 2 upside down, 3 up).
    std::array<size_t, 4> by_direction{};
    for (const poppler::text_box& tb : p->text_list(poppler::page::text_list_include_font)) {
      Word w;
      const std::u32string cps = ToUtf32(tb.text());
      w.text = utf8::Encode(cps);
      w.box = ToBox(tb.bbox());
      w.glyphs.reserve(cps.size());
      for (size_t i = 0; i < cps.size(); ++i) w.glyphs.push_back(ToBox(tb.char_bbox(i)));
      w.font_size = tb.has_font_info() ? tb.get_font_size() : 0;
      by_direction[static_cast<size_t>(tb.rotation()) & 3] += cps.size();
      w.writing_mode = tb.has_font_info() && tb.get_wmode() == poppler::text_box::vertical_wmode
                           ? WritingMode::kVertical
                           : WritingMode::kHorizontal;
      page.words.push_back(std::move(w));
    }
    // A page whose text mostly runs sideways or upside down as displayed (content drawn turned,
    // or a /Rotate that turns it away) is read turned upright: boxes and renders alike.
    const size_t total = by_direction[0] + by_direction[1] + by_direction[2] + by_direction[3];
    const int turn = static_cast<int>(std::max_element(by_direction.begin(), by_direction.end()) -
                                      by_direction.begin());
    const int quarter_turns = turn != 0 && 2 * by_direction[turn] > total ? turn : 0;
    for (int i = 0; i < quarter_turns; ++i) TurnCounterClockwise(page);
    page.rotation = (page.rotation + 360 - 90 * quarter_turns) % 360;
    render_turn_ = kRenderTurns[(4 - quarter_turns) % 4];
    SortReadingOrder(page.words);
    page.text_layer = JudgeTextLayer(page.words, &page.text_layer_reason);
    if (page.text_layer != TextLayer::kUsable && options_.ocr.enabled) {
      return ReadByOcr(p.get(), std::move(page));
    }

    if (options_.find_tables) page.tables = FindPageTables(p.get(), index, quarter_turns);
    PlaceWords(page);
    return page;
  }

 private:
  // Tables from the page's vector drawing, or from a render (see PageSourceOptions::rulings).
  std::vector<Table> FindPageTables(poppler::page* p, int index, int quarter_turns) {
    bool render = options_.rulings == PageSourceOptions::Rulings::kRender;
    if (!render) {
      if (!vector_) {
        Result<std::unique_ptr<VectorRulingReader>> reader = VectorRulingReader::Open(path_);
        if (reader.ok()) vector_ = std::move(reader).value();
      }
      if (vector_) {
        VectorRulingReader::PageRulings r = vector_->Read(index, 90 * ((4 - quarter_turns) % 4));
        std::vector<Table> tables =
            BuildTables(r.rulings.horizontal, r.rulings.vertical, options_.ruling.grid);
        if (!tables.empty() || !r.draws_images) return tables;
      }
      render = true;  // no drawing to read, or the page's rulings may be in an image
    }
    const double dpi = options_.ruling_dpi;
    poppler::image img = renderer_.render_page(p, dpi, dpi, -1, -1, -1, -1, render_turn_);
    if (!img.is_valid() || img.format() != poppler::image::format_gray8) return {};
    return FindTables(ToGray(img, dpi), options_.ruling);
  }

  static constexpr poppler::rotation_enum kRenderTurns[4] = {
      poppler::rotate_0, poppler::rotate_90, poppler::rotate_180, poppler::rotate_270};

  // Turns the page model a quarter turn counter-clockwise: a W x H page becomes H x W.
  static void TurnCounterClockwise(Page& page) {
    const double w = page.width;
    auto turn = [w](Box& b) { b = Box{b.y0, w - b.x1, b.y1, w - b.x0}; };
    for (Word& word : page.words) {
      turn(word.box);
      for (Box& g : word.glyphs) turn(g);
    }
    std::swap(page.width, page.height);
  }

  static GrayImage ToGray(const poppler::image& img, double dpi) {
    GrayImage gray;
    gray.width = img.width();
    gray.height = img.height();
    gray.dpi = dpi;
    gray.pixels.resize(static_cast<size_t>(gray.width) * gray.height);
    const char* data = img.const_data();
    for (int y = 0; y < gray.height; ++y) {
      std::memcpy(gray.pixels.data() + static_cast<size_t>(y) * gray.width,
                  data + static_cast<size_t>(y) * img.bytes_per_row(), gray.width);
    }
    return gray;
  }

  // OCR of a page without a usable text layer: its words are replaced by what OCR reads; the
  // verdict on the text layer stays. The pixel limit is checked before rendering.
  Result<Page> ReadByOcr(poppler::page* p, Page page) {
    const std::string where = path_ + ": page " + std::to_string(page.number);
    const double dpi = options_.ocr.dpi;
    const double w = page.width * dpi / 72, h = page.height * dpi / 72;
    if (w * h > static_cast<double>(options_.ocr.max_pixels)) {
      return Status::ResourceExhausted(where + ": " + std::to_string(static_cast<long long>(w)) +
                                       " x " + std::to_string(static_cast<long long>(h)) +
                                       " pixels at " + std::to_string(static_cast<int>(dpi)) +
                                       " dpi is over the limit of " +
                                       std::to_string(options_.ocr.max_pixels) + " per page");
    }
    poppler::image img = ocr_renderer_.render_page(p, dpi, dpi, -1, -1, -1, -1, render_turn_);
    if (!img.is_valid() || img.format() != poppler::image::format_gray8) {
      return Status::Corruption(where + ": cannot be rendered for OCR" + PopplerSays());
    }
    Result<Page> ocr = OcrPageImage(ToGray(img, dpi), engines_, options_.ocr);
    if (!ocr.ok()) return WithContext(where, ocr.status());
    ocr->number = page.number;
    ocr->rotation = page.rotation;
    ocr->text_layer = page.text_layer;
    ocr->text_layer_reason = std::move(page.text_layer_reason);
    return ocr;
  }

  static std::string PopplerSays() {
    return last_poppler_error.empty() ? "" : " (poppler: " + last_poppler_error + ")";
  }

  std::string path_;
  std::unique_ptr<poppler::document> doc_;
  PageSourceOptions options_;
  poppler::page_renderer renderer_;
  poppler::page_renderer ocr_renderer_;
  OcrEnginePool engines_{options_.ocr.engine};  // started on the first page that needs OCR
  poppler::rotation_enum render_turn_ = poppler::rotate_0;  // extra clockwise turn of renders
  // Declared after doc_ so it closes first, while Poppler's global parameters still exist.
  std::unique_ptr<VectorRulingReader> vector_;
};

}  // namespace

Result<std::unique_ptr<PageSource>> OpenPdf(const std::string& path,
                                            const PageSourceOptions& options) {
  InstallPopplerErrorHandler();
  last_poppler_error.clear();
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) {
    return Status::Corruption(
        path + ": damaged PDF, Poppler cannot open it" +
        (last_poppler_error.empty() ? "" : " (poppler: " + last_poppler_error + ")"));
  }
  if (doc->is_locked()) {
    return Status::PermissionDenied(path + ": encrypted PDF that needs a password to open");
  }
  if (doc->pages() <= 0) {
    return Status::Corruption(
        path + ": PDF has no readable pages" +
        (last_poppler_error.empty() ? "" : " (poppler: " + last_poppler_error + ")"));
  }
  return std::unique_ptr<PageSource>(new PdfSource(path, std::move(doc), options));
}

}  // namespace tsuzuri
