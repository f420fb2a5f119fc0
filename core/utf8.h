// Minimal UTF-8 helpers for stages that must walk code points without ICU (glyph boxes are per code
// point). Full Unicode work (normalization, properties) belongs to normalize/.
#ifndef TSUZURI_CORE_UTF8_H_
#define TSUZURI_CORE_UTF8_H_

#include <string>
#include <string_view>
#include <vector>

namespace tsuzuri::utf8 {

// Code points of `s`; an invalid byte sequence becomes U+FFFD (one per bad byte).
std::u32string Decode(std::string_view s);
// Appends `cp` to `out` as UTF-8 (an invalid code point as U+FFFD).
void Append(std::string& out, char32_t cp);
std::string Encode(std::u32string_view s);

}  // namespace tsuzuri::utf8

#endif  // TSUZURI_CORE_UTF8_H_
