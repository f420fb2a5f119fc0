// The matcher and the validation rules on small in-memory documents, with the shipped r4 template
// and with a variant template written only for this test.
#include <gtest/gtest.h>

#include "fields/pipeline.h"
#include "tests/fields/doc_builder.h"

namespace tsuzuri {
namespace {

using testing_util::DocBuilder;

const Template& R4() {
  static const TemplateSet* set = [] {
    Result<TemplateSet> s = LoadTemplates("templates");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return new TemplateSet(std::move(s).value());
  }();
  for (const Template& t : set->templates) {
    if (t.id == "grouping-report-r4") return t;
  }
  ADD_FAILURE() << "no grouping-report-r4 template";
  return set->templates.front();
}

Record Read(Document doc) {
  TemplateSet set;
  set.templates.push_back(R4());
  return MakeRecord(doc, set);
}

const std::vector<std::string> kHeader = {"", "医療機関名", "現状(補助金交付申請の前月から)",
                                          "計画", "実績"};

const Measure* Find(const Record& r, const std::string& section, const std::string& who,
                    const std::string& period, const std::string& metric) {
  for (const Measure& m : r.measures) {
    if (m.section == section && m.institution.value_or(m.metric) == who && m.period == period &&
        m.metric == metric) {
      return &m;
    }
  }
  return nullptr;
}

TEST(Matcher, ReadsPatientsWithFullWidthDigitsAndSpacedHeadings) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("１ 在宅に赴いて診療（往診、訪問診療）する合計診療患者数（※実人数を記載）");
  b.Table({kHeader,
           {"", "みらい平 クリニック", "４０ 名", "46 名", "48 名"},
           {"", "連携する医療機関内の合計", "40 名", "46 名", "48 名"}});
  Record r = Read(b.Build());
  ASSERT_EQ(r.form, "grouping-report");
  ASSERT_EQ(r.measures.size(), 6u);
  const Measure* m = Find(r, "patients", "みらい平クリニック", "current", "patients");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->value, 40);
  EXPECT_EQ(m->status, ValueStatus::kOk);
  EXPECT_EQ(m->raw_text, "４０ 名") << "raw text is kept as printed";
  EXPECT_TRUE(r.measures.back().is_total);
  EXPECT_TRUE(r.findings.empty());
}

TEST(Matcher, TotalRowAloneOnTheNextPageContinuesTheSection) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table(
      {kHeader,
       {"", "A医院", "合計回数:3回(うち往診:1回、訪問診療:2回)",
        "合計回数:4回(うち往診:1回、訪問診療:3回)", "合計回数:5回(うち往診:2回、訪問診療:3回)"}});
  b.NewPage().Line("※ a note between the parts");
  b.Table(
      {{"", "連携する医療機関内の合計", "合計回数:3回(うち往診:1回、訪問診療:2回)",
        "合計回数:4回(うち往診:1回、訪問診療:3回)", "合計回数:6回(うち往診:2回、訪問診療:4回)"}});
  Record r = Read(b.Build());
  ASSERT_EQ(r.measures.size(), 18u);
  const Measure* total = Find(r, "visits", "連携する医療機関内の合計", "actual", "visits");
  ASSERT_NE(total, nullptr);
  EXPECT_TRUE(total->is_total);
  EXPECT_EQ(total->page, 2);
  ASSERT_EQ(r.findings.size(), 2u) << "actual: rows say 5 and 3, total 6 and 4";
  EXPECT_EQ(r.findings[0].rule, "sum_of_rows");
  EXPECT_EQ(r.findings[0].message, "rows sum to 5, total row says 6");
  EXPECT_EQ(r.findings[1].metric, "visits_houmon");
  EXPECT_EQ(total->status, ValueStatus::kReview);
  EXPECT_EQ(Find(r, "visits", "A医院", "actual", "visits")->status, ValueStatus::kReview);
  EXPECT_EQ(Find(r, "visits", "A医院", "actual", "visits_oushin")->status, ValueStatus::kOk)
      << "往診 adds up (2 = 2): not involved";
}

TEST(Matcher, BreakdownAndDeathRulesFlagTheirValues) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({kHeader, {"", "A医院", "合計回数:50回(うち往診:14回、訪問診療:35回)", "", ""}});
  b.Line("3在宅に赴いて診療(往診、訪問診療)する合計診療患者数に占める死亡患者数");
  b.Table({{"", "医療機関名", "現状", "実績"},
           {"", "A医院", "死亡患者数:3名(うち医療機関以外:5名)",
            "死亡患者数:1名(うち医療機関以外:0名)"}});
  Record r = Read(b.Build());
  std::vector<std::string> rules;
  for (const Finding& f : r.findings) rules.push_back(f.rule + " " + f.message);
  const std::vector<std::string> want = {
      // Two effect tables of four: the other two are said to be missing.
      "missing_section no heading or table of patients was read, while the other effect tables "
      "were: its values are missing",
      "missing_value no value for visits (plan) of A医院",
      "missing_value no value for visits_oushin (plan) of A医院",
      "missing_value no value for visits_houmon (plan) of A医院",
      "missing_value no value for visits (actual) of A医院",
      "missing_value no value for visits_oushin (actual) of A医院",
      "missing_value no value for visits_houmon (actual) of A医院",
      "visits_breakdown A医院: 往診 14 + 訪問診療 35 = 49, 合計回数 says 50",
      "deaths_outside A医院: 医療機関以外 5 > 死亡患者数 3",
      "missing_section no heading or table of referrals was read, while the other effect tables "
      "were: its values are missing",
  };
  EXPECT_EQ(rules, want);
  EXPECT_EQ(Find(r, "visits", "A医院", "current", "visits_houmon")->status, ValueStatus::kReview);
  EXPECT_EQ(Find(r, "deaths", "A医院", "actual", "deaths")->status, ValueStatus::kOk);
  EXPECT_EQ(Find(r, "visits", "A医院", "current", "visits")->value, 50) << "never corrected";
}

TEST(Matcher, ReferralsReadNegativesAndCheckTheDifference) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("4グループ化した医療機関が後方支援病院等への紹介数");
  b.Table({{"", "現状(グループ化前(Ｒ３年度（Ａ）))", "実績(グループ化後(Ｒ４年度（Ｂ）))",
            "差（Ｂ）－（Ａ）"},
           {"紹  介  数", "11 件", "26 件", "15 件"},
           {"急変時の受入数", "12 件", "7 件", "－5 件"},
           {"逆 紹 介 数", "7 件", "16 件", "▲9 件"}});
  Record r = Read(b.Build());
  EXPECT_EQ(r.fiscal_year, 2022) << "the year of column B";
  ASSERT_EQ(r.measures.size(), 9u);
  EXPECT_EQ(Find(r, "referrals", "emergency_admissions", "diff", "emergency_admissions")->value,
            -5);
  EXPECT_FALSE(r.measures[0].institution.has_value());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "diff");
  EXPECT_EQ(r.findings[0].metric, "reverse_referrals");
  EXPECT_EQ(r.findings[0].message, "差 says -9, 実績 16 − 現状 7 = 9");
}

TEST(Matcher, UnreadableCellIsNullReviewAndExplained) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("1在宅に赴いて診療(往診、訪問診療)する合計診療患者数");
  b.Table({kHeader, {"", "A医院", "四十名", "2名", "3名"}});
  Record r = Read(b.Build());
  const Measure* m = Find(r, "patients", "A医院", "current", "patients");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->value.has_value());
  EXPECT_EQ(m->status, ValueStatus::kReview);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "unreadable_value");
  EXPECT_NE(r.findings[0].message.find("四十名"), std::string::npos) << r.findings[0].message;
}

TEST(Matcher, InitiativeContinuedOnTheNextPageIsJoined) {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("【地域で支え合う医療機関等の連携体制を構築するために必要な３つの取組】");
  b.Table({{"取組事項", "取組内容", "現状", "計画", "実績"},
           {"１ グループ化した\n医療機関等を支え\nる取組 ※グループ内", "①事務局：A\n・月に 1回",
            "0回", "2回", ""}});
  b.NewPage();
  b.Table({{"", "集まります。", "", "", "3回"}, {"2 患者・家族", "内容", "", "", ""}});
  Record r = Read(b.Build());
  ASSERT_EQ(r.initiatives.size(), 2u);
  EXPECT_EQ(r.initiatives[0].no, 1);
  EXPECT_EQ(r.initiatives[0].title, "グループ化した医療機関等を支える取組");
  EXPECT_EQ(r.initiatives[0].content, "①事務局:A・月に1回集まります。");
  EXPECT_EQ(r.initiatives[0].actual, "3回");
  EXPECT_EQ(r.initiatives[1].no, 2);
}

TEST(Matcher, UnknownDocumentHasNoFormAndNoValues) {
  DocBuilder b;
  b.Line("研修会のお知らせ").Table({{"日時", "令和5年10月14日"}, {"会場", "市医師会館"}});
  Record r = Read(b.Build());
  EXPECT_FALSE(r.form.has_value());
  EXPECT_FALSE(r.fiscal_year.has_value());
  EXPECT_TRUE(r.measures.empty());
  EXPECT_TRUE(r.initiatives.empty());
}

// A new year's variant needs only a template: here a made-up 令和7年度 wording in which 計画 is
// called 目標値, the total row is 「グループ合計」, and a visits cell reads 「計 57 回 (往診 20 回
// / 訪問 37 回)」.
constexpr const char* kVariant = R"yaml(
id: grouping-report-r7-test
form: grouping-report
recognize:
  all: [交付決定]
fiscal_year: ["(?<year>令和\\d+年度)"]
sections:
  - id: visits
    heading: 訪問回数
    institution_column: ^医療機関
    total_row: ^グループ合計
    periods: {current: ^現状, plan: ^目標値, actual: ^実績}
    metrics: [visits, visits_oushin, visits_houmon]
    values: ["計{visits}回\\(往診{visits_oushin}回/訪問{visits_houmon}回\\)"]
    unit: 回
rules:
  - id: visits_breakdown
    kind: row_equation
    section: visits
    check: visits = visits_oushin + visits_houmon
    message: "{row}: {visits_oushin} + {visits_houmon} != {visits}"
  - id: sum_of_rows
    kind: sum_of_rows
    sections: [visits]
    message: rows {rhs}, total {lhs}
)yaml";

TEST(Matcher, AVariantTemplateNeedsNoCodeChange) {
  Result<Template> variant = ParseTemplate(kVariant, "variant.yaml");
  ASSERT_TRUE(variant.ok()) << variant.status().ToString();
  TemplateSet set;
  set.templates.push_back(R4());
  set.templates.push_back(std::move(variant).value());
  DocBuilder b;
  b.Line("令和7年度 交付決定後の取組報告").Line("訪問回数");
  b.Table({{"医療機関", "現状", "目標値", "実績"},
           {"A医院", "計 57 回 (往診 20 回 / 訪問 37 回)", "計 6 回 (往診 1 回 / 訪問 5 回)",
            "計 1 回 (往診 1 回 / 訪問 0 回)"},
           {"グループ合計", "計 57 回 (往診 20 回 / 訪問 37 回)", "計 6 回 (往診 2 回 / 訪問 5 回)",
            "計 1 回 (往診 1 回 / 訪問 0 回)"}});
  Document doc = b.Build();
  Record r = MakeRecord(doc, set);
  EXPECT_EQ(r.template_id, "grouping-report-r7-test");
  EXPECT_EQ(r.fiscal_year, 2025);
  ASSERT_EQ(r.measures.size(), 18u);
  EXPECT_EQ(Find(r, "visits", "A医院", "current", "visits_houmon")->value, 37);
  std::vector<std::string> messages;
  for (const Finding& f : r.findings) messages.push_back(f.rule + ": " + f.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"visits_breakdown: グループ合計: 2 + 5 != 6",
                                                "sum_of_rows: rows 1, total 2"}));
}

}  // namespace
}  // namespace tsuzuri
