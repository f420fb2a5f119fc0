// E-mail into the store: the fixtures of tests/data/mail (with their expected documents, written
// by tests/data/mail/generate.py) ingested as .eml files and as a Maildir, with the real pipeline
// (text PDFs: quick). Each message once, each document once, a document in two messages has two
// sources, Maildir messages move to cur/ only once recorded, and a second run is kept out by the
// Maildir's lock.
#include "store/mail_ingest.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "store/ingest.h"
#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

namespace fs = std::filesystem;
using testing::Query;
using testing::QueryInt;
using testing::QueryOne;
using testing::TempDir;
using testing::WriteFile;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  fs::path eml;
  nlohmann::json expected;  // empty for a message that cannot be parsed
};

std::vector<Fixture> Fixtures() {
  std::vector<Fixture> out;
  for (const auto& e : fs::directory_iterator("tests/data/mail")) {
    if (e.path().extension() != ".eml") continue;
    const fs::path json = fs::path(e.path()).replace_extension(".expected.json");
    out.push_back({e.path(), fs::exists(json) ? nlohmann::json::parse(ReadAll(json))
                                              : nlohmann::json()});
  }
  std::sort(out.begin(), out.end(),
            [](const Fixture& a, const Fixture& b) { return a.eml < b.eml; });
  return out;
}

// What the fixtures' expected files say a store must hold after ingesting them all.
struct Expected {
  int messages = 0;
  std::set<std::string> contents;     // sample files carried (one document each)
  std::set<std::string> failing;      // of those, the ones that fail
  int sources = 0;                    // (document, message, part) links
  std::map<std::string, int> sources_of;  // sample file -> messages it came in
  int unparsable = 0;
};

Expected FromFixtures(const std::vector<Fixture>& fixtures) {
  Expected e;
  for (const Fixture& f : fixtures) {
    ++e.messages;
    if (f.expected.is_null()) {
      ++e.unparsable;
      continue;
    }
    for (const auto& doc : f.expected["documents"]) {
      const std::string bytes = doc["bytes"];
      e.contents.insert(bytes);
      if (doc.value("fails", false)) e.failing.insert(bytes);
      ++e.sources;
      ++e.sources_of[bytes];
    }
  }
  return e;
}

class MailIngest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<TemplateSet> templates = LoadTemplates("templates");
    ASSERT_TRUE(templates.ok()) << templates.status().ToString();
    templates_ = std::move(*templates);
    fixtures_ = Fixtures();
    ASSERT_GE(fixtures_.size(), 11u) << "tests/data/mail/generate.py makes the fixtures";
  }

  IngestResult Run(const std::vector<std::string>& paths, std::vector<FileEvent>* events = nullptr) {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_ / "t.db");
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return {};
    IngestProgress progress;
    if (events != nullptr) progress.on_done = [events](const FileEvent& e) { events->push_back(e); };
    ExtractOptions options;
    options.jobs = 1;
    Result<IngestResult> r =
        Ingest(**db, paths, PipelineProcessor(templates_, options), {}, progress);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : IngestResult{};
  }

  std::string Db() const { return dir_ / "t.db"; }

  TempDir dir_;
  TemplateSet templates_;
  std::vector<Fixture> fixtures_;
};

TEST_F(MailIngest, EachMessageOnceEachDocumentOnceEverySourceKept) {
  for (const Fixture& f : fixtures_) WriteFile(dir_ / ("in/" + f.eml.filename().string()), ReadAll(f.eml));
  const Expected want = FromFixtures(fixtures_);
  IngestResult first = Run({dir_ / "in"});
  EXPECT_EQ(first.counts.messages, want.messages);
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM messages"), want.messages);
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM documents"),
            static_cast<long long>(want.contents.size()))
      << "one document per content, whatever the number of messages it came in";
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM document_sources"), want.sources);
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM documents WHERE status = 'failed'"),
            static_cast<long long>(want.failing.size()));
  for (const auto& [bytes, messages] : want.sources_of) {
    const std::string sha = Sha256Hex(ReadAll(bytes));
    EXPECT_EQ(QueryInt(Db(), "SELECT count(DISTINCT s.message_id) FROM document_sources AS s JOIN "
                             "documents AS d ON d.id = s.document_id WHERE d.sha256 = '" + sha + "'"),
              messages)
        << bytes << ": one source per message it came in";
    auto db = Database::Open(Db());
    ASSERT_TRUE(db.ok());
    Result<std::string> original = (*db)->GetOriginal(sha);
    ASSERT_TRUE(original.ok()) << bytes;
    EXPECT_TRUE(*original == ReadAll(bytes)) << bytes << ": the attachment's bytes are kept";
  }
  // The decoded names and headers, from the expected files.
  for (const Fixture& f : fixtures_) {
    if (f.expected.is_null()) continue;
    SCOPED_TRACE(f.eml.filename().string());
    const std::string id = f.expected["message"]["message_id"];
    EXPECT_EQ(QueryOne(Db(), "SELECT subject FROM messages WHERE message_id = '" + id + "'"),
              f.expected["message"]["subject"].get<std::string>());
    for (const auto& doc : f.expected["documents"]) {
      EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM document_sources AS s JOIN messages AS m ON "
                               "m.id = s.message_id WHERE m.message_id = '" + id +
                                   "' AND s.file_name = '" + doc["file"].get<std::string>() +
                                   "' AND s.part = '" + doc["part"].get<std::string>() + "'"),
                1)
          << doc["file"];
    }
  }
  EXPECT_EQ(QueryOne(Db(), "SELECT outcome || ' ' || documents FROM messages WHERE message_id = "
                           "'bait@example.jp'"),
            "no-documents 0")
      << "0 documents from bait text in a body; the message is recorded all the same";
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM messages WHERE outcome = 'failed'"),
            want.unparsable + 1)
      << "not-a-message.eml, and the message with a truncated PDF";
  EXPECT_NE(QueryOne(Db(), "SELECT error FROM messages WHERE message_id = 'twoparts@example.jp'")
                .find("broken.pdf"),
            std::string::npos)
      << "the failure names its attachment";

  const std::string rows = testing::DumpContent(Db());
  IngestResult second = Run({dir_ / "in"});
  EXPECT_EQ(second.counts.loaded, 0);
  EXPECT_EQ(second.counts.messages, want.unparsable + 1)
      << "only the failed messages are read again";
  EXPECT_EQ(testing::DumpContent(Db()), rows) << "nothing duplicated or changed";
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM messages"), want.messages);
}

TEST_F(MailIngest, AMaildirMessageGoesToCurOnlyOnceRecordedAndIsSkippedByNameAfter) {
  const fs::path maildir = dir_.path() / "Maildir";
  for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(maildir / sub);
  int n = 0;
  for (const Fixture& f : fixtures_) {
    WriteFile((maildir / "new" / ("1700000" + std::to_string(n++) + ".M1P1.host")).string(),
              ReadAll(f.eml));
  }
  WriteFile((maildir / "tmp/1800000000.M1P1.host").string(), "From: half\r\n");  // being delivered
  WriteFile((maildir / "dovecot-uidlist").string(), "3 V1 N1\n");  // the server's own file
  const Expected want = FromFixtures(fixtures_);
  IngestResult first = Run({maildir.string()});
  EXPECT_EQ(first.counts.messages, want.messages) << "tmp/ and the server's files are not read";
  auto count = [](const fs::path& d) {
    return std::distance(fs::directory_iterator(d), fs::directory_iterator());
  };
  EXPECT_EQ(count(maildir / "new"), want.unparsable + 1)
      << "the failed messages stay in new/ to be read again";
  EXPECT_EQ(count(maildir / "cur"), want.messages - want.unparsable - 1);
  for (const auto& e : fs::directory_iterator(maildir / "cur")) {
    EXPECT_EQ(e.path().filename().string().substr(e.path().filename().string().size() - 4), ":2,S")
        << "moved with the seen flag";
  }
  EXPECT_EQ(count(maildir / "tmp"), 1) << "tmp/ is left alone";

  std::vector<FileEvent> events;
  IngestResult second = Run({maildir.string()}, &events);
  EXPECT_EQ(second.counts.messages, want.unparsable + 1);
  EXPECT_EQ(second.counts.loaded, 0);
  int by_name = 0;
  for (const FileEvent& e : events) by_name += e.detail == "message already read";
  EXPECT_EQ(by_name, want.messages - want.unparsable - 1);
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM messages"), want.messages);
}

TEST_F(MailIngest, ASecondRunFindsTheMaildirLockedAndLeavesItAlone) {
  const fs::path maildir = dir_.path() / "Maildir";
  for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(maildir / sub);
  WriteFile((maildir / "new/1.M1P1.host").string(), ReadAll(fixtures_.front().eml));
  const int fd = open((maildir / ".tsuzuri-lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX | LOCK_NB), 0);  // as another run holds it
  std::vector<FileEvent> events;
  IngestResult locked = Run({maildir.string()}, &events);
  EXPECT_EQ(locked.counts.failed, 1);
  EXPECT_EQ(locked.counts.messages, 0);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].detail.find("another tsuzuri is reading this Maildir"), std::string::npos)
      << events[0].detail;
  EXPECT_EQ(QueryInt(Db(), "SELECT count(*) FROM messages"), 0);
  EXPECT_TRUE(fs::exists(maildir / "new/1.M1P1.host")) << "left where it was";
  close(fd);
  IngestResult after = Run({maildir.string()});
  EXPECT_EQ(after.counts.messages, 1) << "read once the lock is free";
}

TEST_F(MailIngest, AMessageLeftReadingByAKilledRunIsReadAgainAndCompleted) {
  WriteFile(dir_ / "in/plain.eml", ReadAll("tests/data/mail/plain-attachment.eml"));
  {
    auto db = Database::Open(Db());
    ASSERT_TRUE(db.ok());
    MessageRecord m;
    m.sha256 = Sha256Hex(ReadAll("tests/data/mail/plain-attachment.eml"));
    m.mailbox = "x";
    m.location = "plain.eml";
    ASSERT_TRUE((*db)->BeginMessage(m, *(*db)->BeginRun("{}")).ok());  // then the run died
  }
  IngestResult r = Run({dir_ / "in"});
  EXPECT_EQ(r.counts.messages, 1);
  EXPECT_EQ(r.counts.loaded, 1);
  EXPECT_EQ(QueryOne(Db(), "SELECT count(*) || ' ' || outcome FROM messages"), "1 documents");
}

}  // namespace
}  // namespace tsuzuri
