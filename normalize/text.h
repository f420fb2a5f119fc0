// Text normalization: the one canonical form of text that every later stage matches against
// (Cell::text, Line::text, template labels). NFKC with two deliberate exceptions, then layout
// white space removed. The rules, for template authors, are in docs/normalize.md.
//
// All functions take and return UTF-8 and never fail: ill-formed UTF-8 becomes U+FFFD.
// Thread-safe: pure functions (ICU's normalization data is shared read-only).
#ifndef TSUZURI_NORMALIZE_TEXT_H_
#define TSUZURI_NORMALIZE_TEXT_H_

#include <string>
#include <string_view>

namespace tsuzuri {

// Unicode NFKC, except that the circled numbers ①..⑳ (U+2460..U+2473, list markers) are kept,
// and CJK radicals become the unified ideographs they stand for (Kangxi radicals by NFKC, the
// CJK Radicals Supplement U+2E80..U+2EFF by Unicode's EquivalentUnifiedIdeograph: ⻑ -> 長).
// Ill-formed UTF-8 is replaced by U+FFFD (one per maximal ill-formed subsequence).
std::string Nfkc(std::string_view utf8);

// The canonical text: Nfkc, then every run of white space (spaces, tabs, U+3000, line breaks)
// is dropped, or kept as one ' ' when the characters on both sides are ASCII letters or digits
// (if the run holds a line break: both Latin letters, since a number may wrap: 「3\n5」 -> 「35」);
// nothing leading or trailing; invisible characters (U+00AD, U+200B, U+2060, U+FEFF) dropped.
// 「現  状」 -> 「現状」, 「４０ 名」 -> 「40名」, 「1 2」 -> 「1 2」.
// Idempotent: NormalizeText(NormalizeText(s)) == NormalizeText(s).
std::string NormalizeText(std::string_view raw);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_TEXT_H_
