// Validation of OCR'd values: two readings, confidence, and institution names across tables.
#include <gtest/gtest.h>

#include <algorithm>

#include "fields/pipeline.h"
#include "tests/fields/doc_builder.h"

namespace tsuzuri {
namespace {

using testing_util::DocBuilder;

Record Read(Document doc) {
  Result<TemplateSet> set = LoadTemplates("templates");
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return MakeRecord(doc, *set);
}

const std::vector<std::string> kHeader = {"", "医療機関名", "現状", "計画", "実績"};

DocBuilder Patients() {
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("1在宅に赴いて診療(往診、訪問診療)する合計診療患者数(※実人数を記載)");
  return b;
}

std::vector<std::string> Rules(const Record& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.push_back(f.rule);
  return out;
}

TEST(OcrChecks, DisagreeingReadingsWithNothingToDecideAreReview) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "A医院", "40名", "2名", "3名"}}).Ocr(1, 2, "46名");
  Record r = Read(b.Build());
  ASSERT_EQ(r.measures.size(), 3u);
  EXPECT_EQ(r.measures[0].value, 40) << "the first reading is kept";
  EXPECT_EQ(r.measures[0].second_value, 46);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
  EXPECT_EQ(r.measures[1].status, ValueStatus::kOk);
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_disagreement"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: read 40, a second reading gives 46");
}

TEST(OcrChecks, TheOneReadingThatSatisfiesEveryRuleIsTaken) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "46名", "2名", "3名"},
           {"", "B医院", "1名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "41名", "4名", "6名"}})
      .Ocr(1, 2, "40名");
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: read 46, a second reading gives 40; only 40 satisfies "
            "every rule");
  EXPECT_EQ(r.measures[0].value, 40);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

TEST(OcrChecks, TwoReadingsThatBothFitAreNotGuessed) {
  DocBuilder b = Patients();
  // Both 46 and 40 fail for A医院 unless B医院 changes too: two ways to satisfy the sum.
  b.Table({kHeader,
           {"", "A医院", "46名", "2名", "3名"},
           {"", "B医院", "1名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "47名", "4名", "6名"}})
      .Ocr(1, 2, "40名")
      .Ocr(2, 2, "7名");
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), (std::vector<std::string>{"ocr_disagreement", "ocr_disagreement"}));
  EXPECT_EQ(r.measures[0].value, 46);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
}

// Tesseract reads the 0 of this font as 9 or 6, in both readings; the second reading's
// recognizer also considered 0. Only 0 makes the rows sum to the total.
TEST(OcrChecks, AnotherDigitTheRecognizerConsideredIsTakenWhenOnlyItSatisfiesTheRules) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "9名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "5名", "4名", "6名"}})
      .Ocr(1, 2, "6名")
      .Alternatives(1, 2, {"0名", "9名", "8名"});
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: read 9, a second reading gives 6 (its recognizer also "
            "considered 0, 8); only 0 satisfies every rule");
  EXPECT_EQ(r.measures[0].value, 0);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// The readings disagree between 9 and 6 at one digit, and the recognizer considered nothing
// else: a 0 there (the slashed 0 is read 6, 8 or 9) is a candidate too, and only it makes the
// rows sum to the total.
TEST(OcrChecks, AZeroIsTriedWhereTheReadingsDisagreeBetween6And9) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "19名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "15名", "4名", "6名"}})
      .Ocr(1, 2, "16名");
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: read 19, a second reading gives 16 (a 0 is read 6, 8 or "
            "9, or lost); only 10 satisfies every rule");
  EXPECT_EQ(r.measures[0].value, 10);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// The first reading lost the 0 of 「10」 (read 1), the second read it 6: 10 is a candidate too.
TEST(OcrChecks, AZeroIsTriedWhereOneReadingLostIt) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "1名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "15名", "4名", "6名"}})
      .Ocr(1, 2, "16名");
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.measures[0].value, 10);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// The first reading gives 29 for 「20」, the second 209 (the 0, then the 9 the first read for
// it): 20 is a candidate too, and only it makes the rows sum to the total.
TEST(OcrChecks, AZeroIsTriedWhereOneReadingGivesItBeforeTheOthersDigit) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "29名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "25名", "4名", "6名"}})
      .Ocr(1, 2, "209名");
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: read 29, a second reading gives 209 (a 0 is read 6, 8 "
            "or 9, or lost); only 20 satisfies every rule");
  EXPECT_EQ(r.measures[0].value, 20);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// Readings that disagree otherwise (4 and 7) get no 0.
TEST(OcrChecks, NoZeroIsTriedWhereTheReadingsDisagreeOtherwise) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "14名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "15名", "4名", "6名"}})
      .Ocr(1, 2, "17名");
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), (std::vector<std::string>{"ocr_disagreement", "sum_of_rows"}));
  EXPECT_EQ(r.measures[0].value, 14);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
}

// Both readings give 9; the second reading's recognizer also considered 0, and only 0 makes the
// rows sum to the total.
TEST(OcrChecks, AZeroTheRecognizerConsideredForReadingsThatAgreeIsTakenWhenOnlyItFits) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "19名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "15名", "4名", "6名"}})
      .Ocr(1, 2, "19名")
      .Alternatives(1, 2, {"10名", "18名"});
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"ocr_repair"});
  EXPECT_EQ(r.findings[0].message,
            "patients (current) of A医院: both readings give 19, but 10 was also seen (the "
            "recognizer's other choices, or a read at another scale); only 10 satisfies every "
            "rule");
  EXPECT_EQ(r.measures[0].value, 10);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// Other digits the recognizer considered for readings that agree are not tried: the document's
// own mistake (a row that does not sum) would be "repaired" by them.
TEST(OcrChecks, OtherDigitsOfReadingsThatAgreeAreNotTried) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "8名", "2名", "3名"},
           {"", "B医院", "5名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "11名", "4名", "6名"}})
      .Ocr(1, 2, "8名")
      .Alternatives(1, 2, {"6名", "9名"});
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"sum_of_rows"});
  EXPECT_EQ(r.measures[0].value, 8);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
}

// Two values read alike, each with a 0 among its choices, and either 0 makes the rows sum: no
// guess; the rule flags both.
TEST(OcrChecks, ZerosThatEachFitAreNotGuessed) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "9名", "2名", "3名"},
           {"", "B医院", "9名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "9名", "4名", "6名"}})
      .Ocr(1, 2, "9名")
      .Alternatives(1, 2, {"0名"})
      .Ocr(2, 2, "9名")
      .Alternatives(2, 2, {"0名"});
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"sum_of_rows"});
  EXPECT_EQ(r.measures[0].value, 9);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
  EXPECT_EQ(r.measures[3].value, 9);
  EXPECT_EQ(r.measures[3].status, ValueStatus::kReview);
}

// A rule that fails whatever is chosen, on values read alike (here the document's own mistake in
// the plan column), does not keep the rules from settling the values read twice elsewhere.
TEST(OcrChecks, ADisagreementIsSettledBesideAMistakeOfTheDocument) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "46名", "2名", "3名"},
           {"", "B医院", "1名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "41名", "5名", "6名"}})
      .Ocr(1, 2, "40名");
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), (std::vector<std::string>{"ocr_repair", "sum_of_rows"}));
  EXPECT_EQ(r.measures[0].value, 40);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
  EXPECT_EQ(r.measures[4].status, ValueStatus::kReview) << "the plan column's total";
}

// Values no rule joins are settled apart: the plan column's disagreement, which no reading
// resolves, leaves the current column's to its own rule.
TEST(OcrChecks, DisagreementsNoRuleJoinsAreSettledApart) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "46名", "2名", "3名"},
           {"", "B医院", "1名", "7名", "3名"},
           {"", "連携する医療機関内の合計", "41名", "5名", "6名"}})
      .Ocr(1, 2, "40名")
      .Ocr(2, 3, "1名");
  Record r = Read(b.Build());
  EXPECT_EQ(r.measures[0].value, 40);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
  EXPECT_EQ(r.measures[4].value, 7) << "neither 7 nor 1 makes the plan column sum to 5";
  EXPECT_EQ(r.measures[4].status, ValueStatus::kReview);
  EXPECT_EQ(Rules(r), (std::vector<std::string>{"ocr_repair", "ocr_disagreement", "sum_of_rows"}));
}

// B医院's 合計回数 is misread alike by both readings (4 for 34), so the column's sum fails
// whatever A医院's disagreeing reading is: that sum is set aside, and A医院's row (14 + 46)
// settles its 69 / 60 as 60. The sum still fails afterwards, so the column is review.
TEST(OcrChecks, ARuleThatFailsWhateverIsChosenIsSetAside) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "A医院", "1名", "1名", "1名"}, {"", "B医院", "1名", "1名", "1名"}});
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({kHeader,
           {"", "A医院", "合計回数:69回(うち往診:14回、訪問診療:46回)", "", ""},
           {"", "B医院", "合計回数:4回(うち往診:4回、訪問診療:30回)", "", ""},
           {"", "連携する医療機関内の合計", "合計回数:94回(うち往診:18回、訪問診療:76回)", "", ""}})
      .Ocr(1, 2, "合計回数:60回(うち往診:14回、訪問診療:46回)")
      .Ocr(2, 2, "合計回数:4回(うち往診:4回、訪問診療:30回)");
  Record r = Read(b.Build());
  const Measure* a = nullptr;
  for (const Measure& m : r.measures) {
    if (m.section == "visits" && m.institution == "A医院" && m.period == "current" &&
        m.metric == "visits") {
      a = &m;
    }
  }
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->value, 60);
  EXPECT_EQ(a->status, ValueStatus::kReview) << "the column's sum still fails";
  const std::vector<std::string> rules = Rules(r);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "ocr_repair"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "sum_of_rows"), rules.end());
}

// A reading no rule checks (here the total row's value is blank) is not settled by a second
// reading alone, even when the first read nothing.
TEST(OcrChecks, AReadingNoRuleChecksIsNotTaken) {
  DocBuilder b = Patients();
  b.Table({kHeader,
           {"", "A医院", "4?名", "2名", "3名"},
           {"", "B医院", "1名", "2名", "3名"},
           {"", "連携する医療機関内の合計", "", "4名", "6名"}})
      .Ocr(1, 2, "40名");
  Record r = Read(b.Build());
  EXPECT_FALSE(r.measures[0].value.has_value());
  EXPECT_EQ(r.measures[0].second_value, 40);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kReview);
  const std::vector<std::string> rules = Rules(r);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "ocr_disagreement"), rules.end());
}

TEST(OcrChecks, LowConfidenceIsReview) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "A医院", "40名", "2名", "3名"}}).Ocr(1, 3, "2名", 0.3);
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"low_confidence"});
  EXPECT_EQ(r.measures[1].status, ValueStatus::kReview);
  EXPECT_DOUBLE_EQ(r.measures[1].confidence, 0.3);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

// A visits table: A医院 and B医院 and the total row, every cell read by OCR, A医院's 現状 with
// confidence `confidence`, the others sure; `total` is the total row's 現状.
Record VisitsWithAnUnsureCell(double confidence, const std::string& total) {
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  const std::string a = "合計回数:3回(うち往診:1回、訪問診療:2回)";
  const std::string v = "合計回数:4回(うち往診:2回、訪問診療:2回)";
  const std::string t = "合計回数:8回(うち往診:4回、訪問診療:4回)";
  b.Table({kHeader,
           {"", "A医院", a, v, v},
           {"", "B医院", v, v, v},
           {"", "連携する医療機関内の合計", total, t, t}});
  for (int row = 1; row <= 3; ++row) {
    for (int col = 2; col <= 4; ++col) {
      const std::string& text = row == 1 && col == 2 ? a : row == 3 ? (col == 2 ? total : t) : v;
      b.Ocr(row, col, text, row == 1 && col == 2 ? confidence : 0.9);
    }
  }
  return Read(b.Build());
}

// Tesseract is unsure of many values it reads right (docs/ocr.md). A value both readings give,
// in two rule instances that hold (its row's 合計 = 往診 + 訪問診療 and its column's sum), is
// not made review for its confidence alone.
TEST(OcrChecks, LowConfidenceInTwoRulesThatHoldIsNoReason) {
  Record r = VisitsWithAnUnsureCell(0.3, "合計回数:7回(うち往診:3回、訪問診療:4回)");
  EXPECT_TRUE(Rules(r).empty()) << testing::PrintToString(Rules(r));
  for (const Measure& m : r.measures) {
    EXPECT_EQ(m.status, ValueStatus::kOk) << m.metric << " " << m.period;
  }
}

TEST(OcrChecks, LowConfidenceInOneRuleThatHoldsIsReview) {
  // The total row's 合計 says 8: A医院's 合計 is in one rule that holds (its row), not two.
  Record r = VisitsWithAnUnsureCell(0.3, "合計回数:8回(うち往診:3回、訪問診療:4回)");
  std::vector<std::string> low;
  for (const Finding& f : r.findings) {
    if (f.rule == "low_confidence") low.push_back(f.message);
  }
  EXPECT_EQ(low, std::vector<std::string>{"visits (current) of A医院: OCR confidence 30 %"});
  for (const Measure& m : r.measures) {
    if (m.institution == "A医院" && m.period == "current") {
      EXPECT_EQ(m.status, m.metric == "visits" ? ValueStatus::kReview : ValueStatus::kOk)
          << m.metric;
    }
  }
}

// Tables 1-3 naming one institution each (`p`, `v`, `d`); `seconds`, when given, are the second
// readings of the three name cells in table order ("" for none).
DocBuilder ThreeTables(const std::string& p, const std::string& v, const std::string& d,
                       const std::vector<std::string>& seconds = {"", "", ""}) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", p, "1名", "1名", "1名"}});
  if (!seconds[0].empty()) b.Ocr(1, 1, seconds[0]);
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({kHeader, {"", v, "合計回数:1回(うち往診:1回、訪問診療:0回)", "", ""}});
  if (!seconds[1].empty()) b.Ocr(1, 1, seconds[1]);
  b.Line("3在宅に赴いて診療(往診、訪問診療)する合計診療患者数に占める死亡患者数");
  b.Table(
      {{"", "医療機関名", "現状", "実績"}, {"", d, "死亡患者数:0名(うち医療機関以外:0名)", ""}});
  if (!seconds[2].empty()) b.Ocr(1, 1, seconds[2]);
  return b;
}

TEST(OcrChecks, AGarbledNameIsReadAsTheMajority) {
  Record r =
      Read(ThreeTables("みらい平クリニック", "みらい平クカリニック", "みらい平クリニック").Build());
  std::vector<Finding> names;
  for (const Finding& f : r.findings) {
    if (f.rule == "institution_name") names.push_back(f);
  }
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].section, "visits");
  EXPECT_EQ(names[0].severity, Severity::kWarning);
  EXPECT_NE(names[0].message.find("read as 「みらい平クリニック」; the row's values need review"),
            std::string::npos)
      << names[0].message;
  for (const Measure& m : r.measures) {
    EXPECT_EQ(m.institution, "みらい平クリニック") << m.section << " " << m.metric;
    // Two tables agreeing is no proof (OCR misreads a name the same way twice): all review.
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kReview) << m.section << " " << m.metric;
    }
  }
}

TEST(OcrChecks, NamesWithoutAMajorityMakeTheRowReview) {
  Record r = Read(ThreeTables("A医院", "B医院", "C医院").Build());
  int flagged = 0;
  for (const Finding& f : r.findings) flagged += f.rule == "institution_name";
  EXPECT_EQ(flagged, 3);
  for (const Measure& m : r.measures) {
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kReview) << m.section << " " << m.metric;
    }
  }
}

// ThreeTables naming `name` in every table, each name cell read a second time.
DocBuilder ThreeTablesReadTwice(const std::string& name, const std::vector<std::string>& seconds) {
  return ThreeTables(name, name, name, seconds);
}

std::vector<Finding> NameFindings(const Record& r) {
  std::vector<Finding> out;
  for (const Finding& f : r.findings) {
    if (f.rule == "institution_name") out.push_back(f);
  }
  return out;
}

void ExpectEveryValueReview(const Record& r) {
  for (const Measure& m : r.measures) {
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kReview) << m.section << " " << m.metric;
    }
  }
}

TEST(OcrChecks, ANameMisreadAlikeInEveryTableIsCaughtByItsSecondReadings) {
  // 300 dpi gives あけばぼの in all three tables; the half-scale readings all give あけぼの.
  const std::string seconds = "あけぼの整形外科";
  Record r = Read(ThreeTablesReadTwice("あけばぼの整形外科", {seconds, seconds, seconds}).Build());
  std::vector<Finding> names = NameFindings(r);
  ASSERT_EQ(names.size(), 3u) << "each table's values are review, each table says why";
  EXPECT_EQ(names[0].severity, Severity::kWarning);
  EXPECT_EQ(
      names[0].message,
      "row 1 names: patients 「あけばぼの整形外科」 (read again: 「あけぼの整形外科」), "
      "visits 「あけばぼの整形外科」 (read again: 「あけぼの整形外科」), deaths "
      "「あけばぼの整形外科」 (read again: 「あけぼの整形外科」); read as 「あけぼの整形外科」; "
      "the row's values need review");
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "あけぼの整形外科");
  ExpectEveryValueReview(r);
}

TEST(OcrChecks, OneSecondReadingThatDisagreesMakesTheRowReviewOnce) {
  Record r = Read(ThreeTablesReadTwice("北原医院", {"北原医院", "北京医院", "北原医院"}).Build());
  std::vector<Finding> names = NameFindings(r);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].section, "patients");
  EXPECT_EQ(names[0].message,
            "row 1 names: patients 「北原医院」, visits 「北原医院」 (read again: 「北京医院」), "
            "deaths 「北原医院」; read as 「北原医院」; the row's values need review");
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "北原医院");
  ExpectEveryValueReview(r);
}

TEST(OcrChecks, SecondReadingsThatDisagreeAmongThemselvesDecideNothing) {
  // 北原医院 three times, 北京医院 twice, 比原医院 once: no majority of six readings, and the
  // second readings do not agree.
  Record r = Read(ThreeTablesReadTwice("北原医院", {"北京医院", "北京医院", "比原医院"}).Build());
  std::vector<Finding> names = NameFindings(r);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0].severity, Severity::kError);
  EXPECT_NE(names[0].message.find("no majority, the row's values need review"), std::string::npos)
      << names[0].message;
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "北原医院");
  ExpectEveryValueReview(r);
}

TEST(OcrChecks, ASingleNamesTableIsCheckedAgainstItsSecondReading) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "北原医院", "1名", "1名", "1名"}}).Ocr(1, 1, "北京医院");
  Record r = Read(b.Build());
  std::vector<Finding> names = NameFindings(r);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].severity, Severity::kError) << "one reading each way: a tie";
  ExpectEveryValueReview(r);
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "北原医院");
}

// A voicing mark is lost far more often than seen where there is none: a tie between names that
// differ by marks alone goes to the name with the marks. The values stay review.
TEST(OcrChecks, ATieBetweenNamesDifferingByVoicingMarksGoesToTheMarkedName) {
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "こもれひ心療内科", "1名", "1名", "1名"}}).Ocr(1, 1, "こもれび心療内科");
  Record one = Read(b.Build());
  std::vector<Finding> names = NameFindings(one);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].severity, Severity::kWarning);
  EXPECT_EQ(
      names[0].message,
      "row 1 names: patients 「こもれひ心療内科」 (read again: 「こもれび心療内科」); read as "
      "「こもれび心療内科」; the row's values need review");
  ExpectEveryValueReview(one);
  for (const Measure& m : one.measures) EXPECT_EQ(m.institution, "こもれび心療内科");

  // Three tables, each read こもれび (the voicing check) and again こもれひ (half scale): 3 to 3.
  const std::string plain = "こもれひ心療内科";
  Record three = Read(ThreeTablesReadTwice("こもれび心療内科", {plain, plain, plain}).Build());
  ASSERT_EQ(NameFindings(three).size(), 1u);
  ExpectEveryValueReview(three);
  for (const Measure& m : three.measures) EXPECT_EQ(m.institution, "こもれび心療内科");
}

TEST(OcrChecks, ATieBetweenNamesWithMarksInDifferentPlacesDecidesNothing) {
  // ごもれひ and こもれび: one mark each, in different places.
  DocBuilder b = Patients();
  b.Table({kHeader, {"", "ごもれひ心療内科", "1名", "1名", "1名"}}).Ocr(1, 1, "こもれび心療内科");
  Record r = Read(b.Build());
  std::vector<Finding> names = NameFindings(r);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].severity, Severity::kError);
  ExpectEveryValueReview(r);
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "ごもれひ心療内科");
}

TEST(OcrChecks, NameReadingsThatAgreeSayNothing) {
  const std::string name = "北原医院";
  Record r = Read(ThreeTablesReadTwice(name, {name, name, name}).Build());
  EXPECT_TRUE(NameFindings(r).empty());
  for (const Measure& m : r.measures) {
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kOk) << m.section << " " << m.metric;
    }
  }
}

}  // namespace
}  // namespace tsuzuri

namespace tsuzuri {
namespace {

DocBuilder Visits() {
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  return b;
}

TEST(OcrChecks, GarbledLabelsInAnOcrCellAreReadLoosely) {
  DocBuilder b = Visits();
  // 回 read as 同, 訪 as 前: the digits are right.
  b.Table({{"", "医療機関名", "現状", "計画", "実績"},
           {"", "A医院", "合計回数:52同(うち往診:15回、前問診療:37回)", "", ""}})
      .Ocr(1, 2, "合計回数:52同(うち往診:15回、前問診療:37回)");
  Record r = Read(b.Build());
  ASSERT_GE(r.measures.size(), 3u);
  EXPECT_EQ(r.measures[0].value, 52);
  EXPECT_EQ(r.measures[1].value, 15);
  EXPECT_EQ(r.measures[2].value, 37);
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk) << "52 = 15 + 37 holds";
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "loose_match");
  EXPECT_NE(r.findings[0].message.find("as 52, 15, 37"), std::string::npos)
      << r.findings[0].message;
}

TEST(OcrChecks, LooseReadingNeedsTheSameCountOfNumbersAndCloseLabels) {
  const std::vector<std::string> unreadable = {
      "合計回数:52同(うち往診:15回)",                    // two numbers for three placeholders
      "合計回数:52同(うち往診:1 5回、前問診療:37回)",    // four numbers
      "死亡患者数:52名(うち医療機関以外:15名)連絡37回",  // other labels
  };
  for (const std::string& text : unreadable) {
    DocBuilder b = Visits();
    b.Table({{"", "医療機関名", "現状", "計画", "実績"}, {"", "A医院", text, "", ""}})
        .Ocr(1, 2, text);
    Record r = Read(b.Build());
    ASSERT_GE(r.measures.size(), 3u) << text;
    EXPECT_FALSE(r.measures[0].value.has_value()) << "case: " << text;
    EXPECT_EQ(r.measures[0].status, ValueStatus::kReview) << "case: " << text;
  }
}

TEST(OcrChecks, ASpeckBeforeAnOcrHeaderLabelIsLeftOut) {
  DocBuilder b = Patients();
  b.Table({{"", "医療機関名", "現状", "ーー 計 画", "- 実績(補助金交付申請の月から)"},
           {"", "A医院", "1名", "2名", "3名"}})
      .Ocr(0, 3, "", 0.2)
      .Ocr(0, 4, "", 0.2);
  Record r = Read(b.Build());
  ASSERT_EQ(r.measures.size(), 3u) << "the plan and actual columns are found";
  EXPECT_EQ(r.measures[1].period, "plan");
  EXPECT_EQ(r.measures[2].period, "actual");
  EXPECT_EQ(r.measures[2].value, 3);
  EXPECT_TRUE(Rules(r).empty());
}

// A speck before an OCR'd name is read as 「:」 in one table: the name is the same in all three.
TEST(OcrChecks, ASpeckBeforeAnOcrNameIsLeftOut) {
  Record r = Read(ThreeTables(":みらい平クリニック", "みらい平クリニック", "・みらい平クリニック",
                              {"みらい平クリニック", ":みらい平クリニック", "みらい平クリニック"})
                      .Build());
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "みらい平クリニック") << m.section;
  const std::vector<std::string> rules = Rules(r);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "institution_name"), 0) << "the names agree";
}

TEST(OcrChecks, AHeaderColumnNotFoundIsAnErrorNotASilentGap) {
  // Printed in a text layer, 「- 実績」 is not taken for 実績: nothing read, and said so.
  DocBuilder b = Patients();
  b.Table({{"", "医療機関名", "現状", "計画", "- 実績"}, {"", "A医院", "1名", "2名", "3名"}});
  Record r = Read(b.Build());
  EXPECT_EQ(r.measures.size(), 2u);
  ASSERT_EQ(Rules(r), std::vector<std::string>{"missing_column"});
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
  EXPECT_EQ(r.findings[0].period, "actual");
  EXPECT_EQ(r.findings[0].message,
            "no column matching 「^実績」 in the header of patients (page 1): its actual values "
            "are not read");

  // Without the institution column no row can be read.
  DocBuilder c = Patients();
  c.Table({{"", "機関", "現状", "計画", "実績"}, {"", "A医院", "1名", "2名", "3名"}});
  Record rc = Read(c.Build());
  EXPECT_TRUE(rc.measures.empty());
  ASSERT_EQ(Rules(rc), std::vector<std::string>{"missing_column"});
  EXPECT_NE(rc.findings[0].message.find("its rows are not read"), std::string::npos)
      << rc.findings[0].message;
}

// The referrals table of a scan whose 現状 of 急変時の受入数 did not read: the difference cannot be
// checked, and 「▲3」 read as 「43」 would otherwise pass as ok.
DocBuilder ReferralsWithABlank(bool ocr) {
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("4グループ化した医療機関が後方支援病院等への紹介数");
  b.Table({{"", "現状(グループ化前(R3年度(A)))", "実績(グループ化後(R4年度(B)))", "差(B)-(A)"},
           {"紹介数", "4件", "6件", "2件"},
           {"急変時の受入数", "", "2件", "43件"},
           {"逆紹介数", "2件", "3件", "1件"}});
  if (ocr) b.Ocr(1, 1, "4件").Ocr(1, 2, "6件").Ocr(1, 3, "2件").Ocr(2, 2, "2件").Ocr(2, 3, "43件");
  return b;
}

TEST(OcrChecks, ARuleThatCannotBeCheckedLeavesItsOcrValuesForReview) {
  Record r = Read(ReferralsWithABlank(true).Build());
  std::vector<std::string> rules = Rules(r);
  ASSERT_NE(std::find(rules.begin(), rules.end(), "unchecked"), rules.end());
  for (const Finding& f : r.findings) {
    if (f.rule != "unchecked") continue;
    EXPECT_EQ(f.metric, "emergency_admissions");
    EXPECT_EQ(f.message,
              "diff (emergency_admissions): not checked, before has no value; the values read by "
              "OCR need review");
  }
  for (const Measure& m : r.measures) {
    if (m.metric == "emergency_admissions") {
      EXPECT_EQ(m.status, ValueStatus::kReview) << m.period;
    } else {
      EXPECT_EQ(m.status, ValueStatus::kOk)
          << m.metric << " " << m.period << ": checked, 6 - 4 = 2";
    }
  }
  // The same table in a text layer: its values are exact transcriptions; only the blank is noted.
  Record text = Read(ReferralsWithABlank(false).Build());
  EXPECT_EQ(Rules(text), std::vector<std::string>{"missing_value"});
  for (const Measure& m : text.measures) {
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kOk) << m.metric << " " << m.period;
    }
  }
}

TEST(OcrChecks, AHeadingWithoutItsTableIsAnError) {
  // The patients heading is read, but its table was not found (a skewed scan); visits follow.
  DocBuilder b = Patients();
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({kHeader, {"", "A医院", "合計回数:1回(うち往診:1回、訪問診療:0回)", "", ""}});
  Record r = Read(b.Build());
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "missing_section");
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
  EXPECT_EQ(r.findings[0].message,
            "the heading of patients is on page 1, but no table of it was read: its values are "
            "missing");
  for (const Finding& f : r.findings) {
    EXPECT_FALSE(f.rule == "missing_section" && f.section != "patients") << f.message;
  }
}

TEST(OcrChecks, AMisreadHeaderLabelOfAnOcrTableIsMatchedLooselyWhereItsColumnBelongs) {
  DocBuilder b = Patients();
  b.Table({{"", "医療機関名", "現状", "計画", "実貫(補助金交付申請の月から翌年3月末までの取組)"},
           {"", "A医院", "1名", "2名", "3名"}})
      .Ocr(0, 4, "", 0.8)
      .Ocr(1, 4, "3名");
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"loose_match"});
  EXPECT_EQ(r.findings[0].period, "actual");
  EXPECT_EQ(
      r.findings[0].message,
      "header 「実貫(補助金交付申請の月から翌年3月末までの取組)」 of patients (page 1) read as "
      "「実績」: its label reads differently from the template's");
  ASSERT_EQ(r.measures.size(), 3u);
  EXPECT_EQ(r.measures[2].period, "actual");
  EXPECT_EQ(r.measures[2].value, 3);
  EXPECT_EQ(r.measures[2].status, ValueStatus::kOk) << "the label, not the value, was misread";
}

TEST(OcrChecks, ALooseHeaderLabelOutOfItsPlaceOrOfATextLayerIsNotMatched) {
  // 「計貫」 is one character from 計画, but right of 実績: 計画 comes before 実績.
  DocBuilder b = Patients();
  b.Table({{"", "医療機関名", "現状", "実績", "計貫"}, {"", "A医院", "1名", "2名", "3名"}})
      .Ocr(0, 4, "", 0.8);
  Record r = Read(b.Build());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"missing_column"});
  // A text layer's labels are as printed: no loose match.
  DocBuilder c = Patients();
  c.Table({{"", "医療機関名", "現状", "計画", "実貫"}, {"", "A医院", "1名", "2名", "3名"}});
  Record rc = Read(c.Build());
  EXPECT_EQ(Rules(rc), std::vector<std::string>{"missing_column"});
}

TEST(OcrChecks, AMisreadRowLabelOfAnOcrTableIsMatchedToTheMetricNotYetRead) {
  // 「送紹介数」 is one character from 逆紹介数 and one from 紹介数, which the first row already
  // is: it can only be 逆紹介数.
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("4グループ化した医療機関が後方支援病院等への紹介数");
  b.Table({{"", "現状(グループ化前(R3年度(A)))", "実績(グループ化後(R4年度(B)))", "差(B)-(A)"},
           {"紹介数", "4件", "6件", "2件"},
           {"急変時の受入数", "5件", "2件", "-3件"},
           {"送紹介数", "2件", "3件", "1件"}})
      .Ocr(3, 0, "", 0.8);
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"loose_match"});
  EXPECT_EQ(r.findings[0].metric, "reverse_referrals");
  EXPECT_EQ(r.findings[0].message,
            "row 「送紹介数」 of referrals (page 1) read as 「逆紹介数」: its label reads "
            "differently from the template's");
  int reverse = 0;
  for (const Measure& m : r.measures) reverse += m.metric == "reverse_referrals";
  EXPECT_EQ(reverse, 3);
}

TEST(OcrChecks, AnOcrRowNamedAlmostLikeTheTotalRowIsTheTotalRowAndIsChecked) {
  // 「連」 lost at the cell's edge: the row is the total row, and the rows are summed against it.
  for (const char* total : {"2名", "5名"}) {
    DocBuilder b = Patients();
    b.Table({kHeader,
             {"", "A医院", "1名", "2名", "3名"},
             {"", "B医院", "1名", "2名", "3名"},
             {"", "携する医療機関内の合計", total, "4名", "6名"}})
        .Ocr(3, 1, "", 0.8)
        .Ocr(3, 2, total);
    Record r = Read(b.Build());
    const bool adds_up = std::string(total) == "2名";
    const std::vector<std::string> expected =
        adds_up ? std::vector<std::string>{"loose_match"}
                : std::vector<std::string>{"loose_match", "sum_of_rows"};
    EXPECT_EQ(Rules(r), expected) << total;
    EXPECT_EQ(r.findings[0].message,
              "row 「携する医療機関内の合計」 of patients (page 1) read as the total row "
              "「連携する医療機関内の合計」: its label reads differently from the template's");
    ASSERT_EQ(r.measures.size(), 9u);
    EXPECT_TRUE(r.measures[6].is_total);
    EXPECT_EQ(r.measures[6].institution, "連携する医療機関内の合計") << "named by its label";
    EXPECT_EQ(r.measures[6].raw_text, total) << "the cell as read";
    EXPECT_EQ(r.measures[6].status, adds_up ? ValueStatus::kOk : ValueStatus::kReview) << total;
  }
}

TEST(OcrChecks, RowsTheTemplateNamesButTheTableLacksAreErrors) {
  // The referrals table without its 逆紹介数 row (its label misread).
  DocBuilder b;
  b.Line("補助金交付申請").Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("4グループ化した医療機関が後方支援病院等への紹介数");
  b.Table({{"", "現状(グループ化前(R3年度(A)))", "実績(グループ化後(R4年度(B)))", "差(B)-(A)"},
           {"紹介数", "4件", "6件", "2件"},
           {"急変時の受入数", "5件", "2件", "-3件"},
           {"逆紹イ介", "2件", "3件", "1件"}});
  Record r = Read(b.Build());
  ASSERT_EQ(Rules(r), std::vector<std::string>{"missing_row"});
  EXPECT_EQ(r.findings[0].metric, "reverse_referrals");

  // A patients table whose total row label is misread: its values come as a third institution,
  // nothing checks the rows, and the OCR'd values are review.
  DocBuilder c = Patients();
  c.Table({kHeader,
           {"", "A医院", "1名", "2名", "3名"},
           {"", "B医院", "1名", "2名", "3名"},
           {"", "連携する医療機関内の合言十", "2名", "4名", "6名"}})
      .Ocr(1, 2, "1名")
      .Ocr(3, 2, "2名");
  Record rc = Read(c.Build());
  ASSERT_EQ(Rules(rc), std::vector<std::string>{"missing_row"});
  EXPECT_NE(rc.findings[0].message.find("cannot be checked against a total"), std::string::npos);
  for (const Measure& m : rc.measures) {
    const bool ocr = m.second_read;
    EXPECT_EQ(m.status, ocr ? ValueStatus::kReview : ValueStatus::kOk)
        << m.institution.value_or("") << " " << m.period;
  }
}

TEST(OcrChecks, ATextLayerIsNeverReadLoosely) {
  DocBuilder b = Visits();
  b.Table({{"", "医療機関名", "現状", "計画", "実績"},
           {"", "A医院", "合計回数:52同(うち往診:15回、前問診療:37回)", "", ""}});
  Record r = Read(b.Build());
  EXPECT_FALSE(r.measures[0].value.has_value());
  EXPECT_EQ(r.findings[0].rule, "unreadable_value");
}

}  // namespace
}  // namespace tsuzuri

namespace tsuzuri {
namespace {

// A report whose initiatives name the institutions, and a patients table naming `printed`.
DocBuilder NamedInInitiatives(
    const std::string& printed, bool ocr,
    const std::string& content = "さくら坂皮膚科クリニックが相互に協力します。") {
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【地域で支え合う医療機関等の連携体制を構築するために必要な3つの取組】");
  b.Table({{"取組事項", "取組内容", "現状", "計画", "実績"},
           {"1グループ化した医療機関等を支える取組", content, "", "", ""}});
  b.Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("1在宅に赴いて診療(往診、訪問診療)する合計診療患者数(※実人数を記載)");
  b.Table({{"", "医療機関名", "現状", "計画", "実績"}, {"", printed, "4名", "4名", "6名"}});
  if (ocr) b.Ocr(1, 2, "4名").Ocr(1, 3, "4名").Ocr(1, 4, "6名");
  return b;
}

TEST(OcrChecks, ANameMisreadTheSameWayEverywhereIsCaughtByTheInitiativesText) {
  Record r = Read(NamedInInitiatives("さくら阪皮膚科クリニック", true).Build());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "institution_name");
  EXPECT_NE(r.findings[0].message.find("「さくら坂皮膚科クリニック」 is"), std::string::npos)
      << r.findings[0].message;
  EXPECT_NE(r.findings[0].message.find("named as printed there"), std::string::npos)
      << r.findings[0].message;
  for (const Measure& m : r.measures) {
    EXPECT_EQ(m.status, ValueStatus::kReview) << m.period;
    EXPECT_EQ(m.institution, "さくら坂皮膚科クリニック") << "named as the initiatives print it";
  }
}

TEST(OcrChecks, ANameWithOneCharacterTooManyOrTooFewIsCaughtToo) {
  // OCR doubles a kana at its voicing mark (さくら read さくぐら), or drops one.
  for (const char* read : {"さくぐら坂皮膚科クリニック", "さく坂皮膚科クリニック"}) {
    Record r = Read(NamedInInitiatives(read, true).Build());
    ASSERT_EQ(r.findings.size(), 1u) << read;
    EXPECT_EQ(r.findings[0].rule, "institution_name");
    for (const Measure& m : r.measures) {
      EXPECT_EQ(m.institution, "さくら坂皮膚科クリニック") << read;
      EXPECT_EQ(m.status, ValueStatus::kReview) << read;
    }
  }
  // Two characters off is another name.
  Record far = Read(NamedInInitiatives("さくらぐ阪皮膚科クリニック", true).Build());
  EXPECT_TRUE(far.findings.empty());
}

// A stretch of the initiatives that starts with punctuation is no name:
// 「:さくら坂皮膚科クリニック」 is one character from 「のさくら坂皮膚科クリニック」 (a speck read
// の), but the name printed there is 「さくら坂皮膚科クリニック」, one character shorter.
TEST(OcrChecks, TheNameInTheInitiativesDoesNotStartWithPunctuation) {
  Record r = Read(NamedInInitiatives("のさくら坂皮膚科クリニック", true,
                                     "事務局、調整機能を担う方:さくら坂皮膚科クリニック")
                      .Build());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "institution_name");
  for (const Measure& m : r.measures) EXPECT_EQ(m.institution, "さくら坂皮膚科クリニック");
}

TEST(OcrChecks, ANameOneCharacterFromAnotherRowsIsFlaggedButKept) {
  // Two institutions whose names differ by one character: the OCR'd one is not renamed into the
  // other (their rows would merge); it is only flagged.
  DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【地域で支え合う医療機関等の連携体制を構築するために必要な3つの取組】");
  b.Table({{"取組事項", "取組内容", "現状", "計画", "実績"},
           {"1グループ化した医療機関等を支える取組", "さくら坂皮膚科クリニックが相互に協力します。",
            "", "", ""}});
  b.Line("【参入促進・連携(グループ化)の取組効果】");
  b.Line("1在宅に赴いて診療(往診、訪問診療)する合計診療患者数(※実人数を記載)");
  b.Table({{"", "医療機関名", "現状", "計画", "実績"},
           {"", "さくら坂皮膚科クリニック", "1名", "1名", "1名"},
           {"", "さくら阪皮膚科クリニック", "4名", "4名", "6名"},
           {"", "連携する医療機関内の合計", "5名", "5名", "7名"}})
      .Ocr(2, 2, "4名")
      .Ocr(2, 3, "4名")
      .Ocr(2, 4, "6名");
  Record r = Read(b.Build());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("the name may be misread"), std::string::npos)
      << r.findings[0].message;
  ASSERT_EQ(r.measures.size(), 9u);
  for (size_t i = 3; i < 6; ++i) {
    EXPECT_EQ(r.measures[i].institution, "さくら阪皮膚科クリニック");
    EXPECT_EQ(r.measures[i].status, ValueStatus::kReview);
  }
  EXPECT_EQ(r.measures[0].status, ValueStatus::kOk);
}

TEST(OcrChecks, OneInstitutionMisreadDifferentlyInTwoTablesTakesThePrintedNameInBoth) {
  // The patients table reads 阪 for 坂, the visits table 笠 for 科: each is one edit from the
  // initiatives' spelling, and the renamed patients row does not make that name "taken" for the
  // visits row, which is the same institution in another table.
  DocBuilder b = NamedInInitiatives("さくら阪皮膚科クリニック", true);
  b.Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({kHeader,
           {"", "さくら坂皮膚笠クリニック", "合計回数:1回(うち往診:1回、訪問診療:0回)", "", ""}})
      .Ocr(1, 2, "合計回数:1回(うち往診:1回、訪問診療:0回)");
  Record r = Read(b.Build());
  for (const Measure& m : r.measures) {
    EXPECT_EQ(m.institution, "さくら坂皮膚科クリニック") << m.section << " " << m.metric;
    if (m.value) {
      EXPECT_EQ(m.status, ValueStatus::kReview) << m.section << " " << m.metric;
    }
  }
  int renamed = 0;
  for (const Finding& f : r.findings) {
    renamed += f.message.find("the row is named as printed there") != std::string::npos;
  }
  EXPECT_EQ(renamed, 2) << "one finding per misreading";
}

TEST(OcrChecks, NamesPrintedAsInTheInitiativesOrFromATextLayerAreNotFlagged) {
  for (const auto& [printed, ocr] : std::vector<std::pair<std::string, bool>>{
           {"さくら坂皮膚科クリニック", true}, {"さくら阪皮膚科クリニック", false}}) {
    Record r = Read(NamedInInitiatives(printed, ocr).Build());
    EXPECT_TRUE(r.findings.empty()) << printed << (ocr ? " (OCR)" : " (text)");
    for (const Measure& m : r.measures) EXPECT_EQ(m.status, ValueStatus::kOk) << printed;
  }
}

}  // namespace
}  // namespace tsuzuri
