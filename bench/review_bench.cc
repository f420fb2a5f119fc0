// review_bench: the review page's three speed targets (docs/PERFORMANCE.md, "Review").
//   image   the page image of a value at first view: the original read from the store, the page
//           rendered (Poppler; a scan decoded and straightened with Leptonica) and written as PNG
//           (target < 150 ms). Pages: samples/r3-total-mismatch.pdf page 2 (a text PDF) and
//           samples/scans/r4-three-pages-p2-clean300.png (a 300 dpi scan).
//   queue   the queue of 10,000 items listed: BuildQueue over a store of --docs copies of
//           r3-total-mismatch's record (105 values each, every one in review) and the page's HTML
//           rendered (target < 100 ms).
//   save    a save with re-validation: Settle (append the review, run the rules again on the
//           document's effective values, store the rechecks, one transaction) (target < 50 ms).
// Each is run --repeat times (default 9); the median and the slowest are printed.
// Build with -DTSUZURI_BUILD_BENCH=ON; run from the repository root:
//   build/bench/review_bench [--docs 96] [--repeat 9]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "extract/page_image.h"
#include "fields/pipeline.h"
#include "fields/template.h"
#include "review/html.h"
#include "review/queue.h"
#include "review/settle.h"
#include "store/database.h"

namespace {

namespace fs = std::filesystem;
using namespace tsuzuri;

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// CPU seconds of this thread: on a busy machine, steadier than wall time (the work is one thread).
double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Runs `f` `repeat` times; prints the median and the slowest wall time, and the median CPU time,
// in milliseconds.
void Time(const char* name, int repeat, const std::function<void(int)>& f) {
  std::vector<double> ms, cpu;
  for (int i = 0; i < repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMs();
    f(i);
    cpu.push_back(ThreadCpuMs() - cpu_start);
    ms.push_back(Ms(std::chrono::steady_clock::now() - start));
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%-34s wall median %7.1f ms, slowest %7.1f ms; CPU median %7.1f ms (%d runs)\n",
              name, ms[ms.size() / 2], ms.back(), cpu[cpu.size() / 2], repeat);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <typename T>
T Check(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "review_bench: %s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  int docs = 96, repeat = 9;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--docs")) docs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--repeat")) repeat = std::atoi(argv[i + 1]);
  }
  const TemplateSet templates = Check(LoadTemplates("templates"), "templates");

  // image: cold renders (no cache), as at the first view of a page.
  for (const auto& [name, path, page, scan] :
       std::vector<std::tuple<const char*, const char*, int, bool>>{
           {"image: text PDF page", "samples/r3-total-mismatch.pdf", 2, false},
           {"image: 300 dpi scan", "samples/scans/r4-three-pages-p2-clean300.png", 1, true}}) {
    const std::string bytes = ReadAll(path);
    Time(name, repeat, [&](int) {
      PageImageOptions o;
      o.deskew = scan;
      GrayImage image = Check(RenderPageImage(bytes, page, o), path);
      Check(EncodePng(image), "png");
    });
  }

  const fs::path dir = fs::temp_directory_path() / ("tsuzuri-review-bench-" +
                                                    std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto db = Check(Database::Open((dir / "bench.db").string()), "open");
    ExtractOptions extract;
    extract.jobs = 1;
    Processed base = Check(ProcessFile("samples/r3-total-mismatch.pdf", templates, extract),
                           "pipeline");
    const long long run = Check(db->BeginRun("{}"), "run");
    for (int d = 0; d < docs; ++d) {
      Processed p = base;
      char sha[65];
      std::snprintf(sha, sizeof sha, "%064x", d + 1);
      p.document.sha256 = p.record.sha256 = sha;
      for (Measure& m : p.record.measures) m.status = ValueStatus::kReview;
      Check(db->SaveDocument(p, run, (dir / ("copy" + std::to_string(d) + ".pdf")).string()),
            "save");
    }
    size_t items = 0;
    Time("queue: BuildQueue", repeat, [&](int) {
      items = Check(BuildQueue(*db, templates), "queue").size();
    });
    std::printf("  (%zu items in %d documents)\n", items, docs);
    Time("queue: BuildQueue + page HTML", repeat, [&](int) {
      PageView view;
      view.queue = Check(BuildQueue(*db, templates), "queue");
      view.item = view.queue.front();
      view.current = 0;
      RenderPage(view);
    });
    const std::vector<QueueItem> queue = Check(BuildQueue(*db, templates), "queue");
    Time("save: Settle with re-validation", repeat, [&](int i) {
      SettleRequest r;
      r.item_id = queue[static_cast<size_t>(i) * 211 % queue.size()].id;
      r.action = Settlement::kConfirmed;
      r.reviewer = "bench";
      Check(Settle(*db, templates, r), "settle");
    });
  }
  if (std::getenv("REVIEW_BENCH_KEEP")) std::printf("kept %s\n", dir.c_str()); else fs::remove_all(dir);
  return 0;
}
