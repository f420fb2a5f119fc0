#include "extract/lept.h"

#include <leptonica/allheaders.h>

#include <mutex>

namespace tsuzuri::lept {

void PixDeleter::operator()(Pix* p) const { pixDestroy(&p); }
void BoxaDeleter::operator()(Boxa* b) const { boxaDestroy(&b); }
void PixaDeleter::operator()(Pixa* p) const { pixaDestroy(&p); }

void SilenceMessages() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

}  // namespace tsuzuri::lept
