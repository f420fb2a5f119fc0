#include "app/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>

#include "core/utf8.h"

namespace tsuzuri {
namespace {

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Columns a code point takes on a terminal: 2 for East Asian wide and full-width characters.
int Columns(char32_t c) {
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

int Columns(const std::string& s) {
  int n = 0;
  for (char32_t c : utf8::Decode(s)) n += Columns(c);
  return n;
}

// The end of `s` that fits in `width` columns, with "…" in front when cut.
std::string FitTail(const std::string& s, int width) {
  if (width <= 0) return "";
  if (Columns(s) <= width) return s;
  std::u32string cps = utf8::Decode(s);
  std::u32string tail;
  int used = 1;  // the ellipsis
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
    if (used + Columns(*it) > width) break;
    used += Columns(*it);
    tail.insert(tail.begin(), *it);
  }
  return "…" + utf8::Encode(tail);
}

int TerminalWidth(std::FILE* out) {
  winsize ws{};
  if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

}  // namespace

std::string DescribeFileEvent(const FileEvent& e) {
  std::string line = std::string(FileOutcomeName(e.outcome));
  if (e.outcome == FileOutcome::kUnknownForm) line = "loaded";
  line += " " + e.path;
  switch (e.outcome) {
    case FileOutcome::kLoaded: {
      if (e.record == nullptr) {  // a message: what its documents did
        line += " (" + e.detail + ")";
        break;
      }
      const Record& r = *e.record;
      line += " (" + r.form.value_or("?") + ", " +
              (r.fiscal_year ? std::to_string(*r.fiscal_year) : "year unknown") + ", " +
              Plural(static_cast<int>(r.measures.size()), "value", "values") + ", " +
              Plural(static_cast<int>(r.findings.size()), "finding", "findings") + ")";
      break;
    }
    case FileOutcome::kUnknownForm:
      line += " (not a known form: pages kept for search)";
      break;
    case FileOutcome::kSkipped:
    case FileOutcome::kIgnored:
      line += " (" + e.detail + ")";
      break;
    case FileOutcome::kFailed: {
      // Reasons from extract/ start with the path already.
      const std::string prefix = e.path + ": ";
      line += ": " + (e.detail.rfind(prefix, 0) == 0 ? e.detail.substr(prefix.size()) : e.detail);
      break;
    }
  }
  return line;
}

std::string SummaryLine(const RunCounts& c, const std::string& db_path) {
  std::string line = "ingest: " + std::to_string(c.loaded) + " loaded, " +
                     std::to_string(c.skipped) + " skipped, " + std::to_string(c.failed) +
                     " failed, ";
  if (c.ignored > 0) line += std::to_string(c.ignored) + " ignored, ";
  if (c.messages > 0) line += Plural(c.messages, "message", "messages") + " read, ";
  line += Plural(c.findings, "finding", "findings") + " (db: " + db_path + ")";
  return line;
}

IngestReporter::IngestReporter(std::FILE* out, Mode mode) : out_(out), mode_(mode) {}

IngestReporter::Mode IngestReporter::AutoMode(std::FILE* out) {
  return isatty(fileno(out)) ? Mode::kBar : Mode::kLines;
}

void IngestReporter::OnStart(int index, int total, const std::string& path) {
  index_ = index;
  total_ = total;
  if (mode_ == Mode::kBar) Draw(path);
}

void IngestReporter::OnDone(const FileEvent& event) {
  counts_ = event.counts;
  const bool failed = event.outcome == FileOutcome::kFailed;
  // Files that are not PDFs or images are only counted: folders of reports hold many of them.
  const bool ignored = event.outcome == FileOutcome::kIgnored;
  if ((mode_ == Mode::kLines && !ignored) || failed) {
    ClearBar();
    std::fprintf(out_, "%s\n", DescribeFileEvent(event).c_str());
  }
  if (mode_ == Mode::kBar) Draw(event.path);
  std::fflush(out_);
}

void IngestReporter::Finish() {
  ClearBar();
  std::fflush(out_);
}

void IngestReporter::ClearBar() {
  if (!bar_shown_) return;
  std::fputs("\r\x1b[K", out_);
  bar_shown_ = false;
}

void IngestReporter::Draw(const std::string& path) {
  constexpr int kBarWidth = 20;
  const int filled = total_ > 0 ? kBarWidth * index_ / total_ : 0;
  std::string line =
      "[" + std::string(static_cast<size_t>(filled), '#') +
      std::string(static_cast<size_t>(kBarWidth - filled), '.') + "] " + std::to_string(index_) +
      "/" + std::to_string(total_) + "  " + std::to_string(counts_.loaded) + " loaded, " +
      std::to_string(counts_.skipped) + " skipped, " + std::to_string(counts_.failed) + " failed  ";
  const int room = TerminalWidth(out_) - 1 - Columns(line);
  line += FitTail(std::filesystem::path(path).filename().string(), room);
  std::fprintf(out_, "\r%s\x1b[K", line.c_str());
  bar_shown_ = true;
}

}  // namespace tsuzuri
