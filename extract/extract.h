// The extract stage's front door: a file in, a Document (pages of words, tables and cells) out.
// The file's kind is found from its bytes. Pages are read in parallel, one page source per
// worker thread.
// Thread safety: ExtractFile may be called from several threads at once.
#ifndef TSUZURI_EXTRACT_EXTRACT_H_
#define TSUZURI_EXTRACT_EXTRACT_H_

#include <functional>
#include <string>

#include "core/page.h"
#include "core/result.h"
#include "extract/page_source.h"

namespace tsuzuri {

struct ExtractOptions {
  PageSourceOptions source;
  // Worker threads for the pages of one document. Default: 0, the number of cores.
  int jobs = 0;
  // A document with more pages is refused with ResourceExhausted. Default: 2000.
  int max_pages = 2000;
  // A larger file is refused with ResourceExhausted before it is parsed. Default: 1 GiB.
  long long max_file_bytes = 1LL << 30;
};

// Reads `path` into a Document. Every failure is a Status whose message starts with the path and
// says why in a few words: no such file, empty file, not a PDF (with what it looks like),
// damaged, encrypted, too many pages, too large.
Result<Document> ExtractFile(const std::string& path, const ExtractOptions& options = {});

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_EXTRACT_H_
