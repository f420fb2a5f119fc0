// VectorRulings: the ruling lines of a PDF page read from its own vector drawing (stroked lines
// and thin filled rectangles), without rendering it: about ten times cheaper than finding them on
// a render. Uses Poppler's core API (libpoppler-private-dev), which poppler-cpp does not expose;
// its types stay inside vector_rulings.cc.
// Not thread-safe: one reader per worker thread, like the page source that owns it.
#ifndef TSUZURI_EXTRACT_VECTOR_RULINGS_H_
#define TSUZURI_EXTRACT_VECTOR_RULINGS_H_

#include <memory>
#include <string>

#include "core/result.h"
#include "extract/ruling.h"

namespace tsuzuri {

class VectorRulingReader {
 public:
  // Opens `path` a second time for Poppler's core API. Needs Poppler's global parameters alive,
  // which a poppler::document of the same process guarantees.
  static Result<std::unique_ptr<VectorRulingReader>> Open(const std::string& path);
  ~VectorRulingReader();

  struct PageRulings {
    Rulings rulings;            // points, top-left origin, the page turned by `turn`
    bool draws_images = false;  // the page paints an image (its rulings may be pixels)
  };
  // Page `index` (0-based), turned `turn` degrees clockwise (0, 90, 180, 270) beyond its /Rotate.
  PageRulings Read(int index, int turn);

 private:
  struct Impl;
  explicit VectorRulingReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_VECTOR_RULINGS_H_
