#include "mail/charset.h"

#include <gtest/gtest.h>

namespace tsuzuri::mail {
namespace {

TEST(DecodeHeader, ReadsEncodedWordsInEveryCharsetJapaneseMailUses) {
  struct Case {
    const char* raw;
    const char* text;
  } cases[] = {
      {"plain ascii", "plain ascii"},
      // "報告" in UTF-8, base64 and Q.
      {"=?UTF-8?B?5aCx5ZGK?=", "報告"},
      {"=?utf-8?q?=E5=A0=B1=E5=91=8A_A?=", "報告 A"},
      // Two words: the white space between them is not part of the text.
      {"=?UTF-8?B?5aCx?= =?UTF-8?B?5ZGK?=", "報告"},
      // A character split between two words (E5 A0 | B1).
      {"=?UTF-8?B?5aA=?=\r\n =?UTF-8?B?seWRig==?=", "報告"},
      // ISO-2022-JP "報告" (JIS 4A73 3970), and ①㈱ (NEC row 13: 2D21, 2D6A), which glibc refuses.
      {"=?ISO-2022-JP?B?GyRCSnM5cBsoQg==?=", "報告"},
      {"=?ISO-2022-JP?B?GyRCLSEtahsoQg==?=", "①㈱"},
      // Shift_JIS "報告" (95 F1 8D 90).
      {"=?Shift_JIS?B?lfGNkA==?=", "報告"},
      {"Re: =?UTF-8?B?5aCx5ZGK?= done", "Re: 報告 done"},
      // RFC 2231 language tag in an encoded word.
      {"=?UTF-8*ja?B?5aCx5ZGK?=", "報告"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DecodeHeader(c.raw), c.text) << "raw: " << c.raw;
  }
}

TEST(DecodeHeader, ReadsRaw8BitCp932AndMarksWhatNoCharsetReads) {
  // "②報告" in CP932: 87 41, 95 F1, 8D 90.
  bool lossy = false;
  EXPECT_EQ(DecodeHeader("\x87\x41\x95\xF1\x8D\x90", &lossy), "②報告");
  EXPECT_FALSE(lossy);
  // Raw ISO-2022-JP (escape sequences, no encoded word): 報告.
  EXPECT_EQ(DecodeHeader("\x1B$BJs9p\x1B(B"), "報告");
  // 0xFF is no lead byte in CP932, and the text is not UTF-8.
  EXPECT_EQ(DecodeHeader("a\xFF", &lossy), "a\xEF\xBF\xBD");
  EXPECT_TRUE(lossy) << "a byte no charset reads is said, not dropped";
}

TEST(IsValidUtf8, RefusesOverlongAndTruncatedSequences) {
  EXPECT_TRUE(IsValidUtf8("報告 ok"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xE5\xA0"));      // cut short
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
}

}  // namespace
}  // namespace tsuzuri::mail
