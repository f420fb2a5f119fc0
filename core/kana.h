// Kana and their voicing marks (゛ dakuten, ゜ handakuten), for the stages that compare OCR
// readings without ICU: extract/ adds a mark a reading lost, fields/ compares names that differ
// by marks. Hiragana (U+3041-3096) and katakana (U+30A1-30F6) only; ゔ/ヴ are left out.
#ifndef TSUZURI_CORE_KANA_H_
#define TSUZURI_CORE_KANA_H_

#include <string_view>

namespace tsuzuri::kana {

// The form of `c` with ゛ (or with ゜ when `semi`): び for ひ, ぴ for ひ and semi. 0 when `c`
// has no such form (び, な, 科, a letter).
char32_t Voiced(char32_t c, bool semi = false);
// The mark `c` carries: 1 for ゛ (が, or ゛ alone), 2 for ゜ (ぱ, or ゜ alone), 0 for none.
int VoicingMark(char32_t c);
// `c` without its mark (ひ for び and ぴ); other code points as they are.
char32_t WithoutMark(char32_t c);
// How many code points of `s` (UTF-8) carry a mark; `plain` gets `s` without marks.
int CountMarks(std::string_view s, std::u32string* plain);

}  // namespace tsuzuri::kana

#endif  // TSUZURI_CORE_KANA_H_
