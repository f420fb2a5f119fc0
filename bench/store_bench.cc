// store_bench: how much of an ingest is the store, and how fast a re-run over an unchanged
// folder is. Scenarios (docs/PERFORMANCE.md, "Store and ingest"):
//   ingest  N copies of samples/*.pdf (each with "%copy i" appended, so every copy is a distinct
//           document) into a fresh database with the real pipeline; prints the wall time split
//           into walking, reading and hashing, the pipeline, and the store (target: store < 5 %).
//   pipeline the same files through the pipeline alone, without a store: the ingest's wall time
//           against it is the share the store adds (the store writes while the next document is
//           extracted, so its own stopwatch time overlaps the pipeline's). Pipeline and ingest
//           alternate --repeat times (default 3); the median share is the result.
//   rerun   the same folder again: every file is hashed and skipped (target: < 2 s for 1,000).
//   force   the same folder with --force: every document re-extracted and replaced.
//   save    the store alone: the samples' records saved N times under new hashes into a fresh
//           database (what the store costs per document, without the pipeline).
// Build with -DTSUZURI_BUILD_BENCH=ON; run from the repository root (it reads samples/ and
// templates/):  build/bench/store_bench [--docs N] [--repeat R] [--jobs J] [--index-every P]
// [--keep] The copies and the database go to a temporary folder, removed at the end unless --keep.
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fields/template.h"
#include "store/database.h"
#include "store/ingest.h"

namespace {

namespace fs = std::filesystem;
using tsuzuri::Database;

// User and system CPU seconds of this process so far: steadier than wall time on a busy machine.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
using tsuzuri::IngestOptions;
using tsuzuri::IngestResult;
using tsuzuri::Result;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Report(const char* name, const IngestResult& r, double wall, int docs) {
  const auto& t = r.times;
  const auto share = [&](double x) { return wall > 0 ? 100.0 * x / wall : 0.0; };
  std::printf(
      "%-7s %5d files %8.3f s  %7.2f ms/file | walk %6.3f s  hash %6.3f s (%4.1f %%)  pipeline "
      "%7.3f s (%4.1f %%)  store %6.3f s (%4.1f %%) | loaded %d skipped %d failed %d\n",
      name, docs, wall, docs > 0 ? 1000.0 * wall / docs : 0.0, t.find, t.inspect, share(t.inspect),
      t.process, share(t.process), t.store, share(t.store), r.counts.loaded, r.counts.skipped,
      r.counts.failed);
}

}  // namespace

int main(int argc, char** argv) {
  int docs = 500;
  int index_every = IngestOptions().index_every_pages;
  int repeat = 3;
  bool keep = false;
  tsuzuri::ExtractOptions extract;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--docs") == 0 && i + 1 < argc) {
      docs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
      extract.jobs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--index-every") == 0 && i + 1 < argc) {
      index_every = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--keep") == 0) {
      keep = true;
    } else {
      std::fprintf(
          stderr,
          "usage: store_bench [--docs N] [--repeat R] [--jobs J] [--index-every PAGES] [--keep]\n");
      return 2;
    }
  }
  std::vector<fs::path> samples;
  for (const auto& e : fs::directory_iterator("samples")) {
    if (e.path().extension() == ".pdf") samples.push_back(e.path());
  }
  std::sort(samples.begin(), samples.end());
  if (samples.empty()) {
    std::fprintf(stderr, "store_bench: no samples/*.pdf (run from the repository root)\n");
    return 2;
  }
  Result<tsuzuri::TemplateSet> templates = tsuzuri::LoadTemplates(tsuzuri::DefaultTemplateDir());
  if (!templates.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", templates.status().message().c_str());
    return 2;
  }

  std::string pattern = (fs::temp_directory_path() / "tsuzuri-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return 1;
  const fs::path dir = pattern;
  const fs::path in = dir / "in";
  fs::create_directories(in);
  std::vector<std::string> bytes;
  for (const fs::path& s : samples) bytes.push_back(ReadAll(s));
  for (int i = 0; i < docs; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "copy%05d-%s", i,
                  samples[static_cast<size_t>(i) % samples.size()].filename().c_str());
    std::ofstream(in / name, std::ios::binary)
        << bytes[static_cast<size_t>(i) % bytes.size()] << "%copy " << i << "\n";
  }
  const std::string db_path = (dir / "bench.db").string();
  Result<std::unique_ptr<Database>> db = Database::Open(db_path);
  if (!db.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", db.status().message().c_str());
    return 1;
  }
  const tsuzuri::Processor process = tsuzuri::PipelineProcessor(*templates, extract);
  std::printf("store_bench: %d copies of %zu samples\n", docs, samples.size());
  int exit_code = 0;
  const char* only = std::getenv("STORE_BENCH_ONLY");  // e.g. "save": skip the other scenarios
  std::vector<fs::path> copies;
  for (const auto& e : fs::directory_iterator(in)) copies.push_back(e.path());
  std::sort(copies.begin(), copies.end());
  // The pipeline alone over the same files, one after another as ingest reads them: what an
  // ingest would cost without a store; then an ingest of them into a fresh database. The store's
  // share is what the ingest adds to the pipeline alone. The two alternate `repeat` times and the
  // median of the shares is the result: on two cores, runs a few seconds long vary by ±3 %, as
  // much as the share itself.
  std::vector<double> shares;
  double pipeline_alone = 0;
  for (int round = 0; round < repeat && only == nullptr; ++round) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds();
    for (const fs::path& c : copies) {
      if (!tsuzuri::ProcessFile(c.string(), *templates, extract).ok()) exit_code = 1;
    }
    pipeline_alone =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "pipeline  %d files    %.3f s    %.2f ms/file, CPU %.2f ms/file (no store: extraction, "
        "normalization, fields)\n",
        docs, pipeline_alone, 1000 * pipeline_alone / docs,
        1000 * (CpuSeconds() - cpu_start) / docs);
    if (round > 0) {  // a fresh database for each round but the first (kept for rerun and force)
      db->reset();
      fs::remove(db_path);
      fs::remove(db_path + "-wal");
      fs::remove(db_path + "-shm");
      db = Database::Open(db_path);
      if (!db.ok()) return 1;
    }
    for (const char* scenario : {"ingest", "rerun", "force"}) {
      if (std::strcmp(scenario, "ingest") != 0 && round + 1 < repeat) break;
      IngestOptions options;
      options.force = std::strcmp(scenario, "force") == 0;
      options.index_every_pages = index_every;
      const auto ingest_start = std::chrono::steady_clock::now();
      const double ingest_cpu_start = CpuSeconds();
      Result<IngestResult> r = tsuzuri::Ingest(**db, {in.string()}, process, options);
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - ingest_start).count();
      const double cpu = CpuSeconds() - ingest_cpu_start;
      if (!r.ok()) {
        std::fprintf(stderr, "store_bench: %s\n", r.status().message().c_str());
        return 1;
      }
      Report(scenario, *r, wall, docs);
      std::printf("          CPU %.2f ms/file\n", 1000 * cpu / docs);
      if (std::strcmp(scenario, "rerun") != 0) {
        const double share = 100 * (wall - pipeline_alone) / wall;
        std::printf(
            "          the store adds %.3f s to the pipeline alone: %.1f %% of the ingest\n",
            wall - pipeline_alone, share);
        if (std::strcmp(scenario, "ingest") == 0) shares.push_back(share);
      }
    }
  }
  if (!shares.empty()) {
    std::sort(shares.begin(), shares.end());
    std::printf(
        "store share of an ingest of new documents, median of %zu: %.1f %% (target < 5 %%)\n",
        shares.size(), shares[shares.size() / 2]);
  }
  // The store alone: the samples' records written again and again under new hashes.
  if (exit_code == 0) {
    std::vector<tsuzuri::Processed> records;
    for (const fs::path& s : samples) {
      Result<tsuzuri::Processed> p = tsuzuri::ProcessFile(s.string(), *templates, extract);
      if (p.ok()) records.push_back(std::move(*p));
    }
    const std::string save_path = (dir / "save.db").string();
    Result<std::unique_ptr<Database>> save_db = Database::Open(save_path);
    if (!save_db.ok() || records.empty()) return 1;
    const long long run = *(*save_db)->BeginRun("{}");
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds();
    size_t values = 0;
    int pages = 0;
    double indexing = 0;  // seconds in IndexPendingPages
    for (int i = 0; i < docs; ++i) {
      tsuzuri::Processed& p = records[static_cast<size_t>(i) % records.size()];
      char sha[65];
      std::snprintf(sha, sizeof sha, "%064d", i);
      p.document.sha256 = sha;
      values += p.record.measures.size();
      Result<tsuzuri::SaveOutcome> saved =
          (*save_db)->SaveDocument(p, run, "copy" + std::to_string(i) + ".pdf");
      if (!saved.ok()) {
        std::fprintf(stderr, "store_bench: %s\n", saved.status().message().c_str());
        return 1;
      }
      // Full-text indexing in batches, as Ingest does it.
      pages += static_cast<int>(p.document.pages.size());
      if (pages >= index_every || i + 1 == docs) {
        pages = 0;
        const auto index_start = std::chrono::steady_clock::now();
        if (!(*save_db)->IndexPendingPages().ok()) return 1;
        indexing +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - index_start).count();
      }
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = CpuSeconds() - cpu_start;
    std::printf(
        "save    %5d docs  %8.3f s  %7.2f ms/doc, CPU %.2f ms/doc (%zu values, a transaction "
        "each); of which full-text indexing %.2f ms/doc\n",
        docs, wall, 1000.0 * wall / docs, 1000.0 * cpu / docs, values, 1000.0 * indexing / docs);
  }

  std::error_code ec;
  const auto size_of = [&](const std::string& p) {
    const auto n = fs::file_size(p, ec);
    return ec ? 0.0 : static_cast<double>(n) / (1 << 20);
  };
  std::printf("database: %.1f MiB, WAL %.1f MiB\n", size_of(db_path), size_of(db_path + "-wal"));
  db->reset();
  if (keep) {
    std::printf("kept %s\n", dir.c_str());
  } else {
    fs::remove_all(dir, ec);
  }
  return exit_code;
}
