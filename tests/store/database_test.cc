#include "store/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/schema.h"
#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

using testing::ExecScript;
using testing::MakeProcessed;
using testing::Query;
using testing::QueryInt;
using testing::QueryOne;
using testing::TempDir;
using testing::WriteFile;

constexpr char kShaA[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr char kShaB[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

Processed WithSha(Processed p, const std::string& sha) {
  p.document.sha256 = sha;
  p.record.sha256 = sha;
  p.document.size = 1234;
  return p;
}

std::unique_ptr<Database> OpenOrDie(const std::string& path, DatabaseOptions options = {}) {
  Result<std::unique_ptr<Database>> db = Database::Open(path, options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

TEST(DatabaseOpen, CreatesTheSchemaInAnEmptyFile) {
  TempDir dir;
  const std::string path = dir / "empty.db";
  WriteFile(path, "");  // a zero-byte file is an empty SQLite database
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  Result<int> version = db->SchemaVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, Database::LatestSchemaVersion());
  EXPECT_EQ(QueryOne(path, "PRAGMA journal_mode"), "wal") << "the file is switched to WAL";
  EXPECT_EQ(QueryInt(path, "PRAGMA application_id"), kApplicationId);
  for (const char* table :
       {"documents", "document_names", "pages", "measures", "initiatives", "findings", "runs",
        "cells", "pages_fts", "measure_values", "group_totals", "year_totals", "open_findings",
        "originals", "messages", "document_sources"}) {
    EXPECT_EQ(QueryInt(path, std::string("SELECT count(*) FROM sqlite_master WHERE name = '") +
                                 table + "'"),
              1)
        << "missing " << table;
  }
}

TEST(DatabaseOpen, CreatesAMissingFileAndOpensItAgainWithoutMigrating) {
  TempDir dir;
  const std::string path = dir / "new.db";
  { ASSERT_NE(OpenOrDie(path), nullptr); }
  const std::string schema = QueryOne(path, "SELECT group_concat(sql, ';') FROM sqlite_master");
  { ASSERT_NE(OpenOrDie(path), nullptr); }
  EXPECT_EQ(QueryOne(path, "SELECT group_concat(sql, ';') FROM sqlite_master"), schema);
}

TEST(DatabaseOpen, RefusesWhatIsNotATsuzuriDatabase) {
  TempDir dir;
  struct Case {
    const char* name;
    std::function<void(const std::string&)> make;
    DatabaseOptions options;
    Status::Code code;
  };
  const std::vector<Case> cases = {
      {"text file",
       [](const std::string& p) { WriteFile(p, std::string(4096, 'x')); },
       {},
       Status::Code::kInvalidArgument},
      {"another program's database",
       [](const std::string& p) { Query(p, "CREATE TABLE t (x)"); },
       {},
       Status::Code::kInvalidArgument},
      {"newer schema",
       [](const std::string& p) {
         Query(p, "PRAGMA application_id = " + std::to_string(kApplicationId));
         Query(p, "PRAGMA user_version = 99");
       },
       {},
       Status::Code::kInvalidArgument},
      {"missing, not created",
       [](const std::string&) {},
       {.create_if_missing = false},
       Status::Code::kNotFound},
      {"missing, read-only",
       [](const std::string&) {},
       {.read_only = true},
       Status::Code::kNotFound},
      {"a folder",
       [](const std::string& p) { std::filesystem::create_directory(p); },
       {},
       Status::Code::kInvalidArgument},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string path = dir / ("case" + std::to_string(n++) + ".db");
    c.make(path);
    Result<std::unique_ptr<Database>> db = Database::Open(path, c.options);
    ASSERT_FALSE(db.ok()) << c.name;
    EXPECT_EQ(db.status().code(), c.code) << c.name << ": " << db.status().ToString();
    EXPECT_NE(db.status().message().find(path), std::string::npos)
        << c.name << ": the message names the file: " << db.status().message();
  }
}

TEST(DatabaseOpen, ReadOnlyRefusesWrites) {
  TempDir dir;
  const std::string path = dir / "t.db";
  { ASSERT_NE(OpenOrDie(path), nullptr); }
  auto db = OpenOrDie(path, {.read_only = true});
  ASSERT_NE(db, nullptr);
  Result<long long> run = db->BeginRun("{}");
  EXPECT_FALSE(run.ok()) << "a read-only database must not write";
}

TEST(DatabaseSave, WritesEveryPartOfTheRecord) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  Result<long long> run = db->BeginRun(R"({"paths": ["x"]})");
  ASSERT_TRUE(run.ok());
  Result<SaveOutcome> saved =
      db->SaveDocument(WithSha(MakeProcessed("in/g1.pdf", "G1", 2022), kShaA), *run, "in/g1.pdf");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(*saved, SaveOutcome::kInserted);

  struct Check {
    const char* sql;
    const char* want;
  };
  const std::vector<Check> checks = {
      {"SELECT count(*) FROM documents", "1"},
      {"SELECT status || ' ' || form || ' ' || fiscal_year || ' ' || group_name FROM documents",
       "loaded grouping-report 2022 G1"},
      {"SELECT file_name FROM documents", "g1.pdf"},
      {"SELECT size || ' ' || page_count FROM documents", "1234 2"},
      {"SELECT count(*) FROM pages", "2"},
      {"SELECT text FROM pages WHERE number = 1",
       "令和4年度 グループ診療 報告書 G1\n訪問診療\t120"},
      {"SELECT count(*) FROM measures", "5"},
      {"SELECT count(*) FROM measures WHERE value IS NULL AND status = 'review'", "1"},
      {"SELECT institution IS NULL FROM measures WHERE section = 'referrals'", "1"},
      {"SELECT count(*) FROM initiatives", "1"},
      {"SELECT count(*) FROM findings WHERE severity = 'warning'", "1"},
      {"SELECT count(*) FROM document_names", "1"},
      {"SELECT count(*) FROM measure_values WHERE fiscal_year = 2022 AND group_name = 'G1'", "5"},
      {"SELECT count(*) FROM group_totals", "3"},
      {"SELECT value FROM year_totals WHERE metric = 'patients' AND period = 'actual'", "20"},
      {"SELECT groups_missing FROM year_totals WHERE metric = 'patients' AND period = 'plan'", "1"},
      {"SELECT count(*) FROM open_findings", "1"},
      {"SELECT count(*) FROM pages_fts_pending", "2"},
  };
  for (const Check& c : checks) EXPECT_EQ(QueryOne(path, c.sql), c.want) << c.sql;

  // The pages wait for the full-text index until a batch is indexed.
  const char* kMatch = "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%グループ診療%'";
  EXPECT_EQ(QueryInt(path, kMatch), 0);
  Result<int> indexed = db->IndexPendingPages();
  ASSERT_TRUE(indexed.ok()) << indexed.status().ToString();
  EXPECT_EQ(*indexed, 2);
  EXPECT_EQ(QueryInt(path, kMatch), 2);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts_pending"), 0);
  EXPECT_EQ(*db->IndexPendingPages(), 0) << "nothing is indexed twice";
  Query(path, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
}

TEST(DatabaseSave, KeepsALoadedDocumentUnlessReplacing) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  ASSERT_EQ(*db->SaveDocument(WithSha(MakeProcessed("a.pdf", "G1", 2022), kShaA), run, "a.pdf"),
            SaveOutcome::kInserted);
  const std::string before = testing::DumpContent(path);

  Processed changed = WithSha(MakeProcessed("a.pdf", "G2", 2023), kShaA);
  EXPECT_EQ(*db->SaveDocument(changed, run, "a.pdf"), SaveOutcome::kAlreadyLoaded);
  EXPECT_EQ(testing::DumpContent(path), before) << "nothing changes without replace";

  // Replaced twice: once while its pages are indexed, once while the new ones are still queued.
  ASSERT_TRUE(db->IndexPendingPages().ok());
  EXPECT_EQ(*db->SaveDocument(changed, run, "a.pdf", /*replace=*/true), SaveOutcome::kReplaced);
  Processed again = WithSha(MakeProcessed("a.pdf", "G3", 2024), kShaA);
  EXPECT_EQ(*db->SaveDocument(again, run, "a.pdf", /*replace=*/true), SaveOutcome::kReplaced);
  EXPECT_EQ(*db->SaveDocument(changed, run, "a.pdf", /*replace=*/true), SaveOutcome::kReplaced);
  EXPECT_EQ(QueryOne(path, "SELECT id || ' ' || group_name || ' ' || fiscal_year FROM documents"),
            "1 G2 2023")
      << "replaced in place, same id";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM measures"), 5) << "children replaced, not added";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts_pending"), 2)
      << "only the current pages wait for the index";
  ASSERT_TRUE(db->IndexPendingPages().ok());
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G2%'"), 2)
      << "the index follows the replaced pages";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G1%'"), 0)
      << "the old pages left the index";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G3%'"), 0)
      << "pages replaced before they were indexed never reach it";
  Query(path, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
  EXPECT_EQ(QueryOne(path, "PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(Query(path, "PRAGMA foreign_key_check").empty()) << "no orphans";
}

TEST(DatabaseSave, UnknownFormKeepsPagesAndCountsAsLoaded) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  ASSERT_TRUE(
      db->SaveDocument(WithSha(MakeProcessed("x.pdf", "", 0, true), kShaA), run, "x.pdf").ok());
  EXPECT_EQ(QueryOne(path, "SELECT status FROM documents"), "unknown-form");
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages"), 2);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM cells"), 4) << "its tables are kept cell by cell";
  EXPECT_EQ(QueryOne(path,
                     "SELECT text || '|' || raw_text FROM cells WHERE page = 2 AND "
                     "table_no = 1 AND row = 0 AND col = 1"),
            "120|１２０");
  EXPECT_TRUE(*db->HasLoaded(kShaA)) << "an unknown form is not retried";
}

TEST(DatabaseOpen, MigratesAFirstVersionDatabase) {
  TempDir dir;
  const std::string path = dir / "v1.db";
  // A database as the first tsuzuri made it, with a document whose page its trigger indexed.
  ExecScript(path, SchemaMigration(1));
  Query(path, "PRAGMA user_version = 1");
  Query(path, "PRAGMA application_id = " + std::to_string(kApplicationId));
  Query(path,
        "INSERT INTO documents (id, sha256, file_name, path, status, ingested_at) VALUES "
        "(1, '" +
            std::string(kShaA) + "', 'a.pdf', '/a.pdf', 'loaded', '2024-01-01')");
  Query(path,
        "INSERT INTO pages (id, document_id, number, method, width, height, rotation, text_layer, "
        "text) VALUES (1, 1, 1, 'text', 595, 842, 0, 'usable', 'グループ診療 報告書 G1')");
  ASSERT_EQ(QueryInt(path, "PRAGMA user_version"), 1);

  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(*db->SchemaVersion(), Database::LatestSchemaVersion());
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM cells"), 0) << "the new table, empty";
  EXPECT_EQ(db->GetOriginal(kShaA).status().code(), Status::Code::kNotFound)
      << "a document stored before originals were kept is not backfilled";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM documents"), 1) << "the old data is kept";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts_pending"), 1)
      << "the pages are queued for the new index";
  EXPECT_EQ(db->Search({"グループ診療"})->size(), 1u) << "and found meanwhile";
  EXPECT_EQ(*db->IndexPendingPages(), 1);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G1%'"),
            1);

  // The old document replaced: its indexed page leaves the index; the new ones are queued.
  const long long run = *db->BeginRun("{}");
  ASSERT_TRUE(db->SaveDocument(WithSha(MakeProcessed("a.pdf", "G2", 2022), kShaA), run, "a.pdf",
                               /*replace=*/true)
                  .ok());
  ASSERT_TRUE(db->IndexPendingPages().ok());
  Query(path, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G1%'"),
            0);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%書 G2%'"),
            2);
}

TEST(DatabaseFailure, IsRecordedRetriedAndReplacedBySuccess) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  FailedFile failure{"in/bad.pdf", std::string(kShaB), 99, "pdf", "in/bad.pdf: damaged"};
  ASSERT_TRUE(db->SaveFailure(failure, run).ok());
  ASSERT_TRUE(db->SaveFailure(failure, run).ok()) << "a second failure updates the same row";
  EXPECT_EQ(QueryOne(path, "SELECT count(*) || ' ' || status || ' ' || error FROM documents"),
            "1 failed in/bad.pdf: damaged");
  EXPECT_FALSE(*db->HasLoaded(kShaB)) << "a failed document is tried again";

  Result<SaveOutcome> saved =
      db->SaveDocument(WithSha(MakeProcessed("bad.pdf", "G", 2022), kShaB), run, "in/bad.pdf");
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(*saved, SaveOutcome::kReplaced);
  EXPECT_EQ(QueryOne(path,
                     "SELECT count(*) || ' ' || status || ' ' || (error IS NULL) FROM "
                     "documents"),
            "1 loaded 1");
  EXPECT_TRUE(*db->HasLoaded(kShaB));

  ASSERT_TRUE(db->SaveFailure(failure, run).ok());
  EXPECT_EQ(QueryOne(path, "SELECT status FROM documents"), "loaded")
      << "a later failure never overwrites loaded data";
}

// SHA-256 of "abc" (FIPS 180-2, appendix B.1): the bytes and their name come from the standard,
// not from the code under test.
constexpr char kShaOfAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// SHA-256 of no bytes (FIPS 180-4 test vectors).
constexpr char kShaOfNothing[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(DatabaseOriginals, AreKeptByContentReadBackWholeAndOnce) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->PutOriginal(kShaOfAbc, "abc").ok());
  ASSERT_TRUE(db->PutOriginal(kShaOfAbc, "abc").ok()) << "keeping it again is harmless";
  Result<std::string> back = db->GetOriginal(kShaOfAbc);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, "abc");
  EXPECT_EQ(QueryOne(path, "SELECT count(*) || ' ' || size || ' ' || typeof(bytes) FROM originals"),
            "1 3 blob");
  ASSERT_TRUE(db->PutOriginal(kShaOfNothing, "").ok());
  Result<std::string> empty = db->GetOriginal(kShaOfNothing);
  ASSERT_TRUE(empty.ok()) << "an empty file is kept too: " << empty.status().ToString();
  EXPECT_EQ(*empty, "");
  EXPECT_EQ(db->GetOriginal(kShaB).status().code(), Status::Code::kNotFound);
}

TEST(DatabaseOriginals, BytesThatDoNotHashToTheirNameAreRefused) {
  TempDir dir;
  auto db = OpenOrDie(dir / "t.db");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->PutOriginal(kShaOfAbc, "abd").code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(db->GetOriginal(kShaOfAbc).status().code(), Status::Code::kNotFound);
  const long long run = *db->BeginRun("{}");
  Result<SaveOutcome> saved = db->SaveDocument(WithSha(MakeProcessed("a.pdf", "G", 2022), kShaA),
                                               run, "a.pdf", false, std::string_view("abc"));
  EXPECT_FALSE(saved.ok()) << "bytes of another content";
  EXPECT_EQ(QueryInt(dir / "t.db", "SELECT count(*) FROM documents"), 0)
      << "nothing of the document is written: one transaction";
}

TEST(DatabaseOriginals, AreWrittenWithTheDocumentAndWithAFailure) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  Result<SaveOutcome> saved =
      db->SaveDocument(WithSha(MakeProcessed("abc.pdf", "G", 2022), kShaOfAbc), run, "abc.pdf",
                       false, std::string_view("abc"));
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(*db->GetOriginal(kShaOfAbc), "abc");
  FailedFile failure{"in/empty.pdf", std::string(kShaOfNothing), 0, "unknown", "empty file"};
  ASSERT_TRUE(db->SaveFailure(failure, run, std::string_view("")).ok());
  EXPECT_TRUE(db->GetOriginal(kShaOfNothing).ok()) << "a failure's bytes are kept too";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM originals"), 2);
}

TEST(DatabaseFailure, AnUnreadableFileIsKeptByPathUntilItIsRead) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  const std::string file = dir / "locked.pdf";
  FailedFile failure{file, std::nullopt, std::nullopt, "", file + ": cannot read"};
  ASSERT_TRUE(db->SaveFailure(failure, run).ok());
  ASSERT_TRUE(db->SaveFailure(failure, run).ok());
  EXPECT_EQ(QueryOne(path, "SELECT count(*) || ' ' || (sha256 IS NULL) FROM documents"), "1 1");
  ASSERT_TRUE(db->SaveDocument(WithSha(MakeProcessed(file, "G", 2022), kShaA), run, file).ok());
  EXPECT_EQ(QueryOne(path, "SELECT count(*) || ' ' || status FROM documents"), "1 loaded")
      << "the row without hash is gone once the file is read";
}

TEST(DatabaseNames, ASecondNameIsRecordedOnce) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  ASSERT_TRUE(
      db->SaveDocument(WithSha(MakeProcessed("a.pdf", "G", 2022), kShaA), run, "a.pdf").ok());
  Result<bool> added = db->AddName(kShaA, "copies/b.pdf", run);
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(*added);
  EXPECT_FALSE(*db->AddName(kShaA, "copies/b.pdf", run)) << "known name";
  EXPECT_FALSE(*db->AddName(kShaA, "a.pdf", run)) << "the first name is known too";
  EXPECT_EQ(db->AddName(kShaB, "c.pdf", run).status().code(), Status::Code::kNotFound);
  Result<std::vector<std::string>> names = db->Names(kShaA);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a.pdf", "b.pdf"}));
}

TEST(DatabaseRuns, RecordStartEndAndCounts) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun(R"({"paths": ["samples"]})");
  EXPECT_EQ(QueryOne(path, "SELECT finished_at IS NULL FROM runs"), "1");
  ASSERT_TRUE(db->FinishRun(run, {3, 2, 1, 4, 5}).ok());
  EXPECT_EQ(QueryOne(path,
                     "SELECT loaded || skipped || failed || ignored || findings || "
                     "(finished_at >= started_at) FROM runs"),
            "321451");
  Result<StoreSummary> summary = db->Summary();
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(summary->runs.size(), 1u);
  EXPECT_EQ(summary->runs[0].arguments, R"({"paths": ["samples"]})");
  EXPECT_EQ(summary->runs[0].counts.ignored, 4);
}

TEST(DatabaseSummary, CountsDocumentsFindingsAndFailures) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  ASSERT_TRUE(
      db->SaveDocument(WithSha(MakeProcessed("a.pdf", "G", 2022), kShaA), run, "a.pdf").ok());
  ASSERT_TRUE(db->SaveFailure({"b.pdf", std::string(kShaB), 5, "pdf", "b.pdf: damaged"}, run).ok());
  Result<StoreSummary> s = db->Summary();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->documents.size(), 2u);
  EXPECT_EQ(s->documents[0].form, "grouping-report");
  EXPECT_EQ(s->documents[0].fiscal_year, 2022);
  EXPECT_EQ(s->documents[0].status, "loaded");
  EXPECT_EQ(s->documents[1].status, "failed");
  ASSERT_EQ(s->open_findings.size(), 1u);
  EXPECT_EQ(s->open_findings[0].rule, "missing_value");
  ASSERT_EQ(s->failures.size(), 1u);
  EXPECT_EQ(s->failures[0].error, "b.pdf: damaged");
  EXPECT_EQ(s->pages_to_index, 2) << "the document's two pages wait for the index";
  ASSERT_TRUE(db->IndexPendingPages().ok());
  EXPECT_EQ(db->Summary()->pages_to_index, 0);
}

TEST(DatabaseSearch, FindsPagesAndInitiativesByWords) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const long long run = *db->BeginRun("{}");
  ASSERT_TRUE(
      db->SaveDocument(WithSha(MakeProcessed("a.pdf", "北部", 2022), kShaA), run, "a.pdf").ok());
  ASSERT_TRUE(
      db->SaveDocument(WithSha(MakeProcessed("b.pdf", "南部", 2023), kShaB), run, "b.pdf").ok());
  struct Case {
    std::vector<std::string> words;
    size_t hits;
    const char* why;
  };
  const std::vector<Case> cases = {
      {{"グループ診療"}, 4, "a long word: two pages of two documents"},
      {{"訪問"}, 4, "a two-character word is found without the index"},
      {{"北部"}, 2, "a short word in one document"},
      {{"グループ診療", "南部"}, 2, "long and short words together"},
      {{"カンファレンス"}, 2, "initiatives are searched"},
      {{"在宅", "連携"}, 2, "two short words in an initiative"},
      {{"ぐるーぷ"}, 0, "no match"},
      {{"\"quoted\" AND"}, 0, "FTS syntax in a word is taken literally"},
      {{"グループ診療 報告書"}, 4, "a phrase with a space"},
      {{"%"}, 0, "LIKE wildcards in a word are taken literally"},
      {{"_"}, 0, "LIKE wildcards in a word are taken literally"},
      {{"月1回"}, 2, "an initiative's status column"},
  };
  // The same answers while the pages wait for the index (scanned), and once they are indexed.
  for (const char* state : {"queued", "indexed"}) {
    for (const Case& c : cases) {
      Result<std::vector<SearchHit>> hits = db->Search(c.words);
      ASSERT_TRUE(hits.ok()) << c.why << ": " << hits.status().ToString();
      EXPECT_EQ(hits->size(), c.hits) << c.why << " (" << state << ")";
    }
    if (std::string(state) == "queued") {
      ASSERT_EQ(*db->IndexPendingPages(), 4);
    }
  }
  Result<std::vector<SearchHit>> hits = db->Search({"カンファレンス"});
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].where, "initiative");
  EXPECT_EQ((*hits)[0].initiative, 1);
  EXPECT_EQ((*hits)[0].file_name, "a.pdf");
  EXPECT_EQ((*hits)[0].fiscal_year, 2022);
  EXPECT_EQ(db->Search({}).status().code(), Status::Code::kInvalidArgument);
  Result<std::vector<SearchHit>> limited = db->Search({"訪問"}, 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u) << "the limit is honoured";
}

TEST(DatabaseTables, ListsWhatAnAnalystReadsAndRefusesOthers) {
  TempDir dir;
  auto db = OpenOrDie(dir / "t.db");
  ASSERT_NE(db, nullptr);
  Result<std::vector<std::string>> names = db->TableNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::vector<std::string>{"cells", "document_names", "document_sources", "documents",
                                      "effective_values", "entered_keys", "findings",
                                      "group_totals", "initiatives", "latest_reviews",
                                      "measure_values", "measures", "messages", "open_findings",
                                      "orphan_reviews", "pages", "rechecks", "reviews", "runs",
                                      "year_totals"}));
  Status s = db->ReadTable(
      "sqlite_master", [](const auto&) { return Status::Ok(); },
      [](const auto&) { return Status::Ok(); });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  s = db->ReadTable(
      "measures\"; DROP TABLE runs; --", [](const auto&) { return Status::Ok(); },
      [](const auto&) { return Status::Ok(); });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
}

// WAL: a reader keeps its snapshot while another connection writes and commits.
TEST(DatabaseConcurrency, AReaderQueriesWhileAWriterCommits) {
  TempDir dir;
  const std::string path = dir / "t.db";
  auto writer = OpenOrDie(path);
  auto reader = OpenOrDie(path, {.read_only = true});
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  const long long run = *writer->BeginRun("{}");
  ASSERT_TRUE(
      writer->SaveDocument(WithSha(MakeProcessed("a.pdf", "G", 2022), kShaA), run, "a.pdf").ok());
  int rows = 0;
  bool wrote = false;
  Status s = reader->ReadTable(
      "documents", [](const auto&) { return Status::Ok(); },
      [&](const std::vector<SqlValue>&) {
        ++rows;
        // Mid-read, the writer commits another document; the reader is not blocked and does
        // not see it in this statement.
        Result<SaveOutcome> saved =
            writer->SaveDocument(WithSha(MakeProcessed("b.pdf", "G", 2022), kShaB), run, "b.pdf");
        wrote = saved.ok();
        return saved.status();
      });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(wrote);
  EXPECT_EQ(rows, 1) << "the reader's snapshot is the one it started with";
  EXPECT_EQ(reader->Summary()->documents[0].documents, 2) << "a new query sees the commit";
}

TEST(DatabaseConcurrency, ReadersInOtherThreadsNeverFailDuringWrites) {
  TempDir dir;
  const std::string path = dir / "t.db";
  { ASSERT_NE(OpenOrDie(path), nullptr); }
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, errors{0};
  std::thread reader_thread([&] {
    auto reader = OpenOrDie(path, {.read_only = true});
    while (!done) {
      Result<StoreSummary> s = reader->Summary();
      if (!s.ok()) ++errors;
      ++reads;
    }
  });
  auto writer = OpenOrDie(path);
  const long long run = *writer->BeginRun("{}");
  for (int i = 0; i < 100; ++i) {
    std::string sha(64, '0');
    const std::string n = std::to_string(i);
    sha.replace(64 - n.size(), n.size(), n);
    Result<SaveOutcome> saved = writer->SaveDocument(
        WithSha(MakeProcessed("f" + n + ".pdf", "G" + n, 2022), sha), run, "f" + n + ".pdf");
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  }
  done = true;
  reader_thread.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM documents"), 100);
}

}  // namespace
}  // namespace tsuzuri
