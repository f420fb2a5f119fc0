// The review layer with real components: the sample PDFs ingested by the real pipeline into a
// real SQLite file, then queued, settled and re-validated. Expected values come from the samples'
// expected records (samples/*.expected.json, written from their content files), not from running
// tsuzuri: r3-total-mismatch prints a total of 63 for plan patients whose rows sum to 65.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>

#include "fields/pipeline.h"
#include "fields/template.h"
#include "review/queue.h"
#include "review/revalidate.h"
#include "review/settle.h"
#include "store/database.h"
#include "store/ingest.h"
#include "store/reviews.h"
#include "tests/fields/doc_builder.h"

namespace tsuzuri {
namespace {

namespace fs = std::filesystem;

constexpr char kTotal[] = "連携する医療機関内の合計";

class ReviewFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tsuzuri-review-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<TemplateSet> t = LoadTemplates("templates");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    templates_ = std::move(*t);
    Result<std::unique_ptr<Database>> db = Database::Open((dir_ / "t.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    IngestSample("r3-total-mismatch.pdf", /*force=*/false);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  void IngestSample(const std::string& name, bool force) {
    ExtractOptions options;
    options.jobs = 1;
    IngestOptions ingest;
    ingest.force = force;
    Result<IngestResult> r = Ingest(*db_, {"samples/" + name},
                                    PipelineProcessor(templates_, options), ingest);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->counts.failed, 0);
  }
  std::vector<QueueItem> Queue(const QueueFilter& filter = {}) {
    Result<std::vector<QueueItem>> q = BuildQueue(*db_, templates_, filter);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? *q : std::vector<QueueItem>{};
  }
  const QueueItem* Find(const std::vector<QueueItem>& queue, const std::string& institution) {
    for (const QueueItem& q : queue) {
      if (q.value.key.institution == institution) return &q;
    }
    return nullptr;
  }
  Result<SettleOutcome> Save(const std::string& id, Settlement action,
                             std::optional<long long> value = std::nullopt,
                             std::optional<long long> version = std::nullopt,
                             const std::string& note = "", const std::string& who = "sato") {
    SettleRequest r;
    r.item_id = id;
    r.action = action;
    r.value = value;
    r.reviewer = who;
    r.note = note;
    r.expected_version = version;
    return Settle(*db_, templates_, r);
  }
  // A value of effective_values, read with plain SQLite: "value|status|settlement|settled_by".
  std::string Effective(const std::string& where) {
    sqlite3* raw = nullptr;
    sqlite3_open_v2((dir_ / "t.db").c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
    const std::string sql =
        "SELECT ifnull(value, 'NULL') || '|' || status || '|' || ifnull(settlement, 'NULL') || "
        "'|' || ifnull(settled_by, 'NULL') FROM effective_values WHERE " +
        where;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    std::string out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out += (out.empty() ? "" : ";") +
             std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return out;
  }

  fs::path dir_;
  TemplateSet templates_;
  std::unique_ptr<Database> db_;
};

TEST_F(ReviewFlow, TheQueueHoldsTheValuesOfTheFailingSumWithItsFinding) {
  const std::vector<QueueItem> queue = Queue();
  ASSERT_EQ(queue.size(), 6u) << "the five rows and the total of plan patients";
  for (const QueueItem& q : queue) {
    EXPECT_EQ(q.value.key.section, "patients");
    EXPECT_EQ(q.value.key.period, "plan");
    EXPECT_EQ(q.value.page, 2);
    ASSERT_TRUE(q.value.box.has_value()) << q.id;
    ASSERT_FALSE(q.findings.empty()) << q.id;
    EXPECT_EQ(q.findings.front().message, "rows sum to 65, total row says 63");
    EXPECT_EQ(q.related.size(), 5u) << "the other cells of the sum are outlined";
  }
  const QueueItem* total = Find(queue, kTotal);
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->value.value, 63);
  EXPECT_EQ(Find(queue, "みなと在宅診療所")->value.value, 28);

  QueueFilter visits, sums, year;
  visits.section = "visits";
  sums.rule = "sum_of_rows";
  year.fiscal_year = 2020;
  EXPECT_EQ(Queue(visits).size(), 0u) << "filtered by section";
  EXPECT_EQ(Queue(sums).size(), 6u) << "filtered by rule";
  EXPECT_EQ(Queue(year).size(), 0u) << "filtered by year (the sample is 2021)";
}

TEST_F(ReviewFlow, CorrectingTheTotalClosesTheFindingAndTheRulesConfirmTheRows) {
  const QueueItem total = *Find(Queue(), kTotal);
  Result<SettleOutcome> o = Save(total.id, Settlement::kCorrected, 65, total.value.review_id,
                                 "the rows are right");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_FALSE(o->stale);
  ASSERT_EQ(o->closed.size(), 1u);
  EXPECT_EQ(o->closed.front().message, "rows sum to 65, total row says 63");
  EXPECT_TRUE(o->opened.empty());
  EXPECT_EQ(o->by_rules.size(), 5u) << "the five rows became consistent";
  EXPECT_TRUE(Queue().empty()) << "nothing left to review";

  EXPECT_EQ(Effective("is_total = 1 AND section = 'patients' AND period = 'plan'"),
            "65|ok|corrected|sato");
  EXPECT_EQ(Effective("institution = 'みなと在宅診療所' AND section = 'patients' AND "
                      "period = 'plan'"),
            "28|ok|rules|rules");
  Result<ReviewCounts> counts = CountReviews(*db_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->by_person, 1);
  EXPECT_EQ(counts->by_rules, 5);
  EXPECT_EQ(counts->in_review, 0);
}

TEST_F(ReviewFlow, AWrongCorrectionKeepsTheSumOpenAndTheRowsInReview) {
  const QueueItem total = *Find(Queue(), kTotal);
  Result<SettleOutcome> o = Save(total.id, Settlement::kCorrected, 64);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_TRUE(o->closed.empty());
  EXPECT_TRUE(o->by_rules.empty());
  const std::vector<QueueItem> queue = Queue();
  EXPECT_EQ(queue.size(), 5u) << "the total is settled by a person; the rows still disagree";
  ASSERT_FALSE(queue.empty());
  EXPECT_EQ(queue.front().findings.front().message, "rows sum to 65, total row says 64");
}

TEST_F(ReviewFlow, ASaveMadeOnAnOldVersionIsRefusedAndWritesNothing) {
  const QueueItem row = *Find(Queue(), "青葉台内科医院");
  Result<SettleOutcome> first = Save(row.id, Settlement::kConfirmed, std::nullopt,
                                     row.value.review_id, "", "sato");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->stale);
  // A second reviewer saw the same version.
  Result<SettleOutcome> second =
      Save(row.id, Settlement::kCorrected, 9, row.value.review_id, "", "suzuki");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->stale);
  EXPECT_NE(second->message.find("by sato"), std::string::npos) << second->message;
  EXPECT_EQ(Effective("institution = '青葉台内科医院' AND section = 'patients' AND "
                      "period = 'plan'"),
            "8|ok|confirmed|sato");
}

TEST_F(ReviewFlow, EachActionChecksWhatItNeeds) {
  const QueueItem row = *Find(Queue(), "いずみ整形外科クリニック");
  Result<SettleOutcome> no_note = Save(row.id, Settlement::kAsPrinted);
  ASSERT_FALSE(no_note.ok());
  EXPECT_EQ(no_note.status().code(), Status::Code::kInvalidArgument);
  Result<SettleOutcome> no_value = Save(row.id, Settlement::kCorrected);
  EXPECT_EQ(no_value.status().code(), Status::Code::kInvalidArgument);
  Result<SettleOutcome> no_item = Save("999999", Settlement::kConfirmed);
  EXPECT_EQ(no_item.status().code(), Status::Code::kNotFound);
  Result<SettleOutcome> bad_id = Save("x1", Settlement::kConfirmed);
  EXPECT_EQ(bad_id.status().code(), Status::Code::kInvalidArgument);

  Result<SettleOutcome> printed =
      Save(row.id, Settlement::kAsPrinted, std::nullopt, std::nullopt, "合計が合わない原本");
  ASSERT_TRUE(printed.ok()) << printed.status().ToString();
  EXPECT_EQ(Effective("institution = 'いずみ整形外科クリニック' AND section = 'patients' AND "
                      "period = 'plan'"),
            "2|ok|as-printed|sato");
  Result<SettleOutcome> gone = Save(Find(Queue(), kTotal)->id, Settlement::kUnreadable);
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(Effective("is_total = 1 AND section = 'patients' AND period = 'plan'"),
            "NULL|ok|unreadable|sato");
}

TEST_F(ReviewFlow, SettlementsSurviveIngestForceAndTheRulesAreRunAgain) {
  const QueueItem total = *Find(Queue(), kTotal);
  ASSERT_TRUE(Save(total.id, Settlement::kCorrected, 65).ok());
  IngestSample("r3-total-mismatch.pdf", /*force=*/true);
  EXPECT_EQ(Effective("is_total = 1 AND section = 'patients' AND period = 'plan'"),
            "65|ok|corrected|sato")
      << "the correction applies to the re-read value by its key";
  EXPECT_EQ(Effective("institution = 'みなと在宅診療所' AND section = 'patients' AND "
                      "period = 'plan'"),
            "28|review|NULL|NULL")
      << "until the rules run again, the re-read rows are as read";
  Result<int> refreshed = RefreshRechecks(*db_, templates_);
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_EQ(*refreshed, 1);
  EXPECT_EQ(Effective("institution = 'みなと在宅診療所' AND section = 'patients' AND "
                      "period = 'plan'"),
            "28|ok|rules|rules");
  EXPECT_TRUE(Queue().empty());
  Result<std::vector<tsuzuri::Review>> orphans = OrphanReviews(*db_);
  ASSERT_TRUE(orphans.ok());
  EXPECT_TRUE(orphans->empty());
}

TEST_F(ReviewFlow, ABlankCellIsEnteredAndTheSumItCompletesIsChecked) {
  IngestSample("r4-blank-cells.pdf", /*force=*/false);
  std::vector<QueueItem> blanks;
  for (const QueueItem& q : Queue()) {
    if (!q.value.value && q.file_name == "r4-blank-cells.pdf") blanks.push_back(q);
  }
  ASSERT_FALSE(blanks.empty()) << "r4-blank-cells has cells left blank";
  Result<SettleOutcome> o = Save(blanks.front().id, Settlement::kCorrected, 3);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->item.value.value, 3);
  EXPECT_EQ(o->item.value.settlement, "corrected");
}

// A report whose patients and referrals tables were not read (two effect tables of four: the
// matcher says missing_section for each), made by the real matcher from a page model.
TEST_F(ReviewFlow, AValueTheReadingDidNotGiveIsQueuedAndEnteredAgainstThePage) {
  testing_util::DocBuilder b;
  b.Line("補助金交付申請")
      .Line("【参入促進・連携（グループ化）の取組効果】")
      .Line("2在宅に赴いて診療(往診、訪問診療)する合計回数");
  b.Table({{"", "医療機関名", "現状(補助金交付申請の前月から)", "計画", "実績"},
           {"", "A医院", "合計回数:50回(うち往診:15回、訪問診療:35回)",
            "合計回数:52回(うち往診:16回、訪問診療:36回)",
            "合計回数:54回(うち往診:17回、訪問診療:37回)"}});
  b.Line("3在宅に赴いて診療(往診、訪問診療)する合計診療患者数に占める死亡患者数");
  b.Table({{"", "医療機関名", "現状", "実績"},
           {"", "A医院", "死亡患者数:3名(うち医療機関以外:1名)",
            "死亡患者数:1名(うち医療機関以外:0名)"}});
  Processed p;
  p.document = b.Build();
  p.document.file = "partial.pdf";
  p.document.sha256 = std::string(64, 'e');
  p.record = MakeRecord(p.document, templates_);
  p.record.sha256 = p.document.sha256;
  ASSERT_TRUE(p.record.form.has_value());
  Result<long long> run = db_->BeginRun("{}");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(db_->SaveDocument(p, *run, (dir_ / "partial.pdf").string()).ok());

  QueueFilter only;
  only.section = "patients";
  std::vector<QueueItem> missing;
  for (const QueueItem& q : Queue(only)) {
    if (q.missing) missing.push_back(q);
  }
  // Patients of A医院 (the row the other tables list) in each period of the template.
  ASSERT_EQ(missing.size(), 3u);
  EXPECT_EQ(missing[0].value.key.institution, "A医院");
  EXPECT_EQ(missing[0].value.unit, "名");
  ASSERT_FALSE(missing[0].findings.empty());
  EXPECT_EQ(missing[0].findings.front().rule, "missing_section");
  only.section = "referrals";
  EXPECT_EQ(Queue(only).size(), 9u) << "three metric rows by three periods";

  Result<SettleOutcome> none = Save(missing[0].id, Settlement::kConfirmed);
  EXPECT_EQ(none.status().code(), Status::Code::kInvalidArgument)
      << "nothing read, nothing to confirm";
  SettleRequest r;
  r.item_id = missing[0].id;
  r.action = Settlement::kCorrected;
  r.value = 12;
  r.reviewer = "sato";
  r.page = 1;
  r.box = Box{100, 200, 220, 220};
  Result<SettleOutcome> entered = Settle(*db_, templates_, r);
  ASSERT_TRUE(entered.ok()) << entered.status().ToString();
  EXPECT_EQ(entered->item.value.settlement, "entered");
  EXPECT_EQ(Effective("institution = 'A医院' AND section = 'patients' AND period = '" +
                      missing[0].value.key.period + "'"),
            "12|ok|entered|sato");
  only.section = "patients";
  only.document_id = missing[0].document_id;  // not r3-total-mismatch's rows
  EXPECT_EQ(Queue(only).size(), 2u) << "the entered value left the queue";
  Result<QueueItem> again = FindItem(*db_, templates_, missing[0].id);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->value.value, 12) << "the id still names the key, now entered";
  Result<std::vector<tsuzuri::Review>> history = ReviewHistory(*db_, again->value.key);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().box, (Box{100, 200, 220, 220})) << "where it was entered";
}

TEST(Revalidate, AValueReviewForItsConfidenceAloneStaysReviewWhenNoPersonChangedAnything) {
  Result<TemplateSet> t = LoadTemplates("templates");
  ASSERT_TRUE(t.ok());
  const Template* tmpl = FindTemplate(*t, "grouping-report-r4");
  ASSERT_NE(tmpl, nullptr);
  // Two rows and a total that hold (3 + 4 = 7); row B was review as read (low confidence).
  std::vector<EffectiveValue> values;
  long long id = 1;
  for (auto [name, total, v, status] :
       std::vector<std::tuple<std::string, bool, long long, std::string>>{
           {"A", false, 3, "ok"}, {"B", false, 4, "review"}, {kTotal, true, 7, "ok"}}) {
    EffectiveValue e;
    e.measure_id = id++;
    e.key = {"s", "patients", name, total, "current", "patients"};
    e.value = v;
    e.read_value = v;
    e.status = status;
    e.read_status = status;
    values.push_back(e);
  }
  Revalidation r = Revalidate(*tmpl, values);
  ASSERT_EQ(r.rechecks.size(), 3u);
  EXPECT_EQ(r.rechecks[1].status, "review") << "no settlement made it consistent";
  EXPECT_TRUE(r.open.empty());
  // Once a person confirms the total, the sum that holds confirms B.
  values[2].settlement = "confirmed";
  values[2].settled_by = "sato";
  r = Revalidate(*tmpl, values);
  EXPECT_EQ(r.rechecks[1].status, "ok");
  EXPECT_TRUE(r.rechecks[1].by_rules);
}

}  // namespace
}  // namespace tsuzuri
