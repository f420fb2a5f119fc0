#include "normalize/text.h"

#include <gtest/gtest.h>

#include <string>

namespace tsuzuri {
namespace {

struct Case {
  std::string input;
  std::string want;
};

TEST(Nfkc, FoldsWidthAndCompatibilityForms) {
  const Case cases[] = {
      {"", ""},
      {"plain ascii", "plain ascii"},
      {"４０名", "40名"},
      {"（Ｒ４年度（Ｂ））", "(R4年度(B))"},
      {"合計回数：２９１回", "合計回数:291回"},
      {"－5 件", "-5 件"},             // full-width hyphen-minus
      {"1～2回", "1~2回"},             // full-width tilde
      {"1〜2回", "1〜2回"},            // the wave dash is not a compatibility character
      {"ｶﾞｲﾄﾞ", "ガイド"},             // half-width katakana
      {"㈱ケアーズ", "(株)ケアーズ"},  // from the 在宅医療連携拠点 summary table
      {"㍻30年度", "平成30年度"},
      {"㋿4年度", "令和4年度"},
      {"竜ヶ崎", "竜ヶ崎"},  // small ヶ stays
      {"ＭＳＷ，栄養士", "MSW,栄養士"},
      {"\u3000", " "},  // ideographic space
  };
  for (const Case& c : cases) EXPECT_EQ(Nfkc(c.input), c.want) << "case: " << c.input;
}

TEST(Nfkc, KeepsCircledNumbersAsListMarkers) {
  const Case cases[] = {
      {"①事務局、調整機能を担う方", "①事務局、調整機能を担う方"},
      {"①②③", "①②③"},
      {"⑳", "⑳"},
      {"㉑", "21"},      // U+3251: past ⑳, NFKC applies
      {"⑴", "(1)"},      // parenthesized, not circled
      {"①Ｒ４", "①R4"},  // the rest of the text is still normalized
  };
  for (const Case& c : cases) EXPECT_EQ(Nfkc(c.input), c.want) << "case: " << c.input;
}

TEST(Nfkc, MapsRadicalsToUnifiedIdeographs) {
  const Case cases[] = {
      // CJK Radicals Supplement: NFKC leaves these, the generated table maps them.
      {"⺟", "母"},
      {"⻑", "長"},
      {"⻘", "青"},
      {"⻝", "食"},
      {"⻄", "西"},
      {"院⻑", "院長"},
      {"\u2E80", "\u2E80"},      // CJK RADICAL REPEAT has no equivalent ideograph
      {"\u2E87", "\U00020628"},  // maps outside the BMP
      // Kangxi radicals: NFKC itself.
      {"⼀", "一"},
      {"⾧", "長"},
      {"⾷", "食"},
  };
  for (const Case& c : cases) EXPECT_EQ(Nfkc(c.input), c.want) << "case: " << c.input;
}

TEST(Nfkc, ReplacesInvalidUtf8WithReplacementCharacter) {
  const Case cases[] = {
      {"a\xFF"
       "b",
       "a\uFFFD"
       "b"},
      {"\xFF\xFE", "\uFFFD\uFFFD"},
      {"回\xE3\x81", "回\uFFFD"},                        // truncated sequence at the end
      {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},            // an encoded surrogate
      {"\xC0\xAF", "\uFFFD\uFFFD"},                      // overlong '/'
      {std::string("a\0b", 3), std::string("a\0b", 3)},  // NUL is a character like any other
  };
  for (const Case& c : cases) EXPECT_EQ(Nfkc(c.input), c.want) << "case: " << c.input;
}

TEST(NormalizeText, RemovesLayoutSpacesBetweenJapaneseCharacters) {
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {"現  状", "現状"},
      {"紹  介  数", "紹介数"},
      {"逆 紹 介 数", "逆紹介数"},
      {"急 変 時 の 受 入 数", "急変時の受入数"},
      {"計 画", "計画"},
      {" 【参入促進・連携（グループ化）の取組効果】 ", "【参入促進・連携(グループ化)の取組効果】"},
      {"死亡患者数:  0 名(うち医療機関以外:    0 名)", "死亡患者数:0名(うち医療機関以外:0名)"},
      {"死亡患者数: 9  名(うち医療機関以外:   4  名)", "死亡患者数:9名(うち医療機関以外:4名)"},
      {"４０ 名", "40名"},
      {"－5 件", "-5件"},
      {"（Ｒ４年度（Ｂ））", "(R4年度(B))"},
      {"（グループ化後（Ｒ４年度（Ｂ）））", "(グループ化後(R4年度(B)))"},
      {"差（Ｂ）－（Ａ）", "差(B)-(A)"},
      {"平成30年度医療提供施設等グループ化推進事業計画（報告）書",
       "平成30年度医療提供施設等グループ化推進事業計画(報告)書"},
      {"1～2か月に 1回", "1~2か月に1回"},
      {"多職種での症例検討会を 3ヶ月に 1回行います。",
       "多職種での症例検討会を3ヶ月に1回行います。"},
      {"・令和 3年 3月 出前講座（元気はつらつ教室）", "・令和3年3月出前講座(元気はつらつ教室)"},
      {"\t現\u3000状\t", "現状"},
      {"a\u200Bb", "ab"},  // zero-width space: invisible, not a space
      {"a \u200B b", "a b"},
      {"\uFEFF現状", "現状"},          // BOM
      {"グルー\u00ADプ", "グループ"},  // soft hyphen
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeText(c.input), c.want) << "case: " << c.input;
}

TEST(NormalizeText, KeepsOneSpaceOnlyBetweenAsciiLettersOrDigits) {
  const Case cases[] = {
      {"1 2", "1 2"},
      {"1    2", "1 2"},
      {"Weekly  meeting", "Weekly meeting"},
      {"ICT ツール", "ICTツール"},
      {"グループ 1", "グループ1"},
      {"「竜ヶ崎地区グループ 1」", "「竜ヶ崎地区グループ1」"},
      {"グループ内の ICT化を進めて", "グループ内のICT化を進めて"},
      {"11/16，1/9，3/20 症例検討", "11/16,1/9,3/20症例検討"},
      {"Ｒ ４", "R 4"},  // full-width letters are ASCII after NFKC
      {"1 , 2", "1,2"},  // punctuation is not a letter or digit
      {"\u3000ＡＢＣ\u3000ｄｅｆ\u3000", "ABC def"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeText(c.input), c.want) << "case: " << c.input;
}

TEST(NormalizeText, JoinsLineBreaksInsideCells) {
  const Case cases[] = {
      // A value split over two lines of a cell (table 2 of the つくば市医師会 report).
      {"合計回数 : 291 回(うち往診 : 31 回、訪問診療 :\n260 回)",
       "合計回数:291回(うち往診:31回、訪問診療:260回)"},
      {"合計回数:315 回(うち往診: 55 回、訪問診療:260\n回)",
       "合計回数:315回(うち往診:55回、訪問診療:260回)"},
      {"在宅に赴いて\n診療（往診、訪\n問診療）する合\n計回数",
       "在宅に赴いて診療(往診、訪問診療)する合計回数"},
      {"みらい平ク\nリニック", "みらい平クリニック"},
      {"40\n名", "40名"},
      {"Weekly\nmeeting", "Weekly meeting"},  // both sides Latin letters: a space
      {"ＭＳ\nＷ，ケース", "MS W,ケース"},    // even inside a word broken by a narrow cell
      {"R\n4年度", "R4年度"},                 // a letter and a digit: joined
      {"1\r\n2", "12"},                       // a number wrapped inside a narrow cell
      {"３\n５ 回", "35回"},
      {"1 \n 2", "12"},     // a line break among the spaces makes it a wrap
      {"a\u2028b", "a b"},  // LINE SEPARATOR
      {"\n\n現状\n\n", "現状"},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeText(c.input), c.want) << "case: " << c.input;
}

TEST(NormalizeText, IsIdempotent) {
  const std::string inputs[] = {
      "合計回数 : 291 回(うち往診 : 31 回、訪問診療 :\n260 回)",
      "（グループ化後（Ｒ４年度（Ｂ）））",
      "①事務局 ⻑ 1 2 ICT ツール",
      "a\xFF b",
  };
  for (const std::string& in : inputs) {
    const std::string once = NormalizeText(in);
    EXPECT_EQ(NormalizeText(once), once) << "case: " << in;
  }
}

TEST(NormalizeText, SurvivesInvalidUtf8) {
  EXPECT_EQ(NormalizeText("\xFF 名"), "\uFFFD名");
  EXPECT_EQ(NormalizeText("4\xE3\x81 0"), "4\uFFFD0");
}

}  // namespace
}  // namespace tsuzuri
