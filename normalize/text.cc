#include "normalize/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace tsuzuri {
namespace {

struct RadicalMapping {
  UChar32 radical;
  UChar32 ideograph;
};

constexpr RadicalMapping kRadicalsSupplement[] = {
#include "normalize/radicals_table.inc"
};

constexpr bool RadicalLess(const RadicalMapping& a, const RadicalMapping& b) {
  return a.radical < b.radical;
}
static_assert(std::is_sorted(std::begin(kRadicalsSupplement), std::end(kRadicalsSupplement),
                             RadicalLess),
              "radicals_table.inc must be sorted");

UChar32 MapRadical(UChar32 c) {
  if (c < 0x2E80 || c > 0x2EFF) return c;
  const RadicalMapping key{c, 0};
  const auto* it = std::lower_bound(std::begin(kRadicalsSupplement), std::end(kRadicalsSupplement),
                                    key, RadicalLess);
  return (it != std::end(kRadicalsSupplement) && it->radical == c) ? it->ideograph : c;
}

// NFKC restricted to everything but ①..⑳. Built once, never destroyed (ICU objects outliving
// main() is harmless; destroying them at exit is not always).
const icu::Normalizer2* NfkcKeepingCircledNumbers() {
  static const icu::Normalizer2* const normalizer = []() -> const icu::Normalizer2* {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || nfkc == nullptr) return nullptr;
    auto* keep = new icu::UnicodeSet(0x2460, 0x2473);
    keep->complement().freeze();  // frozen sets are safe to share between threads
    return new icu::FilteredNormalizer2(*nfkc, *keep);
  }();
  return normalizer;
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Unicode White_Space (most of it is U+0020 after NFKC).
bool IsSpace(UChar32 c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Invisible characters that PDF text layers carry and no template author would type: soft
// hyphen, zero-width space, word joiner, BOM. Dropped without separating anything.
bool IsInvisible(UChar32 c) { return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF; }

}  // namespace

std::string Nfkc(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);  // NFKC leaves ASCII alone

  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const size_t length = utf8.size();
  icu::UnicodeString src;
  for (size_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    src.append(c < 0 ? 0xFFFD : MapRadical(c));
  }

  icu::UnicodeString dst;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = NfkcKeepingCircledNumbers();
  if (nfkc != nullptr) nfkc->normalize(src, dst, status);
  // Without ICU's data there is nothing better to return than the decoded text.
  if (nfkc == nullptr || U_FAILURE(status)) dst = src;
  std::string out;
  dst.toUTF8String(out);
  return out;
}

std::string NormalizeText(std::string_view raw) {
  const std::string s = Nfkc(raw);  // well-formed from here on
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const size_t length = s.size();
  std::string out;
  out.reserve(length);
  bool after_space = false;
  bool after_break = false;  // the white space held a line break
  for (size_t i = 0; i < length;) {
    const size_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (IsInvisible(c)) continue;
    if (IsSpace(c)) {
      after_space = true;
      after_break =
          after_break || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85;
      continue;
    }
    // A multi-byte character never ends in an ASCII byte, so out.back() is enough. Japanese
    // wraps anywhere, even inside a number (「３\n５ 回」 is 35), so a line break separates only
    // two Latin letters (a wrapped English word boundary); a space on one line separates any two
    // ASCII letters or digits (「1 2」).
    if (after_space && !out.empty()) {
      const bool keep = after_break ? IsAsciiLetter(out.back()) && IsAsciiLetter(s[start])
                                    : IsAsciiAlnum(out.back()) && IsAsciiAlnum(s[start]);
      if (keep) out += ' ';
    }
    after_space = false;
    after_break = false;
    out.append(s, start, i - start);
  }
  return out;
}

}  // namespace tsuzuri
