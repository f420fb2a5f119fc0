// `tsuzuri extract FILE.eml --json` as a user runs it, on every e-mail fixture of tests/data/mail:
// each attachment document is read as the same file alone (its record equals the hand-checked
// expected record of the sample it carries), with source.file the decoded attachment name and
// source.message the message's headers as the fixture's expected file gives them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun Tsuzuri(const std::string& args) {
  const char* bin = std::getenv("TSUZURI_BIN");
  if (!bin || !*bin) bin = TSUZURI_BIN_PATH;
  CliRun r;
  std::string err_file = testing::TempDir() + "tsuzuri_mail_cli_stderr_XXXXXX";
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

Json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator("tests/data/mail")) {
    if (e.path().extension() == ".eml" &&
        fs::exists(fs::path(e.path()).replace_extension(".expected.json"))) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(MailCli, ExtractJsonReadsEveryAttachmentAsTheSameFileAlone) {
  const std::vector<fs::path> fixtures = Fixtures();
  ASSERT_GE(fixtures.size(), 10u);
  for (const fs::path& eml : fixtures) {
    SCOPED_TRACE(eml.filename().string());
    const Json expected = ReadJson(fs::path(eml).replace_extension(".expected.json").string());
    CliRun r = Tsuzuri("extract --json " + eml.string());
    const std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), expected["documents"].size()) << r.out << r.err;
    bool any_fails = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      const Json& want_doc = expected["documents"][i];
      const Json got = Json::parse(lines[i]);
      EXPECT_EQ(got["source"]["file"], want_doc["file"]);
      EXPECT_EQ(got["source"]["part"], want_doc["part"]);
      for (const char* key : {"message_id", "from", "date", "subject"}) {
        EXPECT_EQ(got["source"]["message"][key], expected["message"][key]) << key;
      }
      if (want_doc.value("fails", false)) {
        any_fails = true;
        EXPECT_TRUE(got.contains("error")) << lines[i];
        continue;
      }
      // The sample it carries, as checked by hand: the same record but for source.file.
      std::string sample = want_doc["bytes"].get<std::string>();
      sample = sample.substr(0, sample.size() - 4) + ".expected.json";
      const Json want = ReadJson(sample);
      EXPECT_EQ(got["source"]["sha256"], want["source"]["sha256"]);
      for (const auto& [key, value] : want.items()) {
        if (key == "source") continue;
        EXPECT_EQ(got[key], value) << "key " << key;
      }
    }
    EXPECT_EQ(r.exit_code, any_fails ? 1 : 0) << r.err;
  }
}

TEST(MailCli, AMessageWithoutADocumentPrintsNothingAndExitsZero) {
  CliRun r = Tsuzuri("extract --json tests/data/mail/bait-body.eml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "0 documents from the bait text in the body";
  EXPECT_EQ(r.err, "");
}

TEST(MailCli, AMalformedMessageIsOneLineNamingTheFile) {
  // .eml by name, but no message in it: read as a message, which fails.
  CliRun r = Tsuzuri("extract --json tests/data/mail/not-a-message.eml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not-a-message.eml"), std::string::npos) << r.err;
}

}  // namespace
