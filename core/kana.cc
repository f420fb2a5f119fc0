#include "core/kana.h"

#include "core/utf8.h"

namespace tsuzuri::kana {

// Hiragana and katakana share one layout, 0x60 apart: か..ち (odd code points), つ, て and と take
// ゛ as the next code point; は, ひ, ふ, へ and ほ take ゛ as the next and ゜ as the one after.
char32_t Voiced(char32_t c, bool semi) {
  char32_t h = 0;  // as hiragana
  if (c >= 0x3041 && c <= 0x3096) {
    h = c;
  } else if (c >= 0x30A1 && c <= 0x30F6) {
    h = c - 0x60;
  } else {
    return 0;
  }
  const bool ha_row = h == 0x306F || h == 0x3072 || h == 0x3075 || h == 0x3078 || h == 0x307B;
  if (semi) return ha_row ? c + 2 : 0;
  const bool voices = (h >= 0x304B && h <= 0x3061 && h % 2 == 1) || h == 0x3064 || h == 0x3066 ||
                      h == 0x3068 || ha_row;
  return voices ? c + 1 : 0;
}

int VoicingMark(char32_t c) {
  if (c == 0x309B || c == 0x3099 || c == 0xFF9E) return 1;
  if (c == 0x309C || c == 0x309A || c == 0xFF9F) return 2;
  const char32_t base = WithoutMark(c);
  if (base == c) return 0;
  return Voiced(base) == c ? 1 : 2;
}

char32_t WithoutMark(char32_t c) {
  if (c >= 1 && Voiced(c - 1, false) == c) return c - 1;
  if (c >= 2 && Voiced(c - 2, true) == c) return c - 2;
  return c;
}

int CountMarks(std::string_view s, std::u32string* plain) {
  int marks = 0;
  if (plain != nullptr) plain->clear();
  for (char32_t c : utf8::Decode(s)) {
    const char32_t base = WithoutMark(c);
    marks += base != c;
    if (plain != nullptr) *plain += base;
  }
  return marks;
}

}  // namespace tsuzuri::kana
