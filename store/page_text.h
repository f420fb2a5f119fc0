// PageText: the full text of a page as the store keeps it for reading and full-text search: the
// text lines outside tables and the tables (a line per table row, cells separated by a tab),
// merged top to bottom. Normalized text is used where normalize/ has filled it, the text as
// printed elsewhere; a page with neither lines nor tables (a bare OCR page) gives its words.
// Thread safety: a free function over values.
#ifndef TSUZURI_STORE_PAGE_TEXT_H_
#define TSUZURI_STORE_PAGE_TEXT_H_

#include <string>

#include "core/page.h"

namespace tsuzuri {

// The text of `page`, lines joined with '\n'; empty for a page without text.
std::string PageText(const Page& page);

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_PAGE_TEXT_H_
