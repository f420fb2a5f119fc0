// Quantities (counts) in normalized text: 「40名」, 「-5件」 (also written 「▲5件」, or OCR's
// 「ー5件」), 「1~2回」, 「1,234件」. Integers only; a decimal such as 「1.5」 is not a quantity.
// Thread-safe: pure functions over values.
#ifndef TSUZURI_NORMALIZE_NUMBERS_H_
#define TSUZURI_NORMALIZE_NUMBERS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsuzuri {

struct Quantity {
  long long value = 0;            // the number, or the low end of a range; negative for 「-5件」
  std::optional<long long> high;  // the high end of a range 「1~2回」; empty for a single number
  // "回" "名" "件" "人" "か所" "箇所", or "" for none; ヶ所 ケ所 カ所 ヵ所 are given as "か所".
  std::string unit;
  size_t begin = 0;  // byte offset of the first character (the sign, if any) in the text
  size_t end = 0;    // byte offset just past the unit (or the last digit)
};

// The quantity that `text` consists of, after NormalizeText: 「４０ 名」, 「－5 件」, 「△5」,
// 「1～2回」. A minus may be written - − ▲ △ ー 一 ― ‐ (OCR reads a minus as a dash or 一).
// begin/end are offsets in NormalizeText(text). nullopt when the text is anything else (empty,
// two numbers, other words, a decimal, a number too large for long long).
std::optional<Quantity> ParseQuantity(std::string_view text);

// Every quantity in already normalized text (Cell::text), in order; numbers without a unit
// included (「9月」 gives 9). begin/end are offsets in `text`. A dash or 一 before a digit is a
// minus only where it cannot be part of a word: at the start, after punctuation, or right after
// a quantity with a unit (「7件ー5件」); 「データー5件」 gives 5.
std::vector<Quantity> FindQuantities(std::string_view text);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_NUMBERS_H_
