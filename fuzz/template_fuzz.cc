// Fuzz target: the template loader (YAML + regular expressions) must never crash, hang or leak on
// any input; it returns a Status instead. Build with -DTSUZURI_BUILD_FUZZ=ON and clang (see
// docs/fuzzing.md); the normal build replays fuzz/corpus/template/ in ctest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fields/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  tsuzuri::Result<tsuzuri::Template> t = tsuzuri::ParseTemplate(yaml, "fuzz.yaml");
  (void)t.ok();
  return 0;
}
