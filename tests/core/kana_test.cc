#include "core/kana.h"

#include <gtest/gtest.h>

namespace tsuzuri::kana {
namespace {

TEST(Kana, VoicedFormsOfHiraganaAndKatakana) {
  EXPECT_EQ(Voiced(U'ひ'), U'び');
  EXPECT_EQ(Voiced(U'ひ', true), U'ぴ');
  EXPECT_EQ(Voiced(U'か'), U'が');
  EXPECT_EQ(Voiced(U'ち'), U'ぢ');
  EXPECT_EQ(Voiced(U'つ'), U'づ');
  EXPECT_EQ(Voiced(U'と'), U'ど');
  EXPECT_EQ(Voiced(U'ほ'), U'ぼ');
  EXPECT_EQ(Voiced(U'ク'), U'グ');
  EXPECT_EQ(Voiced(U'ハ', true), U'パ');
  EXPECT_EQ(Voiced(U'テ'), U'デ');
}

TEST(Kana, NoVoicedFormForMarkedSmallOrOtherCharacters) {
  for (char32_t c : {U'び', U'ぴ', U'な', U'っ', U'ん', U'グ', U'ッ', U'科', U'A', U'1', U'ー'}) {
    EXPECT_EQ(Voiced(c), 0u) << static_cast<uint32_t>(c);
  }
  EXPECT_EQ(Voiced(U'か', true), 0u);  // ゜ only on the は row
}

TEST(Kana, MarksAreFoundAndTakenOff) {
  EXPECT_EQ(VoicingMark(U'び'), 1);
  EXPECT_EQ(VoicingMark(U'ぴ'), 2);
  EXPECT_EQ(VoicingMark(U'ガ'), 1);
  EXPECT_EQ(VoicingMark(U'゛'), 1);
  EXPECT_EQ(VoicingMark(U'゜'), 2);
  EXPECT_EQ(VoicingMark(U'ひ'), 0);
  EXPECT_EQ(VoicingMark(U'っ'), 0);  // the code point after ち's ぢ is not voiced
  EXPECT_EQ(WithoutMark(U'び'), U'ひ');
  EXPECT_EQ(WithoutMark(U'ぴ'), U'ひ');
  EXPECT_EQ(WithoutMark(U'ヅ'), U'ツ');
  EXPECT_EQ(WithoutMark(U'な'), U'な');
  std::u32string plain;
  EXPECT_EQ(CountMarks("こもれび心療内科", &plain), 1);
  EXPECT_EQ(plain, U"こもれひ心療内科");
  EXPECT_EQ(CountMarks("ごもれび", &plain), 2);
  EXPECT_EQ(plain, U"こもれひ");
  EXPECT_EQ(CountMarks("しらかば医院", nullptr), 1);
}

}  // namespace
}  // namespace tsuzuri::kana
