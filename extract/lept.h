// Internal to extract/: owning handles for Leptonica objects, so nothing is freed by hand.
// Leptonica's types are only forward-declared here; include <leptonica/allheaders.h> in the .cc.
#ifndef TSUZURI_EXTRACT_LEPT_H_
#define TSUZURI_EXTRACT_LEPT_H_

#include <memory>

struct Pix;
struct Boxa;
struct Pixa;

namespace tsuzuri::lept {

struct PixDeleter {
  void operator()(Pix* p) const;
};
struct BoxaDeleter {
  void operator()(Boxa* b) const;
};
struct PixaDeleter {
  void operator()(Pixa* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;
using PixaPtr = std::unique_ptr<Pixa, PixaDeleter>;

// Leptonica prints its errors on stderr; the pipeline reports its own. Call once, any thread.
void SilenceMessages();

}  // namespace tsuzuri::lept

#endif  // TSUZURI_EXTRACT_LEPT_H_
