#include "mail/message.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tsuzuri {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator("tests/data/mail")) {
    if (e.path().extension() == ".eml" && fs::exists(fs::path(e.path()).replace_extension(
                                              ".expected.json"))) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every fixture: the message's headers decoded as its expected file says, and its parts exactly
// the expected documents, each carrying the very bytes of the file it was made from.
TEST(ParseMessage, EveryFixtureGivesItsExpectedDocumentsAndHeaders) {
  const std::vector<fs::path> fixtures = Fixtures();
  ASSERT_GE(fixtures.size(), 10u) << "tests/data/mail/generate.py makes the fixtures";
  for (const fs::path& eml : fixtures) {
    SCOPED_TRACE(eml.filename().string());
    const nlohmann::json expected =
        nlohmann::json::parse(ReadAll(fs::path(eml).replace_extension(".expected.json")));
    Result<Message> message = ParseMessage(ReadAll(eml));
    ASSERT_TRUE(message.ok()) << message.status().ToString();
    EXPECT_EQ(message->message_id, expected["message"]["message_id"]);
    EXPECT_EQ(message->subject, expected["message"]["subject"]);
    EXPECT_EQ(message->from, expected["message"]["from"]);
    EXPECT_EQ(message->date, expected["message"]["date"]);
    EXPECT_TRUE(message->warnings.empty()) << message->warnings.front();
    ASSERT_EQ(message->parts.size(), expected["documents"].size());
    for (size_t i = 0; i < message->parts.size(); ++i) {
      const MailPart& part = message->parts[i];
      const nlohmann::json& want = expected["documents"][i];
      EXPECT_EQ(part.file_name, want["file"].get<std::string>());
      EXPECT_EQ(part.part, want["part"].get<std::string>());
      EXPECT_TRUE(part.error.empty()) << part.error;
      EXPECT_TRUE(part.bytes == ReadAll(want["bytes"].get<std::string>()))
          << part.file_name << ": not the bytes of " << want["bytes"];
    }
  }
}

TEST(ParseMessage, BytesThatAreNotAMessageAreRefusedWithAReason) {
  Result<Message> garbage = ParseMessage(ReadAll("tests/data/mail/not-a-message.eml"));
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), Status::Code::kCorruption);
  EXPECT_NE(garbage.status().message().find("not an e-mail message"), std::string::npos);
  EXPECT_FALSE(ParseMessage("").ok());
  EXPECT_FALSE(ParseMessage("%PDF-1.4\n1 0 obj\n").ok()) << "a PDF is not a message";
}

TEST(LooksLikeMessage, KnowsAHeaderFromOtherText) {
  EXPECT_TRUE(LooksLikeMessage("From: a@b\r\nSubject: x\r\n\r\nbody"));
  EXPECT_TRUE(LooksLikeMessage("Received: from x\n\tby y\nDate: now\n\nbody"));
  EXPECT_TRUE(LooksLikeMessage("From a@b Tue Dec  1 00:00:00 2026\nFrom: a@b\n\n"));
  EXPECT_FALSE(LooksLikeMessage("%PDF-1.7\n"));
  EXPECT_FALSE(LooksLikeMessage("name,value\n1,2\n"));
  EXPECT_FALSE(LooksLikeMessage("X-Custom: only unknown fields\n\n"))
      << "a header with none of the fields every message has";
  EXPECT_FALSE(LooksLikeMessage(" From: indented\n"));
}

}  // namespace
}  // namespace tsuzuri
