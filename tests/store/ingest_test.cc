#include "store/ingest.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

namespace fs = std::filesystem;
using testing::DumpContent;
using testing::FakePdf;
using testing::FakePipeline;
using testing::Query;
using testing::QueryInt;
using testing::QueryOne;
using testing::TempDir;
using testing::WriteFile;

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

IngestResult IngestOrDie(const std::string& db_path, const std::vector<std::string>& paths,
                         FakePipeline& pipeline, IngestOptions options = {},
                         std::vector<FileEvent>* events = nullptr) {
  auto db = OpenOrDie(db_path);
  if (db == nullptr) return {};
  IngestProgress progress;
  if (events != nullptr) progress.on_done = [events](const FileEvent& e) { events->push_back(e); };
  Result<IngestResult> result = Ingest(*db, paths, pipeline.processor(), options, progress);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : IngestResult{};
}

// A folder of `n` distinct fake PDFs in two subfolders.
void MakeFolder(const std::string& dir, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string name = "group" + std::to_string(100 + i) + ".pdf";
    WriteFile(dir + (i % 2 ? "/odd/" : "/even/") + name, FakePdf(std::to_string(i)));
  }
}

TEST(FindFiles, WalksFoldersSortedAndSurvivesSymlinkLoops) {
  TempDir dir;
  WriteFile(dir / "in/b.pdf", "x");
  WriteFile(dir / "in/a.pdf", "x");
  WriteFile(dir / "in/sub/c.txt", "x");
  fs::create_directory_symlink(dir.path() / "in", dir.path() / "in/sub/loop");
  fs::create_symlink(dir.path() / "in/a.pdf", dir.path() / "in/sub/link-to-a.pdf");
  fs::create_symlink(dir.path() / "in/gone.pdf", dir.path() / "in/sub/dangling.pdf");
  std::vector<FoundFile> files = FindFiles({dir / "in", dir / "in/a.pdf", dir / "missing.pdf"});
  std::vector<std::string> got;
  for (const FoundFile& f : files) {
    got.push_back(fs::relative(f.path, dir.path()).string() + (f.named ? " (named)" : "") +
                  (f.error.empty() ? "" : " [" + f.error + "]"));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "in/a.pdf", "in/b.pdf", "in/sub/c.txt",
                     "in/sub/dangling.pdf [cannot follow (No such file or directory)]",
                     "missing.pdf (named)"}))
      << "sorted, each directory and each file once, a dangling link and a missing path kept to "
         "be reported";
}

TEST(Ingest, TwiceGivesTheSameRowsAndSkipsEverything) {
  TempDir dir;
  MakeFolder(dir / "in", 6);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  IngestResult first = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(first.counts.loaded, 6);
  EXPECT_EQ(first.counts.findings, 6);
  const std::string after_first = DumpContent(db);
  const int calls = pipeline.calls;

  IngestResult second = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(second.counts.loaded, 0);
  EXPECT_EQ(second.counts.skipped, 6);
  EXPECT_EQ(second.counts.failed, 0);
  EXPECT_EQ(pipeline.calls, calls) << "nothing is extracted again";
  EXPECT_EQ(DumpContent(db), after_first) << "the same rows";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"), 2);
}

TEST(Ingest, IndexesPagesInBatchesDuringTheRunAndAllAtItsEnd) {
  TempDir dir;
  constexpr int kFiles = 12;  // 2 pages each
  MakeFolder(dir / "in", kFiles);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  auto opened = OpenOrDie(db);
  ASSERT_NE(opened, nullptr);
  IngestOptions options;
  options.index_every_pages = 4;
  int most_queued = 0;
  IngestProgress progress;
  progress.on_done = [&](const FileEvent&) {
    most_queued = std::max(most_queued, static_cast<int>(QueryInt(db,
                                                                  "SELECT count(*) FROM "
                                                                  "pages_fts_pending")));
  };
  Result<IngestResult> r = Ingest(*opened, {dir / "in"}, pipeline.processor(), options, progress);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->counts.loaded, kFiles);
  // A batch is written after the document that fills it, before the next document's write.
  EXPECT_LE(most_queued, options.index_every_pages + 2) << "the queue never grows past a batch";
  EXPECT_GT(most_queued, 0) << "pages wait for their batch";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages_fts_pending"), 0) << "all indexed at the end";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages_fts WHERE text LIKE '%グループ診療%'"),
            2 * kFiles);
  Query(db, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
}

TEST(Ingest, ForceReExtractsAndReplacesInPlace) {
  TempDir dir;
  MakeFolder(dir / "in", 4);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  IngestOrDie(db, {dir / "in"}, pipeline);
  const std::string before = DumpContent(db);
  IngestResult forced = IngestOrDie(db, {dir / "in"}, pipeline, {.force = true});
  EXPECT_EQ(forced.counts.loaded, 4);
  EXPECT_EQ(forced.counts.skipped, 0);
  EXPECT_EQ(pipeline.calls, 8);
  EXPECT_EQ(DumpContent(db), before) << "same content, same document ids, nothing doubled";
  EXPECT_EQ(QueryInt(db, "SELECT count(DISTINCT run_id) FROM documents"), 1);
  EXPECT_EQ(QueryInt(db, "SELECT max(run_id) FROM documents"), 2) << "loaded by the forced run";
}

TEST(Ingest, TheSameFileUnderTwoNamesIsOneDocument) {
  TempDir dir;
  WriteFile(dir / "in/report.pdf", FakePdf("same"));
  WriteFile(dir / "in/zz-copy of report.pdf", FakePdf("same"));
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  std::vector<FileEvent> events;
  IngestResult r = IngestOrDie(db, {dir / "in"}, pipeline, {}, &events);
  EXPECT_EQ(r.counts.loaded, 1);
  EXPECT_EQ(r.counts.skipped, 1);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].detail, "same content as report.pdf");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(QueryOne(db,
                     "SELECT group_concat(file_name, '|') FROM "
                     "(SELECT file_name FROM document_names ORDER BY file_name)"),
            "report.pdf|zz-copy of report.pdf");

  // A third name found by a later run is recorded too.
  WriteFile(dir / "later/third.pdf", FakePdf("same"));
  IngestResult later = IngestOrDie(db, {dir / "later"}, pipeline);
  EXPECT_EQ(later.counts.skipped, 1);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM document_names"), 3);
  EXPECT_EQ(pipeline.calls, 1);
}

TEST(Ingest, AFailureIsRecordedTheBatchGoesOnAndItIsRetried) {
  TempDir dir;
  MakeFolder(dir / "in", 3);
  const std::string bad = dir / "in/odd/group101.pdf";
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  pipeline.fail.insert(bad);
  std::vector<FileEvent> events;
  IngestResult first = IngestOrDie(db, {dir / "in"}, pipeline, {}, &events);
  EXPECT_EQ(first.counts.loaded, 2);
  EXPECT_EQ(first.counts.failed, 1);
  EXPECT_EQ(QueryOne(db,
                     "SELECT status || ': ' || error FROM documents WHERE file_name = "
                     "'group101.pdf'"),
            "failed: " + bad + ": damaged (test)");
  bool reported = false;
  for (const FileEvent& e : events) {
    if (e.path == bad) reported = e.outcome == FileOutcome::kFailed && !e.detail.empty();
  }
  EXPECT_TRUE(reported) << "the failure reaches the progress callback with its reason";

  pipeline.fail.clear();
  IngestResult second = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(second.counts.loaded, 1) << "the failed document is tried again";
  EXPECT_EQ(second.counts.skipped, 2);
  EXPECT_EQ(second.counts.failed, 0);
  EXPECT_EQ(QueryOne(db, "SELECT group_concat(status) FROM documents"), "loaded,loaded,loaded");
}

TEST(Ingest, WhatIsNotAPdfOrImageIsIgnoredInFoldersAndFailsWhenNamed) {
  TempDir dir;
  WriteFile(dir / "in/notes.txt", "just text");
  WriteFile(dir / "in/scan.pdf.bak", FakePdf("by content"));  // a PDF whatever its name
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  IngestResult r = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(r.counts.loaded, 1) << "scan.pdf.bak is a PDF by its bytes";
  EXPECT_EQ(r.counts.ignored, 1) << "notes.txt";
  EXPECT_EQ(r.counts.failed, 0);

  IngestResult named = IngestOrDie(db, {dir / "in/notes.txt", dir / "nowhere.pdf"}, pipeline);
  EXPECT_EQ(named.counts.failed, 2);
  EXPECT_EQ(QueryOne(db, "SELECT error FROM documents WHERE status = 'failed'"),
            (dir / "in/notes.txt") + ": not a PDF or an image (unrecognized content)")
      << "a named file of another kind is a recorded failure; a missing path is not recorded";
}

// Issue 15: a 0-byte file named .pdf in an ingested folder was ignored without a word.
TEST(Ingest, AFileNamedAsAPdfThatIsNotOneFailsWithItsReason) {
  TempDir dir;
  WriteFile(dir / "in/empty.pdf", "");
  WriteFile(dir / "in/fake.PDF", "not a pdf at all");
  WriteFile(dir / "in/photo.jpg", "");
  WriteFile(dir / "in/notes.txt", "");
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  std::vector<FileEvent> events;
  IngestResult r = IngestOrDie(db, {dir / "in"}, pipeline, {}, &events);
  EXPECT_EQ(r.counts.failed, 3) << "empty.pdf, fake.PDF, photo.jpg";
  EXPECT_EQ(r.counts.ignored, 1) << "notes.txt: not named as a document";
  EXPECT_EQ(Query(db, "SELECT file_name, status, error FROM documents ORDER BY file_name"),
            (std::vector<std::vector<std::string>>{
                {"fake.PDF", "failed",
                 (dir / "in/fake.PDF") +
                     ": named as a PDF or an image, but its bytes are not one"},
                {"photo.jpg", "failed", (dir / "in/photo.jpg") + ": empty file"}}))
      << "empty.pdf and photo.jpg have one content (no bytes): one row, under the later name";
  EXPECT_EQ(QueryOne(db, "SELECT group_concat(file_name, ' ') FROM (SELECT n.file_name FROM "
                         "document_names AS n JOIN documents AS d ON d.id = n.document_id "
                         "WHERE d.size = 0 ORDER BY 1)"),
            "empty.pdf photo.jpg")
      << "both names are kept";
  int failed_events = 0;
  for (const FileEvent& e : events) failed_events += e.outcome == FileOutcome::kFailed;
  EXPECT_EQ(failed_events, 3) << "each is said, not only recorded";

  IngestResult again = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(again.counts.failed, 3) << "tried again, failed again";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), 2) << "and never duplicated";
}

TEST(Ingest, KeepsTheOriginalBytesOfEveryDocumentAndFailure) {
  TempDir dir;
  const std::string good = FakePdf("kept"), bad = FakePdf("damaged");
  WriteFile(dir / "in/good.pdf", good);
  WriteFile(dir / "in/bad.pdf", bad);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  pipeline.fail = {dir / "in/bad.pdf"};
  IngestResult r = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(r.counts.loaded, 1);
  EXPECT_EQ(r.counts.failed, 1);
  auto opened = OpenOrDie(db);
  ASSERT_NE(opened, nullptr);
  for (const auto& [name, bytes] : {std::pair{"good.pdf", good}, std::pair{"bad.pdf", bad}}) {
    const std::string sha =
        QueryOne(db, std::string("SELECT sha256 FROM documents WHERE file_name = '") + name + "'");
    Result<std::string> original = opened->GetOriginal(sha);
    ASSERT_TRUE(original.ok()) << name << ": " << original.status().ToString();
    EXPECT_EQ(*original, bytes) << name << ": the file's own bytes";
  }
  // The files may go: review and re-reading no longer need them.
  fs::remove_all(dir.path() / "in");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM originals"), 2);
}

TEST(Ingest, AnUnreadableFileIsRecordedByPath) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  TempDir dir;
  WriteFile(dir / "in/locked.pdf", FakePdf("locked"));
  chmod((dir / "in/locked.pdf").c_str(), 0);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  IngestResult r = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(r.counts.failed, 1);
  EXPECT_EQ(QueryOne(db, "SELECT (sha256 IS NULL) || status FROM documents"), "1failed");
  chmod((dir / "in/locked.pdf").c_str(), 0644);
  IngestResult again = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(again.counts.loaded, 1);
  EXPECT_EQ(QueryOne(db, "SELECT count(*) || status FROM documents"), "1loaded");
}

// A file named on the command line that no one can open, root included (a Unix socket: ENXIO),
// is recorded as failed by its path; once it is a file, the same path loads, once. Unlike
// AnUnreadableFileIsRecordedByPath this runs as root too (CI does).
TEST(Ingest, AFileNoOneCanOpenIsRecordedByPath) {
  TempDir dir;
  const std::string path = dir / "socket.pdf";
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  std::copy(path.begin(), path.end(), address.sun_path);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  close(fd);
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  std::vector<FileEvent> events;
  IngestResult r = IngestOrDie(db, {path}, pipeline, {}, &events);
  EXPECT_EQ(r.counts.failed, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].outcome, FileOutcome::kFailed);
  EXPECT_EQ(QueryOne(db, "SELECT (sha256 IS NULL) || status FROM documents"), "1failed");
  EXPECT_NE(QueryOne(db, "SELECT error FROM documents"), "");
  ASSERT_EQ(unlink(path.c_str()), 0);
  WriteFile(path, FakePdf("socket"));
  IngestResult again = IngestOrDie(db, {path}, pipeline);
  EXPECT_EQ(again.counts.loaded, 1);
  EXPECT_EQ(QueryOne(db, "SELECT count(*) || status FROM documents"), "1loaded");
}

TEST(Ingest, ReportsEachFileInOrder) {
  TempDir dir;
  MakeFolder(dir / "in", 3);
  WriteFile(dir / "in/unknown-form.pdf", FakePdf("u"));
  const std::string db = dir / "t.db";
  FakePipeline pipeline;
  std::vector<FileEvent> events;
  std::vector<size_t> measures;  // the record is only valid during the callback
  auto opened = OpenOrDie(db);
  ASSERT_NE(opened, nullptr);
  IngestProgress progress;
  progress.on_done = [&](const FileEvent& e) {
    events.push_back(e);
    measures.push_back(e.record != nullptr ? e.record->measures.size() : 0);
  };
  ASSERT_TRUE(Ingest(*opened, {dir / "in"}, pipeline.processor(), {}, progress).ok());
  ASSERT_EQ(events.size(), 4u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].index, static_cast<int>(i) + 1);
    EXPECT_EQ(events[i].total, 4);
  }
  EXPECT_EQ(events[3].outcome, FileOutcome::kUnknownForm) << events[3].path;
  EXPECT_EQ(measures, (std::vector<size_t>{5, 5, 5, 0}));
  EXPECT_EQ(events[3].counts.loaded, 4) << "unknown forms count as loaded";
}

// Polls the database until it holds at least `n` documents (or gives up after 20 s).
bool WaitForDocuments(const std::string& db, int n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(db) &&
        QueryInt(db,
                 "SELECT count(*) FROM sqlite_master WHERE name = "
                 "'documents'") == 1 &&
        QueryInt(db, "SELECT count(*) FROM documents") >= n) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Runs an ingest in a child process; returns its pid. The child exits 0 when no file failed.
pid_t ForkIngest(const std::string& db, const std::string& folder, int delay_ms) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  FakePipeline pipeline;
  pipeline.delay_ms = delay_ms;
  Result<std::unique_ptr<Database>> opened = Database::Open(db);
  if (!opened.ok()) {
    fprintf(stderr, "child: %s\n", opened.status().ToString().c_str());
    _exit(10);
  }
  Result<IngestResult> r = Ingest(**opened, {folder}, pipeline.processor());
  _exit(!r.ok() ? 11 : r->counts.failed > 0 ? 1 : 0);
}

void ExpectEveryDocumentOnce(const std::string& db, int n) {
  EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), n);
  EXPECT_EQ(QueryInt(db, "SELECT count(DISTINCT sha256) FROM documents WHERE status = 'loaded'"),
            n);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages"), 2 * n);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM measures"), 5 * n);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM findings"), n);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM document_names"), n);
  // Every page indexed (the end of a run indexes what a killed run left queued), and FTS5's own
  // check: the index matches the page text exactly.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages_fts_pending"), 0);
  EXPECT_EQ(
      QueryInt(db, "SELECT count(*) FROM pages_fts WHERE pages_fts.text LIKE '%グループ診療%'"),
      2 * n);
  Query(db, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
}

TEST(IngestCrash, KilledMidRunLeavesAConsistentDatabaseAndARerunCompletes) {
  TempDir dir;
  constexpr int kFiles = 60;
  MakeFolder(dir / "in", kFiles);
  const std::string db = dir / "t.db";
  const pid_t child = ForkIngest(db, dir / "in", 20);
  ASSERT_GT(child, 0);
  const bool started = WaitForDocuments(db, 10);
  kill(child, SIGKILL);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  ASSERT_TRUE(started) << "the child ingest did not get going";
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "killed, not finished";

  const long long partial = QueryInt(db, "SELECT count(*) FROM documents");
  EXPECT_LT(partial, kFiles) << "killed before the end";
  {
    Result<std::unique_ptr<Database>> opened = Database::Open(db);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_TRUE((*opened)->CheckIntegrity().ok());
  }
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages"), 2 * partial)
      << "every document is whole: no half-written one";

  FakePipeline pipeline;
  IngestResult rerun = IngestOrDie(db, {dir / "in"}, pipeline);
  EXPECT_EQ(rerun.counts.loaded, kFiles - partial);
  EXPECT_EQ(rerun.counts.skipped, partial);
  ExpectEveryDocumentOnce(db, kFiles);
  EXPECT_EQ(QueryOne(db, "SELECT group_concat(finished_at IS NULL) FROM runs"), "1,0")
      << "the killed run stays visible as unfinished";
}

TEST(IngestConcurrency, TwoIngestsOfOneFolderAtOnceStoreEachDocumentOnce) {
  TempDir dir;
  constexpr int kFiles = 40;
  MakeFolder(dir / "in", kFiles);
  const std::string db = dir / "t.db";
  const pid_t a = ForkIngest(db, dir / "in", 5);
  const pid_t b = ForkIngest(db, dir / "in", 5);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  for (pid_t pid : {a, b}) {
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    ASSERT_TRUE(WIFEXITED(wstatus));
    EXPECT_EQ(WEXITSTATUS(wstatus), 0) << "both runs succeed (10: open failed, 11: ingest failed)";
  }
  ExpectEveryDocumentOnce(db, kFiles);
  EXPECT_EQ(QueryInt(db, "SELECT sum(loaded) FROM runs"), kFiles);
  EXPECT_EQ(QueryInt(db, "SELECT sum(loaded + skipped) FROM runs"), 2 * kFiles);
}

}  // namespace
}  // namespace tsuzuri
