// The tsuzuri executable as a user runs it: exit codes, stdout and stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs the tsuzuri binary with `args` (a shell word list), capturing stdout and stderr.
CliRun Tsuzuri(const std::string& args) {
  const char* bin = std::getenv("TSUZURI_BIN");
  if (!bin || !*bin) bin = TSUZURI_BIN_PATH;
  CliRun r;
  // One stderr file per call: ctest runs tests in parallel.
  std::string err_file = testing::TempDir() + "tsuzuri_cli_stderr_XXXXXX";
  const int fd = mkstemp(err_file.data());
  if (fd < 0) return r;
  close(fd);
  const std::string cmd = std::string(bin) + " " + args + " 2>" + err_file;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::remove(err_file.c_str());
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

TEST(Cli, ExtractJsonGivesOneLinePerFileAndReportsFailures) {
  CliRun r = Tsuzuri(
      "extract --json samples/r3-total-mismatch.pdf tests/data/encrypted-user.pdf "
      "samples/other-summary-table.pdf");
  EXPECT_EQ(r.exit_code, 1) << "one file failed";
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["form"], "grouping-report");
  EXPECT_EQ(first["source"]["file"], "r3-total-mismatch.pdf");
  ASSERT_EQ(first["findings"].size(), 1u);
  EXPECT_EQ(first["findings"][0]["rule"], "sum_of_rows");
  auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["source"]["file"], "encrypted-user.pdf");
  EXPECT_NE(second["error"].get<std::string>().find("encrypted"), std::string::npos);
  auto third = nlohmann::json::parse(lines[2]);
  EXPECT_TRUE(third["form"].is_null()) << "not a known form is not an error";
  std::vector<std::string> errors = Lines(r.err);
  ASSERT_EQ(errors.size(), 1u) << r.err;
  EXPECT_NE(errors[0].find("tests/data/encrypted-user.pdf"), std::string::npos) << errors[0];
}

TEST(Cli, UnknownFormExitsZero) {
  CliRun r = Tsuzuri("extract --json samples/other-notice.pdf");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["form"].is_null());
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, HumanSummaryNamesTheFindings) {
  CliRun r = Tsuzuri("extract samples/r3-total-mismatch.pdf");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("grouping-report"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sum_of_rows"), std::string::npos) << r.out;
}

TEST(Cli, PagesPrintsCells) {
  CliRun r = Tsuzuri("pages --no-words samples/r2-single-institution.pdf");
  EXPECT_EQ(r.exit_code, 0);
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["pages"].empty());
  EXPECT_FALSE(doc["pages"][0]["tables"].empty());
  EXPECT_FALSE(doc["pages"][0].contains("words"));
}

TEST(Cli, PagesOfAScanShowTheSecondReadings) {
  CliRun r = Tsuzuri("pages --no-words samples/scans/r4-three-pages-p2-clean300.png");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  int seconds = 0;
  for (const auto& t : doc["pages"][0]["tables"]) {
    for (const auto& c : t["cells"]) seconds += c.contains("second_raw_text");
  }
  EXPECT_GT(seconds, 20) << "numbers and names are read twice";
  CliRun text = Tsuzuri("pages --no-words samples/r2-single-institution.pdf");
  EXPECT_EQ(text.out.find("second_raw_text"), std::string::npos) << "a text layer is read once";
}

// A measure's key: section, institution, total, period and metric.
std::string MeasureKey(const nlohmann::json& m) {
  return m["section"].dump() + m["institution"].dump() + m["is_total"].dump() + m["period"].dump() +
         m["metric"].dump();
}

// The measures of `section` in the hand-checked expected record of `sample`, by MeasureKey.
std::map<std::string, nlohmann::json> Printed(const std::string& sample,
                                              const std::string& section) {
  std::ifstream in("samples/" + sample + ".expected.json");
  const auto expected = nlohmann::json::parse(in);
  std::map<std::string, nlohmann::json> printed;
  for (const auto& m : expected["measures"]) {
    if (m["section"] == section) printed[MeasureKey(m)] = m;
  }
  return printed;
}

// On this scan Tesseract reads the 0s of 「死亡患者数:0名(うち医療機関以外:0名)」 as 9 and, the
// second time, as 6, while its recognizer also considered 0; only 0 makes the rows sum to the
// total row. Every value comes out as printed (the sample's hand-checked expected record), those
// settled from another digit with an ocr_repair finding that names it.
TEST(Cli, DigitsBothReadingsMisreadAreSettledByTheRulesFromTheRecognizersOtherChoices) {
  CliRun r = Tsuzuri("extract --json samples/scans/r3-total-mismatch-p3-deaths-clean300.png");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = nlohmann::json::parse(Lines(r.out).at(0));
  const std::map<std::string, nlohmann::json> printed = Printed("r3-total-mismatch", "deaths");
  ASSERT_EQ(printed.size(), 24u);
  int deaths = 0;
  for (const auto& m : got["measures"]) {
    ASSERT_EQ(m["section"], "deaths");
    ++deaths;
    auto it = printed.find(MeasureKey(m));
    ASSERT_NE(it, printed.end()) << m.dump();
    EXPECT_EQ(m["value"], it->second["value"]) << m.dump();
  }
  EXPECT_EQ(deaths, 24);
  int from_alternatives = 0;
  for (const auto& f : got["findings"]) {
    const std::string message = f["message"];
    if (f["rule"] == "ocr_repair" && message.find("also considered 0") != std::string::npos) {
      ++from_alternatives;
    }
  }
  EXPECT_GE(from_alternatives, 1) << got["findings"].dump();
}

// On this scan both readings give 26 for the total row's 20 of 実績 (the slashed 0 of IPAGothic);
// the second reading's recognizer also considered 0, and only 20 makes the rows sum to the total.
// Every value comes out as printed (the sample's hand-checked expected record, page 2's patients
// table), the total with an ocr_repair finding that says both readings gave 26.
TEST(Cli, AZeroBothReadingsMisreadAlikeIsSettledByTheRulesFromTheRecognizersChoices) {
  CliRun r = Tsuzuri("extract --json samples/scans/h30-with-effects-p2-patients-clean300.png");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = nlohmann::json::parse(Lines(r.out).at(0));
  const std::map<std::string, nlohmann::json> printed = Printed("h30-with-effects", "patients");
  ASSERT_EQ(printed.size(), 9u);
  ASSERT_EQ(got["measures"].size(), 9u) << got["measures"].dump();
  for (const auto& m : got["measures"]) {
    ASSERT_EQ(m["section"], "patients");
    auto it = printed.find(MeasureKey(m));
    ASSERT_NE(it, printed.end()) << m.dump();
    EXPECT_EQ(m["value"], it->second["value"]) << m.dump();
    EXPECT_EQ(m["status"], "ok") << m.dump();
  }
  bool said = false;
  for (const auto& f : got["findings"]) {
    said = said || (f["rule"] == "ocr_repair" && f["period"] == "actual" &&
                    f["message"] ==
                        "patients (actual) of the total row: both readings give 26, but 20 was "
                        "also seen (the recognizer's other choices, or a read at another scale); "
                        "only 20 satisfies every rule");
  }
  EXPECT_TRUE(said) << got["findings"].dump();
}

// 「▲3件」 (差 = 2 − 5) is read 「43件」 first; the second reading sees the filled triangle and
// gives -3, and the diff rule settles it.
TEST(Cli, AFilledTriangleReadAs4IsSettledAsASignByTheDiffRule) {
  CliRun r = Tsuzuri("extract --json samples/scans/r2-single-institution-p2-upside-down.png");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto got = nlohmann::json::parse(Lines(r.out).at(0));
  int diffs = 0;
  for (const auto& m : got["measures"]) {
    if (m["section"] != "referrals" || m["period"] != "diff" ||
        m["metric"] != "emergency_admissions")
      continue;
    ++diffs;
    EXPECT_EQ(m["value"], -3) << m.dump();
    EXPECT_EQ(m["status"], "ok") << m.dump();
  }
  EXPECT_EQ(diffs, 1);
  bool said = false;
  for (const auto& f : got["findings"]) {
    said = said || (f["rule"] == "ocr_repair" &&
                    f["message"] ==
                        "emergency_admissions (diff): read 43, a second reading gives -3; only -3 "
                        "satisfies every rule");
  }
  EXPECT_TRUE(said) << got["findings"].dump();
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(Tsuzuri("").exit_code, 2) << "no command";
  EXPECT_EQ(Tsuzuri("extract").exit_code, 2) << "no file";
  EXPECT_EQ(Tsuzuri("frobnicate x").exit_code, 2) << "unknown command";
  EXPECT_EQ(Tsuzuri("extract --templates no/such/dir samples/r2-single-institution.pdf").exit_code,
            2);
}

TEST(Cli, HelpExplainsAndExitsZero) {
  CliRun r = Tsuzuri("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("extract"), std::string::npos);
  EXPECT_NE(r.out.find("Exit status"), std::string::npos);
}

}  // namespace
