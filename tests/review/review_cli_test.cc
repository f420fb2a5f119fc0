// `tsuzuri review` as a script uses it ($TSUZURI_BIN): list, show, set, confirm, as-printed on
// samples/r3-total-mismatch.pdf (plan patients: rows sum to 65, the total says 63), the exit
// statuses, and `status` counting what a person settled.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string Bin() {
  if (const char* bin = std::getenv("TSUZURI_BIN")) return bin;
  return TSUZURI_BIN_PATH;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

class ReviewCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tsuzuri-review-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    CliRun r = Run({"ingest", "samples/r3-total-mismatch.pdf", "--db", db_, "--progress", "none"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun Run(std::vector<std::string> args) {
    const fs::path out = dir_ / "out.txt", err = dir_ / "err.txt";
    const pid_t pid = fork();
    if (pid == 0) {
      const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(o, 1);
      dup2(e, 2);
      args.insert(args.begin(), Bin());
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      setenv("OMP_THREAD_LIMIT", "1", 1);
      execv(argv[0], argv.data());
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, ReadAll(out), ReadAll(err)};
  }
  // The items of `review list --json`.
  std::vector<nlohmann::json> List() {
    CliRun r = Run({"review", "list", "--json", "--db", db_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<nlohmann::json> items;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) items.push_back(nlohmann::json::parse(line));
    return items;
  }
  std::string IdOf(const std::vector<nlohmann::json>& items, const std::string& institution) {
    for (const auto& i : items) {
      if (i["institution"] == institution) return i["id"];
    }
    ADD_FAILURE() << "no item of " << institution;
    return "";
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(ReviewCli, ListShowAndSetSettleTheSumAndStatusCountsIt) {
  std::vector<nlohmann::json> items = List();
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items.back()["is_total"], true) << "the total row comes last, as on the page";
  EXPECT_EQ(items.back()["value"], 63);
  EXPECT_EQ(items.back()["findings"][0]["message"], "rows sum to 65, total row says 63");
  const std::string total = items.back()["id"];

  CliRun show = Run({"review", "show", total, "--db", db_});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("「63名」"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("rows sum to 65, total row says 63"), std::string::npos) << show.out;

  CliRun set = Run({"review", "set", total, "--value", "65", "--note", "rows checked",
                    "--user", "sato", "--db", db_});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("closed: sum_of_rows: rows sum to 65, total row says 63"),
            std::string::npos)
      << set.out;
  EXPECT_NE(set.out.find("confirmed by the rules"), std::string::npos) << set.out;
  EXPECT_TRUE(List().empty()) << "nothing left";

  CliRun status = Run({"status", "--db", db_});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("0 to review (tsuzuri review), 1 settled by a person, 5 confirmed "
                            "by the rules"),
            std::string::npos)
      << status.out;
}

TEST_F(ReviewCli, AStaleSaveExitsOneAndUsageErrorsExitTwo) {
  const std::vector<nlohmann::json> items = List();
  ASSERT_FALSE(items.empty());
  const std::string row = IdOf(items, "青葉台内科医院");
  CliRun first = Run({"review", "confirm", row, "--expect-version", "0", "--user", "sato",
                      "--db", db_});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  CliRun stale = Run({"review", "set", row, "--value", "9", "--expect-version", "0", "--user",
                      "suzuki", "--db", db_});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.err.find("settled meanwhile by sato"), std::string::npos) << stale.err;

  CliRun no_note = Run({"review", "as-printed", row, "--db", db_});
  EXPECT_EQ(no_note.exit_code, 2) << "--note is required";
  CliRun no_item = Run({"review", "show", "999999", "--db", db_});
  EXPECT_EQ(no_item.exit_code, 2);
  EXPECT_NE(no_item.err.find("999999"), std::string::npos) << no_item.err;
  CliRun no_db = Run({"review", "list", "--db", (dir_ / "none.db").string()});
  EXPECT_EQ(no_db.exit_code, 2) << "a database that does not exist is a usage error";
  EXPECT_FALSE(fs::exists(dir_ / "none.db")) << "review never creates a database";
  CliRun help = Run({"review", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--listen"), std::string::npos) << help.out;
}

}  // namespace
