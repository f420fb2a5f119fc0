// `tsuzuri ingest / status / search / export` as a user runs them: the real binary
// on copies of samples/*.pdf in a temporary folder, with the database read back by plain SQLite.
// Each copy gets a PDF comment after %%EOF ("%copy N") so that its bytes, and its SHA-256, differ.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

namespace fs = std::filesystem;
using testing::Query;
using testing::QueryInt;
using testing::QueryOne;
using testing::TempDir;
using testing::WriteFile;

// $TSUZURI_BIN, else the tsuzuri this test was built with (tests/CMakeLists.txt, CLI).
std::string Bin() {
  if (const char* bin = std::getenv("TSUZURI_BIN")) return bin;
#ifdef TSUZURI_BIN_PATH
  return TSUZURI_BIN_PATH;
#else
  return "";
#endif
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> SamplePdfs() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("samples")) {
    if (e.path().extension() == ".pdf") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// `copies` files in `dir`, cycling through the samples, each with distinct bytes.
void MakeCopies(const std::string& dir, int copies) {
  const std::vector<std::string> samples = SamplePdfs();
  ASSERT_FALSE(samples.empty()) << "no samples/*.pdf";
  for (int i = 0; i < copies; ++i) {
    const std::string& sample = samples[static_cast<size_t>(i) % samples.size()];
    char name[32];
    std::snprintf(name, sizeof name, "/copy%04d-", i);
    WriteFile(dir + name + fs::path(sample).filename().string(),
              ReadAll(sample) + "%copy " + std::to_string(i) + "\n");
  }
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

// Starts tsuzuri with `args`, stdout and stderr to files under `dir`; returns the pid.
pid_t Start(const std::vector<std::string>& args, const std::string& out_file,
            const std::string& err_file) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(out, 1);
  dup2(err, 2);
  std::vector<std::string> all = {Bin()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

CliRun Wait(pid_t pid, const std::string& out_file, const std::string& err_file) {
  CliRun r;
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadAll(out_file);
  r.err = ReadAll(err_file);
  return r;
}

CliRun Tsuzuri(const TempDir& dir, const std::vector<std::string>& args) {
  const std::string out = dir / "stdout.txt", err = dir / "stderr.txt";
  return Wait(Start(args, out, err), out, err);
}

class IngestCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Bin().empty()) << "no tsuzuri to run: set TSUZURI_BIN";
    ASSERT_FALSE(SamplePdfs().empty()) << "no samples/*.pdf";
    if (Tsuzuri(dir_, {"ingest", "--help"}).out.find("tsuzuri ingest") == std::string::npos) {
      FAIL() << "this tsuzuri has no ingest subcommand (app/main.cc must register the "
                "commands of app/store_commands.h)";
    }
  }
  TempDir dir_;
};

// samples/*.pdf as they are, and a file that is not a PDF, in `dir`/in.
std::string CopySamples(const TempDir& dir) {
  for (const std::string& sample : SamplePdfs()) {
    WriteFile(dir / ("in/" + fs::path(sample).filename().string()), ReadAll(sample));
  }
  WriteFile(dir / "in/notes/readme.json", "{}\n");
  return dir / "in";
}

TEST_F(IngestCli, LoadsOnceSkipsOnTheSecondRunAndRecordsTheRun) {
  const std::string db = dir_ / "t.db";
  const std::string in = CopySamples(dir_);
  const int n = static_cast<int>(SamplePdfs().size());
  CliRun first = Tsuzuri(dir_, {"ingest", in, "--db", db});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out,
            "ingest: " + std::to_string(n) + " loaded, 0 skipped, 0 failed, 1 ignored, " +
                QueryOne(db, "SELECT count(*) FROM findings") + " findings (db: " + db + ")\n")
      << "the summary line";
  EXPECT_NE(first.err.find("loaded " + in + "/"), std::string::npos)
      << "a plain line per file when stderr is not a terminal:\n"
      << first.err;
  EXPECT_EQ(first.err.find('\r'), std::string::npos) << "no progress bar off a terminal";
  EXPECT_EQ(QueryOne(db, "SELECT group_concat(DISTINCT kind) FROM documents"), "pdf")
      << "what each file is, from its bytes";
  const std::string rows = testing::DumpContent(db);

  CliRun second = Tsuzuri(dir_, {"ingest", in, "--db", db});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.substr(0, second.out.find(" failed")),
            "ingest: 0 loaded, " + std::to_string(n) + " skipped, 0")
      << second.out;
  EXPECT_NE(second.err.find("(already loaded)"), std::string::npos) << second.err;
  EXPECT_EQ(testing::DumpContent(db), rows) << "ingest twice: the same rows";
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL"), 2);
  EXPECT_GT(QueryInt(db, "SELECT count(*) FROM measure_values WHERE fiscal_year IS NOT NULL"), 0);

  CliRun forced = Tsuzuri(dir_, {"ingest", in, "--db", db, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(forced.out.substr(0, forced.out.find(',')), "ingest: " + std::to_string(n) + " loaded");
  EXPECT_EQ(testing::DumpContent(db), rows) << "--force replaces with the same content";
}

TEST_F(IngestCli, AFailureIsReportedRecordedAndTheOthersStillLoad) {
  const std::string db = dir_ / "t.db";
  MakeCopies(dir_ / "in", 2);
  WriteFile(dir_ / "in/truncated.pdf", ReadAll(SamplePdfs()[0]).substr(0, 2000));
  CliRun r = Tsuzuri(dir_, {"ingest", dir_ / "in", "--db", db});
  EXPECT_EQ(r.exit_code, 1) << "some document failed";
  EXPECT_NE(r.err.find("failed " + (dir_ / "in/truncated.pdf") + ": "), std::string::npos) << r.err;
  EXPECT_EQ(
      QueryOne(db, "SELECT group_concat(status) FROM (SELECT status FROM documents ORDER BY id)"),
      "loaded,loaded,failed");
  EXPECT_NE(QueryOne(db, "SELECT error FROM documents WHERE status = 'failed'"), "NULL");

  CliRun status = Tsuzuri(dir_, {"status", "--db", db});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("failed documents"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("truncated.pdf"), std::string::npos) << status.out;
}

TEST_F(IngestCli, BrokenFilesFailWithTheirReasonAndAreTriedAgainNextTime) {
  struct Case {
    const char* file;
    const char* reason;  // in the progress line and in documents.error
  };
  const std::vector<Case> cases = {
      {"tests/data/empty.pdf", "empty file"},
      {"tests/data/not-a-pdf.pdf", "not a PDF or an image"},
      {"tests/data/truncated.pdf", "damaged"},
      {"tests/data/encrypted-user.pdf", "password"},
  };
  std::vector<std::string> args = {"ingest", "--db", dir_ / "t.db"};
  for (const Case& c : cases) {
    if (!fs::exists(c.file)) GTEST_SKIP() << c.file << " is not there yet";
    args.push_back(c.file);
  }
  for (int run = 1; run <= 2; ++run) {
    CliRun r = Tsuzuri(dir_, args);
    EXPECT_EQ(r.exit_code, 1) << "run " << run;
    EXPECT_EQ(r.out.substr(0, r.out.find(" findings")), "ingest: 0 loaded, 0 skipped, 4 failed, 0")
        << "run " << run << ": each is tried again";
    for (const Case& c : cases) {
      const std::string line = std::string("failed ") + c.file + ": ";
      const size_t at = r.err.find(line);
      ASSERT_NE(at, std::string::npos) << c.file << " in\n" << r.err;
      EXPECT_NE(r.err.substr(at, r.err.find('\n', at) - at).find(c.reason), std::string::npos)
          << c.file << ": the line gives the reason\n"
          << r.err;
      EXPECT_NE(QueryOne(dir_ / "t.db", std::string("SELECT error FROM documents WHERE "
                                                    "file_name = '") +
                                            fs::path(c.file).filename().string() + "'")
                    .find(c.reason),
                std::string::npos)
          << c.file << ": recorded with its reason";
    }
  }
  EXPECT_EQ(QueryInt(dir_ / "t.db", "SELECT count(*) FROM documents"), 4) << "not doubled";
}

TEST_F(IngestCli, UsageErrorsExitTwoAndHelpExplainsTheOptions) {
  struct Case {
    std::vector<std::string> args;
    int exit_code;
  };
  const std::string db = dir_ / "t.db";
  const std::vector<Case> cases = {
      {{"ingest"}, 2},
      {{"ingest", dir_ / "in", "--progress", "sometimes"}, 2},
      {{"search", "--db", db}, 2},
      {{"export", "--db", db, "--format", "xlsx"}, 2},
  };
  for (const Case& c : cases) {
    CliRun r = Tsuzuri(dir_, c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args[0] << " ... " << c.args.back() << "\n" << r.err;
  }
  CliRun help = Tsuzuri(dir_, {"ingest", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"--db", "--force", "--progress", "--templates"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << " in\n" << help.out;
  }
  CliRun missing = Tsuzuri(dir_, {"status", "--db", dir_ / "none.db"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no such database"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "none.db")) << "status never creates a database";
}

TEST_F(IngestCli, SearchStatusAndExportReadTheDatabase) {
  const std::string db = dir_ / "t.db";
  ASSERT_EQ(Tsuzuri(dir_, {"ingest", CopySamples(dir_), "--db", db}).exit_code, 0);
  const std::string word = "連携";
  CliRun search = Tsuzuri(dir_, {"search", word, "--db", db});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find(word), std::string::npos) << search.out;

  CliRun status = Tsuzuri(dir_, {"status", "--db", db});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("grouping-report"), std::string::npos) << status.out;

  CliRun csv = Tsuzuri(dir_, {"export", "--db", db, "--table", "measures", "--format", "csv"});
  EXPECT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "id,document_id,section,institution,is_total,period,metric,value,unit,status,"
            "confidence,page,box_x0,box_y0,box_x1,box_y1,raw_text,readings,second_value");
  const long long lines = std::count(csv.out.begin(), csv.out.end(), '\n');
  EXPECT_GE(lines, QueryInt(db, "SELECT count(*) + 1 FROM measures"))
      << "a header and a line per measure (more when a value's text has a line break)";

  CliRun to_file = Tsuzuri(
      dir_, {"export", "--db", db, "--table", "group_totals", "--out", dir_ / "totals.csv"});
  EXPECT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(ReadAll(dir_ / "totals.csv").substr(0, 12), "fiscal_year,");
  CliRun bad_table = Tsuzuri(dir_, {"export", "--db", db, "--table", "sqlite_master"});
  EXPECT_EQ(bad_table.exit_code, 2) << bad_table.err;
}

// Waits until the database has at least `n` documents; false after 60 s.
bool WaitForDocuments(const std::string& db, int n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(db) &&
        QueryInt(db, "SELECT count(*) FROM sqlite_master WHERE name = 'documents'") == 1 &&
        QueryInt(db, "SELECT count(*) FROM documents") >= n) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST_F(IngestCli, KilledWithSigkillMidIngestLosesAndDoublesNothing) {
  constexpr int kCopies = 150;
  MakeCopies(dir_ / "in", kCopies);
  const std::string db = dir_ / "t.db";
  const pid_t pid = Start({"ingest", dir_ / "in", "--db", db}, dir_ / "o1", dir_ / "e1");
  const bool started = WaitForDocuments(db, 5);
  kill(pid, SIGKILL);
  const CliRun killed = Wait(pid, dir_ / "o1", dir_ / "e1");
  ASSERT_TRUE(started) << killed.err;
  if (killed.exit_code != 128 + SIGKILL) GTEST_SKIP() << "the ingest finished before the kill";

  EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok");
  const long long partial = QueryInt(db, "SELECT count(*) FROM documents");
  EXPECT_LT(partial, kCopies);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages"),
            QueryInt(db, "SELECT coalesce(sum(page_count), 0) FROM documents"))
      << "every document is whole";

  CliRun rerun = Tsuzuri(dir_, {"ingest", dir_ / "in", "--db", db});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(rerun.out.substr(0, rerun.out.find(" failed")),
            "ingest: " + std::to_string(kCopies - partial) + " loaded, " + std::to_string(partial) +
                " skipped, 0")
      << rerun.out;
  EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents WHERE status <> 'failed'"), kCopies);
  EXPECT_EQ(QueryInt(db, "SELECT count(DISTINCT sha256) FROM documents"), kCopies);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM document_names"), kCopies);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM pages"),
            QueryInt(db, "SELECT sum(page_count) FROM documents"));
  Query(db, "INSERT INTO pages_fts (pages_fts) VALUES ('integrity-check')");
  EXPECT_EQ(QueryOne(db, "SELECT group_concat(finished_at IS NULL) FROM runs"), "1,0")
      << "the killed run is visible as unfinished";
}

TEST_F(IngestCli, TwoIngestsAtOnceBothFinishAndStoreEachDocumentOnce) {
  constexpr int kCopies = 40;
  MakeCopies(dir_ / "in", kCopies);
  const std::string db = dir_ / "t.db";
  const pid_t a = Start({"ingest", dir_ / "in", "--db", db}, dir_ / "oa", dir_ / "ea");
  const pid_t b = Start({"ingest", dir_ / "in", "--db", db}, dir_ / "ob", dir_ / "eb");
  const CliRun ra = Wait(a, dir_ / "oa", dir_ / "ea");
  const CliRun rb = Wait(b, dir_ / "ob", dir_ / "eb");
  EXPECT_EQ(ra.exit_code, 0) << ra.err;
  EXPECT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM documents"), kCopies);
  EXPECT_EQ(QueryInt(db, "SELECT sum(loaded) FROM runs"), kCopies);
  EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace tsuzuri
