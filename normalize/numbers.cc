#include "normalize/numbers.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <climits>
#include <cstdint>
#include <string>

#include "normalize/text.h"

namespace tsuzuri {
namespace {

// One code point of the text and where its bytes are.
struct Char {
  UChar32 c;
  size_t begin, end;
};

std::vector<Char> Decode(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const size_t length = text.size();
  std::vector<Char> chars;
  chars.reserve(length);
  for (size_t i = 0; i < length;) {
    const size_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    chars.push_back({c < 0 ? 0xFFFD : c, start, i});
  }
  return chars;
}

bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }

bool IsAsciiAlnum(UChar32 c) {
  return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// Signs that are never part of a word. ▲ and △ are the minus of Japanese accounting.
bool IsPlainSign(UChar32 c) {
  return c == '-' || c == '+' || c == 0x2212 /* − */ || c == 0x25B2 /* ▲ */ ||
         c == 0x25B3 /* △ */ || c == 0xFE63 || c == 0xFF0B || c == 0xFF0D;
}

// What OCR and fonts turn a minus into; each can also be part of a word (ー, 一) or a dash.
bool IsWordlikeSign(UChar32 c) {
  return c == 0x30FC /* ー */ || c == 0xFF70 /* ｰ */ || c == 0x4E00 /* 一 */ ||
         (c >= 0x2010 && c <= 0x2015) /* ‐ ‑ ‒ – — ― */;
}

bool IsSign(UChar32 c) { return IsPlainSign(c) || IsWordlikeSign(c); }

bool IsPlus(UChar32 c) { return c == '+' || c == 0xFF0B; }

bool IsRangeSeparator(UChar32 c) {
  return c == '~' || c == 0x301C /* 〜 */ || c == 0xFF5E /* ～ */;
}

bool At(const std::vector<Char>& cs, size_t k, UChar32 c) { return k < cs.size() && cs[k].c == c; }

bool DigitAt(const std::vector<Char>& cs, size_t k) { return k < cs.size() && IsDigit(cs[k].c); }

// Unit spellings and the unit they are given as.
struct UnitSpelling {
  std::u32string_view spelling;
  std::string_view unit;
};

constexpr UnitSpelling kUnits[] = {
    {U"回", "回"},     {U"名", "名"},     {U"件", "件"},     {U"人", "人"},     {U"箇所", "箇所"},
    {U"か所", "か所"}, {U"ヶ所", "か所"}, {U"ケ所", "か所"}, {U"カ所", "か所"}, {U"ヵ所", "か所"},
};

// Matches a unit at cs[k]; on success sets *unit and returns the index past it, else k.
size_t MatchUnit(const std::vector<Char>& cs, size_t k, std::string* unit) {
  for (const UnitSpelling& u : kUnits) {
    size_t i = 0;
    while (i < u.spelling.size() && At(cs, k + i, static_cast<UChar32>(u.spelling[i]))) ++i;
    if (i == u.spelling.size()) {
      *unit = u.unit;
      return k + i;
    }
  }
  return k;
}

enum class NumberScan { kOk, kNotANumber, kDecimal, kOverflow };

// Reads digits at cs[*k] with optional thousands separators (「1,234」: a first group of one to
// three digits, then groups of exactly three). Advances *k past what it read, including the
// fraction of a decimal.
NumberScan ScanUnsigned(const std::vector<Char>& cs, size_t* k, long long* value) {
  size_t j = *k;
  if (!DigitAt(cs, j)) return NumberScan::kNotANumber;
  bool overflow = false;
  long long v = 0;
  auto add_digit = [&](UChar32 c) {
    const int d = c - '0';
    if (v > (LLONG_MAX - d) / 10) overflow = true;
    if (!overflow) v = v * 10 + d;
  };
  size_t first_group = 0;
  for (; DigitAt(cs, j); ++j, ++first_group) add_digit(cs[j].c);
  if (first_group <= 3) {
    while (At(cs, j, ',') && DigitAt(cs, j + 1) && DigitAt(cs, j + 2) && DigitAt(cs, j + 3) &&
           !DigitAt(cs, j + 4)) {
      for (size_t g = j + 1; g <= j + 3; ++g) add_digit(cs[g].c);
      j += 4;
    }
  }
  if (At(cs, j, '.') && DigitAt(cs, j + 1)) {
    for (++j; DigitAt(cs, j); ++j) {
    }
    *k = j;
    return NumberScan::kDecimal;
  }
  *k = j;
  if (overflow) return NumberScan::kOverflow;
  *value = v;
  return NumberScan::kOk;
}

// A sign (any of IsSign; the caller decided it is one) followed by a number.
NumberScan ScanSigned(const std::vector<Char>& cs, size_t* k, long long* value) {
  bool negative = false;
  size_t j = *k;
  if (j < cs.size() && IsSign(cs[j].c) && DigitAt(cs, j + 1)) {
    negative = !IsPlus(cs[j].c);
    ++j;
  }
  const NumberScan scan = ScanUnsigned(cs, &j, value);
  *k = j;
  if (scan == NumberScan::kOk && negative) *value = -*value;
  return scan;
}

// A quantity starting at cs[*k] (a sign the caller accepted, or a digit): number, unit, and an
// optional range 「~」 to a second number with the same unit or none. Advances *k past what it
// read even on failure, so that a scan can go on after it.
std::optional<Quantity> ScanQuantity(const std::vector<Char>& cs, size_t* k) {
  const size_t start = *k;
  Quantity q;
  size_t j = *k;
  if (ScanSigned(cs, &j, &q.value) != NumberScan::kOk) {
    *k = j;
    return std::nullopt;
  }
  j = MatchUnit(cs, j, &q.unit);
  if (j < cs.size() && IsRangeSeparator(cs[j].c) &&
      (DigitAt(cs, j + 1) || (j + 1 < cs.size() && IsSign(cs[j + 1].c) && DigitAt(cs, j + 2)))) {
    size_t h = j + 1;
    long long high = 0;
    if (ScanSigned(cs, &h, &high) == NumberScan::kOk) {
      std::string high_unit;
      const size_t after = MatchUnit(cs, h, &high_unit);
      if (q.unit.empty() || high_unit.empty() || q.unit == high_unit) {
        q.high = high;
        if (!high_unit.empty()) q.unit = high_unit;
        j = after;
      }
    }
  }
  q.begin = cs[start].begin;
  q.end = cs[j - 1].end;
  *k = j;
  return q;
}

}  // namespace

std::optional<Quantity> ParseQuantity(std::string_view text) {
  const std::string normalized = NormalizeText(text);
  const std::vector<Char> cs = Decode(normalized);
  if (cs.empty()) return std::nullopt;
  // As the text is the quantity, any sign before the digits is one.
  if (!IsDigit(cs[0].c) && !(IsSign(cs[0].c) && DigitAt(cs, 1))) return std::nullopt;
  size_t k = 0;
  std::optional<Quantity> q = ScanQuantity(cs, &k);
  if (!q || k != cs.size()) return std::nullopt;
  return q;
}

std::vector<Quantity> FindQuantities(std::string_view text) {
  const std::vector<Char> cs = Decode(text);
  std::vector<Quantity> found;
  size_t unit_end = SIZE_MAX;  // index just past the last quantity with a unit
  for (size_t k = 0; k < cs.size();) {
    const UChar32 c = cs[k].c;
    bool starts = IsDigit(c);
    if (!starts && IsSign(c) && DigitAt(cs, k + 1)) {
      if (k == 0 || k == unit_end) {
        starts = true;
      } else if (IsPlainSign(c)) {
        starts = !IsAsciiAlnum(cs[k - 1].c);  // 「1-2」 and 「A-1」 are hyphens
      } else {
        starts = !u_isalnum(cs[k - 1].c);  // 「データー5」: the ー belongs to the word
      }
    }
    if (!starts) {
      ++k;
      continue;
    }
    const size_t at = k;
    std::optional<Quantity> q = ScanQuantity(cs, &k);
    if (k == at) ++k;  // cannot happen (a digit is always read), but never loop forever
    if (q) {
      if (!q->unit.empty()) unit_end = k;
      found.push_back(std::move(*q));
    }
  }
  return found;
}

}  // namespace tsuzuri
