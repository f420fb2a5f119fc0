// The review layer in the store: effective values over what was read, append-only reviews, the
// survival of settlements across a re-read, entered values and orphans. Real SQLite files, records
// made by hand (store_test_util), read back with plain SQLite as an analyst would.
#include "store/reviews.h"

#include <gtest/gtest.h>

#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

using testing::MakeProcessed;
using testing::QueryInt;
using testing::QueryOne;
using testing::TempDir;

constexpr char kSha[] = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

class ReviewLayer : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_ / "t.db";
    Result<std::unique_ptr<Database>> db = Database::Open(path_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    Save(MakeProcessed("a.pdf", "あおば", 2022), /*replace=*/false);
  }
  void Save(Processed p, bool replace) {
    p.document.sha256 = kSha;
    p.record.sha256 = kSha;
    Result<long long> run = db_->BeginRun("{}");
    ASSERT_TRUE(run.ok());
    Result<SaveOutcome> saved = db_->SaveDocument(p, *run, dir_ / "a.pdf", replace);
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  }
  // The key of B診療所's patients (actual): 10 as read, status ok.
  static ValueKey KeyB() { return {kSha, "patients", "B診療所", false, "actual", "patients"}; }
  // The total row's blank plan value: review as read.
  static ValueKey BlankKey() {
    return {kSha, "patients", "連携する医療機関内の合計", true, "plan", "patients"};
  }
  Review Make(const ValueKey& key, Settlement action, std::optional<long long> value) {
    Review r;
    r.key = key;
    r.action = action;
    r.new_value = value;
    r.reviewer = "sato";
    return r;
  }
  std::string Row(const std::string& where) {
    return QueryOne(path_,
                    "SELECT value || '|' || ifnull(read_value, 'NULL') || '|' || status || '|' || "
                    "ifnull(settlement, 'NULL') || '|' || ifnull(settled_by, 'NULL') "
                    "FROM effective_values WHERE " +
                        where);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(ReviewLayer, WithoutReviewsTheEffectiveValuesAreTheValuesAsRead) {
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM effective_values"),
            QueryInt(path_, "SELECT count(*) FROM measure_values"));
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM effective_values AS e JOIN measure_values AS m "
                     "ON m.measure_id = e.measure_id WHERE e.value IS m.value AND "
                     "e.status = m.status AND e.read_value IS m.value AND e.settlement IS NULL "
                     "AND e.settled_by IS NULL"),
            QueryInt(path_, "SELECT count(*) FROM measure_values"))
      << "every value as read, nothing settled";
  EXPECT_EQ(Row("institution = 'B診療所'"), "10|10|ok|NULL|NULL");
}

TEST_F(ReviewLayer, ACorrectionIsALayerThatKeepsTheValueAsRead) {
  Result<long long> id = AppendReview(*db_, Make(KeyB(), Settlement::kCorrected, 12));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(Row("institution = 'B診療所'"), "12|10|ok|corrected|sato");
  EXPECT_EQ(QueryOne(path_, "SELECT value FROM measures WHERE institution = 'B診療所'"), "10")
      << "the value as read is never overwritten";
  Result<long long> latest = LatestReviewId(*db_, KeyB());
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, *id);

  // The latest review counts; the history keeps both.
  ASSERT_TRUE(AppendReview(*db_, Make(KeyB(), Settlement::kCorrected, 11)).ok());
  EXPECT_EQ(Row("institution = 'B診療所'"), "11|10|ok|corrected|sato");
  Result<std::vector<Review>> history = ReviewHistory(*db_, KeyB());
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().new_value, 12);
  EXPECT_EQ(history->back().new_value, 11);
  EXPECT_FALSE(history->back().reviewed_at.empty());
}

TEST_F(ReviewLayer, ReviewsAreAppendOnly) {
  ASSERT_TRUE(AppendReview(*db_, Make(KeyB(), Settlement::kConfirmed, 10)).ok());
  Status update = db_->Query("UPDATE reviews SET new_value = 99", {});
  EXPECT_FALSE(update.ok());
  EXPECT_NE(update.message().find("append-only"), std::string::npos) << update.ToString();
  EXPECT_FALSE(db_->Query("DELETE FROM reviews", {}).ok());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM reviews"), 1);
}

TEST_F(ReviewLayer, UnreadableSettlesTheValueAsNone) {
  ASSERT_TRUE(AppendReview(*db_, Make(BlankKey(), Settlement::kUnreadable, std::nullopt)).ok());
  EXPECT_EQ(QueryOne(path_,
                     "SELECT ifnull(value, 'NULL') || '|' || status || '|' || settlement "
                     "FROM effective_values WHERE period = 'plan' AND is_total = 1"),
            "NULL|ok|unreadable");
}

TEST_F(ReviewLayer, SettlementsSurviveARereadOfTheDocument) {
  ASSERT_TRUE(AppendReview(*db_, Make(KeyB(), Settlement::kCorrected, 12)).ok());
  ASSERT_TRUE(AppendReview(*db_, Make(BlankKey(), Settlement::kEntered, 20)).ok());
  const std::string old_run = QueryOne(path_, "SELECT run_id FROM documents");
  Save(MakeProcessed("a.pdf", "あおば", 2022), /*replace=*/true);  // ingest --force
  ASSERT_NE(QueryOne(path_, "SELECT run_id FROM documents"), old_run)
      << "the document was written again";
  EXPECT_EQ(Row("institution = 'B診療所'"), "12|10|ok|corrected|sato");
  EXPECT_EQ(Row("period = 'plan' AND is_total = 1"), "20|NULL|ok|entered|sato");
  Result<std::vector<Review>> orphans = OrphanReviews(*db_);
  ASSERT_TRUE(orphans.ok());
  EXPECT_TRUE(orphans->empty());
}

TEST_F(ReviewLayer, ACorrectionWhoseKeyIsGoneIsReportedNotDropped) {
  ASSERT_TRUE(AppendReview(*db_, Make(KeyB(), Settlement::kCorrected, 12)).ok());
  Processed reread = MakeProcessed("a.pdf", "あおば", 2022);
  for (Measure& m : reread.record.measures) {
    if (m.institution == "B診療所") m.institution = "B診療所(新)";  // the name read otherwise
  }
  Save(reread, /*replace=*/true);
  Result<std::vector<Review>> orphans = OrphanReviews(*db_);
  ASSERT_TRUE(orphans.ok());
  ASSERT_EQ(orphans->size(), 1u);
  EXPECT_EQ(orphans->front().key, KeyB());
  EXPECT_EQ(orphans->front().new_value, 12);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM effective_values WHERE value = 12"), 0)
      << "an orphan is not a value";
  Result<ReviewCounts> counts = CountReviews(*db_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->orphans, 1);
}

TEST_F(ReviewLayer, AValueTheReadingDidNotGiveCanBeEntered) {
  const long long before = QueryInt(path_, "SELECT count(*) FROM effective_values");
  Review r = Make({kSha, "patients", "C医院", false, "actual", "patients"}, Settlement::kEntered, 7);
  r.unit = "名";
  r.page = 1;
  ASSERT_TRUE(AppendReview(*db_, r).ok());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM effective_values"), before + 1);
  EXPECT_EQ(QueryOne(path_,
                     "SELECT value || '|' || unit || '|' || page || '|' || status || '|' || "
                     "settlement || '|' || ifnull(box_x0, 'NULL') || '|' || "
                     "ifnull(measure_id, 'NULL') FROM effective_values WHERE institution = 'C医院'"),
            "7|名|1|ok|entered|NULL|NULL");
}

TEST_F(ReviewLayer, TheSecondReadingOfAValueIsKeptForTheReviewer) {
  Processed p = MakeProcessed("a.pdf", "あおば", 2022);
  for (Measure& m : p.record.measures) {
    if (m.institution == "B診療所") {
      m.second_read = true;
      m.second_value = 18;
    }
  }
  Save(p, /*replace=*/true);
  Result<std::vector<EffectiveValue>> values = EffectiveValuesOf(*db_, 1);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  int twice = 0;
  for (const EffectiveValue& v : *values) {
    if (v.key.institution == "B診療所") {
      EXPECT_EQ(v.readings, 2);
      EXPECT_EQ(v.second_value, 18);
      ++twice;
    } else {
      EXPECT_EQ(v.readings, 1);
      EXPECT_FALSE(v.second_value.has_value());
    }
  }
  EXPECT_EQ(twice, 1);
}

TEST_F(ReviewLayer, RechecksCountOnlyWhileTheDocumentIsAsItWas) {
  ASSERT_TRUE(ReplaceRechecks(*db_, kSha, {{BlankKey(), "ok", true}, {KeyB(), "review", false}})
                  .ok());
  EXPECT_EQ(Row("institution = 'B診療所'"), "10|10|review|NULL|NULL");
  EXPECT_EQ(QueryOne(path_,
                     "SELECT status || '|' || settlement || '|' || settled_by FROM "
                     "effective_values WHERE period = 'plan' AND is_total = 1"),
            "ok|rules|rules");
  Result<ReviewCounts> counts = CountReviews(*db_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->by_rules, 1);
  EXPECT_EQ(counts->by_person, 0);
  EXPECT_EQ(counts->in_review, 1);

  Save(MakeProcessed("a.pdf", "あおば", 2022), /*replace=*/true);
  EXPECT_EQ(Row("institution = 'B診療所'"), "10|10|ok|NULL|NULL")
      << "a re-read document shows its values as read until the rules run again";
}

}  // namespace
}  // namespace tsuzuri
