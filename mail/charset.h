// Header text to UTF-8: RFC 2047 encoded-words and raw 8-bit bytes, decoded through ICU. Japanese
// mail is the reason this exists: ISO-2022-JP text that carries the NEC special characters (①, ㈱),
// which glibc's iconv (and so GMime's own decoding) refuses, and raw CP932 in headers.
// Internal to mail/ (the header is not installed for other stages). Thread safety: free functions.
#ifndef TSUZURI_MAIL_CHARSET_H_
#define TSUZURI_MAIL_CHARSET_H_

#include <optional>
#include <string>
#include <string_view>

namespace tsuzuri::mail {

// `bytes` in `charset` (an IANA or common name; ISO-2022-JP is read as its Microsoft superset
// CP50220, Shift_JIS as CP932) as UTF-8; none when the charset is unknown or the bytes are not
// valid in it.
std::optional<std::string> ToUtf8(std::string_view bytes, std::string_view charset);

// Raw header bytes as UTF-8: valid UTF-8 as it is, else ISO-2022-JP when it holds escape
// sequences, else CP932; bytes no charset reads become U+FFFD. Whether any did is set in `lossy`.
std::string RawToUtf8(std::string_view bytes, bool* lossy = nullptr);

// An unstructured header value (Subject, a display name) with its RFC 2047 encoded-words decoded
// (white space between two encoded-words dropped, as the RFC says) and the rest read by RawToUtf8.
std::string DecodeHeader(std::string_view raw, bool* lossy = nullptr);

// Whether `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace tsuzuri::mail

#endif  // TSUZURI_MAIL_CHARSET_H_
