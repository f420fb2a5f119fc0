// TextEncoder: writes UTF-8 text in the character set an export asks for: UTF-8 as it is, or
// CP932 (Windows-31J, the Shift_JIS of Japanese Windows and Excel) through ICU. A character CP932
// cannot hold is an error naming it, never a silent '?'. The few characters JIS X 0208 has once
// and Unicode twice (〜 WAVE DASH and ～, − and －, ‖ and ∥) are written as that JIS character's
// code, as Shift_JIS maps them (ICU's ibm-943_P130-1999): Excel shows ～ － ∥.
// Ownership: owns its ICU converters. Thread safety: one thread at a time.
#ifndef TSUZURI_DATASETS_ENCODING_H_
#define TSUZURI_DATASETS_ENCODING_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/status.h"

namespace tsuzuri {

enum class TextEncoding { kUtf8, kCp932 };

// "utf-8" / "cp932".
const char* TextEncodingName(TextEncoding encoding);

class TextEncoder {
 public:
  // Fails with Internal when ICU lacks the converters.
  static Result<std::unique_ptr<TextEncoder>> Create(TextEncoding encoding);
  ~TextEncoder();
  TextEncoder(const TextEncoder&) = delete;
  TextEncoder& operator=(const TextEncoder&) = delete;

  TextEncoding encoding() const;
  // Appends `utf8` encoded to `out`. InvalidArgument naming the first character the encoding
  // cannot hold (「𠮷」 U+20BB7), or bytes that are not UTF-8; `out` then holds a partial append.
  Status Append(std::string_view utf8, std::string* out);

 private:
  struct Impl;
  explicit TextEncoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_ENCODING_H_
