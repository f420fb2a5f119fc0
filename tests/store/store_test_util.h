// Helpers for the store's tests: a temporary folder that cleans up after itself, hand-made
// records (so the tests do not need the real pipeline), a Processor that makes them from a file's
// bytes, and a way to read a database file with plain SQLite, as an analyst's client would.
#ifndef TSUZURI_TESTS_STORE_STORE_TEST_UTIL_H_
#define TSUZURI_TESTS_STORE_STORE_TEST_UTIL_H_

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fields/pipeline.h"
#include "store/ingest.h"

namespace tsuzuri::testing {

// A fresh folder under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes `bytes` to `path`, creating folders on the way.
void WriteFile(const std::string& path, const std::string& bytes);

// The bytes of a small fake PDF: it starts with "%PDF-" (so InspectFile calls it a PDF) and
// `tag` makes its content (and hash) unique.
std::string FakePdf(const std::string& tag);

// A record of the grouping report for group `group` and `year`: two pages, institution rows and a
// total per metric, one initiative and one finding. form none when `unknown_form`.
Processed MakeProcessed(const std::string& file, const std::string& group, int year,
                        bool unknown_form = false);

// A Processor that makes MakeProcessed from the file's name: group = the name's stem; a name that
// contains "unknown" has no form; a path in `fail` (or any path while fail_all) fails with
// Corruption. Sleeps `delay_ms` per file to stand for extraction time.
struct FakePipeline {
  std::set<std::string> fail;
  bool fail_all = false;
  int delay_ms = 0;
  std::atomic<int> calls{0};
  Processor processor();
};

// Runs `sql` on the database file at `path` with a plain SQLite connection; every value as text
// ("NULL" for NULL). Fails the current test on an SQLite error.
std::vector<std::vector<std::string>> Query(const std::string& path, const std::string& sql);
// Runs every statement of `script` (sqlite3_exec); a failure is a test failure.
void ExecScript(const std::string& path, const std::string& script);
// The single value of a one-row, one-column query.
std::string QueryOne(const std::string& path, const std::string& sql);
long long QueryInt(const std::string& path, const std::string& sql);

// Every row of every table except runs (and ingest times), as text, for before/after comparison.
std::string DumpContent(const std::string& path);

}  // namespace tsuzuri::testing

#endif  // TSUZURI_TESTS_STORE_STORE_TEST_UTIL_H_
