#include "extract/vector_rulings.h"

#include <GfxState.h>
#include <OutputDev.h>
#include <PDFDoc.h>
#include <goo/GooString.h>

#include <algorithm>
#include <cmath>

namespace tsuzuri {
namespace {

// Thicker fills are areas (cell shading), not lines (points).
constexpr double kMaxLineThickness = 3.0;
// A stroke segment counts as horizontal or vertical within this slant (points).
constexpr double kSlant = 0.5;

// An output device that sees only paths: axis-aligned stroked segments and thin filled
// rectangles become ruling segments in device space (72 dpi, y down). Text and images are not
// drawn.
class RulingDevice : public OutputDev {
 public:
  bool upsideDown() override { return true; }
  bool useDrawChar() override { return false; }
  bool interpretType3Chars() override { return false; }
  bool needCharCount() override { return false; }
  void stroke(GfxState* state) override { Collect(state, true); }
  void fill(GfxState* state) override { Collect(state, false); }
  void eoFill(GfxState* state) override { Collect(state, false); }
  void drawImage(GfxState*, Object*, Stream* str, int, int, GfxImageColorMap*, bool, const int*,
                 bool inline_img) override {
    draws_images_ = true;
    SkipInline(str, inline_img);
  }
  void drawImageMask(GfxState*, Object*, Stream* str, int, int, bool, bool,
                     bool inline_img) override {
    draws_images_ = true;
    SkipInline(str, inline_img);
  }

  Rulings& rulings() { return rulings_; }
  bool draws_images() const { return draws_images_; }

 private:
  // An inline image's data sits in the content stream: it must be read past.
  static void SkipInline(Stream* str, bool inline_img) {
    if (!inline_img || !str) return;
    str->reset();
    while (str->getChar() != EOF) {
    }
    str->close();
  }

  void Collect(GfxState* state, bool stroked) {
    const GfxPath* path = state->getPath();
    for (int i = 0; i < path->getNumSubpaths(); ++i) {
      const GfxSubpath* sub = path->getSubpath(i);
      const int n = sub->getNumPoints();
      std::vector<std::pair<double, double>> pts(n);
      for (int k = 0; k < n; ++k)
        state->transform(sub->getX(k), sub->getY(k), &pts[k].first, &pts[k].second);
      if (stroked) {
        for (int k = 0; k + 1 < n; ++k) {
          if (sub->getCurve(k + 1)) continue;
          Add(pts[k].first, pts[k].second, pts[k + 1].first, pts[k + 1].second);
        }
        if (sub->isClosed() && n > 2)
          Add(pts[n - 1].first, pts[n - 1].second, pts[0].first, pts[0].second);
        continue;
      }
      if (n < 3) continue;
      // A filled outline is a line where two of its parallel axis-aligned edges lie close: a thin
      // rectangle, or the arms of an L-shaped border join.
      std::vector<Segment> hs, vs;
      for (int k = 0; k < n; ++k) {
        const auto& [xa, ya] = pts[k];
        const auto& [xb, yb] = pts[(k + 1) % n];
        if (std::abs(ya - yb) < kSlant && std::abs(xb - xa) > 1) {
          hs.push_back(Segment{(ya + yb) / 2, std::min(xa, xb), std::max(xa, xb)});
        } else if (std::abs(xa - xb) < kSlant && std::abs(yb - ya) > 1) {
          vs.push_back(Segment{(xa + xb) / 2, std::min(ya, yb), std::max(ya, yb)});
        }
      }
      Pair(hs, rulings_.horizontal);
      Pair(vs, rulings_.vertical);
    }
  }

  // Edges of one outline that face each other within kMaxLineThickness: their overlap is a line.
  static void Pair(const std::vector<Segment>& edges, std::vector<Segment>& out) {
    for (size_t i = 0; i < edges.size(); ++i) {
      for (size_t j = i + 1; j < edges.size(); ++j) {
        const double gap = std::abs(edges[i].pos - edges[j].pos);
        if (gap <= 0.01 || gap > kMaxLineThickness) continue;
        const double from = std::max(edges[i].from, edges[j].from),
                     to = std::min(edges[i].to, edges[j].to);
        if (to - from > gap) out.push_back(Segment{(edges[i].pos + edges[j].pos) / 2, from, to});
      }
    }
  }

  void Add(double xa, double ya, double xb, double yb) {
    if (std::abs(ya - yb) < kSlant && std::abs(xb - xa) > 1) {
      rulings_.horizontal.push_back(Segment{(ya + yb) / 2, std::min(xa, xb), std::max(xa, xb)});
    } else if (std::abs(xa - xb) < kSlant && std::abs(yb - ya) > 1) {
      rulings_.vertical.push_back(Segment{(xa + xb) / 2, std::min(ya, yb), std::max(ya, yb)});
    }
  }

  Rulings rulings_;
  bool draws_images_ = false;
};

}  // namespace

struct VectorRulingReader::Impl {
  std::unique_ptr<PDFDoc> doc;
};

VectorRulingReader::VectorRulingReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorRulingReader::~VectorRulingReader() = default;

Result<std::unique_ptr<VectorRulingReader>> VectorRulingReader::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path));
  if (!impl->doc->isOk()) {
    return Status::Corruption(path + ": Poppler cannot open it for its drawing (error " +
                              std::to_string(impl->doc->getErrorCode()) + ")");
  }
  return std::unique_ptr<VectorRulingReader>(new VectorRulingReader(std::move(impl)));
}

VectorRulingReader::PageRulings VectorRulingReader::Read(int index, int turn) {
  RulingDevice device;
  if (index >= 0 && index < impl_->doc->getNumPages()) {
    impl_->doc->displayPage(&device, index + 1, 72, 72, turn, /*useMediaBox=*/false, /*crop=*/true,
                            /*printing=*/false);
  }
  return PageRulings{std::move(device.rulings()), device.draws_images()};
}

}  // namespace tsuzuri
