#include "core/page.h"

#include <algorithm>

namespace tsuzuri {

Box Box::Union(const Box& o) const {
  return Box{std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
}

const char* PageMethodName(PageMethod method) {
  return method == PageMethod::kOcr ? "ocr" : "text";
}

const char* TextLayerName(TextLayer layer) {
  switch (layer) {
    case TextLayer::kUsable:
      return "usable";
    case TextLayer::kEmpty:
      return "empty";
    case TextLayer::kGarbage:
      return "garbage";
  }
  return "usable";
}

}  // namespace tsuzuri
