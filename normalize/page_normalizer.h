// Fills the normalized text of a page: the step between a page source (extract/) and the field
// readers (fields/), which match only against Cell::text and Line::text.
// Thread safety: touches only the page it is given; pages may be normalized in parallel.
#ifndef TSUZURI_NORMALIZE_PAGE_NORMALIZER_H_
#define TSUZURI_NORMALIZE_PAGE_NORMALIZER_H_

#include "core/page.h"

namespace tsuzuri {

// Sets text = NormalizeText(raw_text) for every Cell of every Table and every Line of `page`,
// replacing what was there. Words keep their text as printed. Cannot fail.
void NormalizePage(Page& page);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_PAGE_NORMALIZER_H_
