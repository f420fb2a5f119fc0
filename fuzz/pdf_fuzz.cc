// Fuzz target: reading untrusted PDF bytes (Poppler, the render used for rulings, the grid, the
// layout) must never crash; a bad file gives a Status. Poppler reads files, so the input is
// written to a temporary file first. Build with -DTSUZURI_BUILD_FUZZ=ON and clang (see
// docs/fuzzing.md); the normal build replays fuzz/corpus/pdf/ in ctest.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  char path[] = "/tmp/tsuzuri_pdf_fuzz_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return 0;
  const bool written = write(fd, data, size) == static_cast<ssize_t>(size);
  close(fd);
  if (written) {
    tsuzuri::ExtractOptions options;
    options.jobs = 1;
    options.max_pages = 20;
    tsuzuri::Result<tsuzuri::Document> doc = tsuzuri::ExtractFile(path, options);
    (void)doc.ok();
  }
  std::remove(path);
  return 0;
}
