// The original bytes of a stored document, to draw its pages for a person. Read from the store's
// kept originals when there are any, else from the file the document was last loaded from
// (documents.path), as for documents loaded before originals were kept.
// Thread safety: as the Database.
#ifndef TSUZURI_REVIEW_ORIGINALS_H_
#define TSUZURI_REVIEW_ORIGINALS_H_

#include <string>

#include "core/result.h"
#include "store/database.h"
#include "store/reviews.h"

namespace tsuzuri {

// The document's bytes. NotFound when neither the store nor the file has them (the file moved),
// naming the path; Corruption when the file's content is no longer the document's (SHA-256).
Result<std::string> OriginalBytes(Database& db, const ReviewDocument& doc);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_ORIGINALS_H_
