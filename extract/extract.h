// The extract stage's front door: a file in, a Document (pages of words, tables and cells) out.
// The file's kind is found from its bytes: PDFs go to the PDF source (text layer, OCR for pages
// without a usable one), PNG/JPEG/TIFF to the image source (OCR). Pages are read in parallel, one
// page source (and so one OCR engine) per worker thread.
// Thread safety: ExtractFile may be called from several threads at once.
#ifndef TSUZURI_EXTRACT_EXTRACT_H_
#define TSUZURI_EXTRACT_EXTRACT_H_

#include <functional>
#include <string>

#include "core/page.h"
#include "core/result.h"
#include "extract/file_info.h"
#include "extract/page_source.h"

namespace tsuzuri {

struct ExtractOptions {
  // What the page sources do. OCR on/off, its rendering dpi (300) and the pixel limit per page
  // (100 million) are in source.ocr (extract/ocr_page.h).
  PageSourceOptions source;
  // Worker threads for the pages of one document. Default: 0, the number of cores.
  int jobs = 0;
  // A document with more pages is refused with ResourceExhausted. Default: 2000.
  int max_pages = 2000;
  // A larger file is refused with ResourceExhausted before it is parsed. Default: 1 GiB.
  long long max_file_bytes = 1LL << 30;
  // Reading one document may take at most this long (seconds; OCR is about 1-2 s per page per
  // worker); past it the document fails with ResourceExhausted naming the file. 0: no limit.
  // Default: 600.
  double time_limit_seconds = 600;
};

// Reads `path` into a Document. Every failure is a Status whose message starts with the path and
// says why in a few words: no such file, empty file, not a PDF or image, damaged, encrypted, too
// many pages, too large, too many pixels, too slow. `inspected`, when given, is InspectFile(path)
// just taken by the caller: the file is then not read and hashed a second time.
Result<Document> ExtractFile(const std::string& path, const ExtractOptions& options = {},
                             const FileInfo* inspected = nullptr);

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_EXTRACT_H_
