// IngestReporter: how `tsuzuri ingest` shows its progress on stderr. On a terminal, one line
// redrawn in place ("\r"): a bar, file n/N, the counts so far and the current file's name;
// failures are printed above it as they happen. Elsewhere (cron, a pipe), a plain line per file:
// "loaded a.pdf (grouping-report, 2022, 36 values, 1 finding)", "skipped b.pdf (already loaded)",
// "failed c.pdf: <reason>"; files ignored as not PDFs or images are only counted. The summary
// line is separate (SummaryLine) and goes to stdout.
// Ownership: borrows the FILE it writes to. Thread safety: one thread.
#ifndef TSUZURI_APP_PROGRESS_H_
#define TSUZURI_APP_PROGRESS_H_

#include <cstdio>
#include <string>

#include "store/ingest.h"

namespace tsuzuri {

class IngestReporter {
 public:
  enum class Mode { kBar, kLines, kNone };

  // kNone still prints failures (as lines).
  IngestReporter(std::FILE* out, Mode mode);
  // The mode for "auto": kBar when `out` is a terminal, else kLines.
  static Mode AutoMode(std::FILE* out);

  void OnStart(int index, int total, const std::string& path);
  void OnDone(const FileEvent& event);
  // Clears the bar; call before printing anything else.
  void Finish();

 private:
  void Draw(const std::string& path);
  void ClearBar();

  std::FILE* out_;
  Mode mode_;
  int index_ = 0, total_ = 0;
  RunCounts counts_;
  bool bar_shown_ = false;
};

// The plain line for one file, as above.
std::string DescribeFileEvent(const FileEvent& event);

// "ingest: 12 loaded, 3 skipped, 1 failed, 4 findings (db: tsuzuri.db)"; files ignored in folders
// are added as ", 2 ignored" after failed when there are any.
std::string SummaryLine(const RunCounts& counts, const std::string& db_path);

}  // namespace tsuzuri

#endif  // TSUZURI_APP_PROGRESS_H_
