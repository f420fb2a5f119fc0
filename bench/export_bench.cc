// export_bench: how long `tsuzuri export` takes for 100,000 values (targets, docs/PERFORMANCE.md
// "Exports": XLSX < 3 s, CSV < 0.5 s, reading the database included). Scenarios:
//   load         LoadDataset: the values, documents, findings, group_years and codebook read from
//                the database (the part every format shares)
//   csv          load + the values table as CSV (UTF-8, LF) to a file
//   csv-excel    load + the same with BOM and CRLF; csv-cp932: load + CSV in CP932
//   jsonl        load + JSON lines
//   xlsx         load + the whole workbook (every sheet, comments on the values to review)
//   datapackage  load + the folder of CSVs and datapackage.json
// The database is made first: the samples' records (real pipeline, samples/*.pdf) saved again
// and again under new hashes, years and group names until there are --values values. Each
// scenario runs --repeat times (default 3); the median is printed.
// Build with -DTSUZURI_BUILD_BENCH=ON; run from the repository root:
//   build/bench/export_bench [--values N] [--repeat R] [--keep]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "datasets/csv_writer.h"
#include "datasets/datapackage.h"
#include "datasets/dataset.h"
#include "datasets/jsonl_writer.h"
#include "datasets/xlsx_writer.h"
#include "fields/pipeline.h"
#include "fields/template.h"
#include "store/database.h"

namespace {

namespace fs = std::filesystem;
using tsuzuri::Database;
using tsuzuri::Dataset;
using tsuzuri::Result;
using tsuzuri::Status;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  size_t target = 100000;
  int repeat = 3;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--values") && i + 1 < argc) {
      target = std::stoul(argv[++i]);
    } else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--keep")) {
      keep = true;
    } else {
      std::fprintf(stderr, "usage: export_bench [--values N] [--repeat R] [--keep]\n");
      return 2;
    }
  }
  Result<tsuzuri::TemplateSet> templates = tsuzuri::LoadTemplates("templates");
  if (!templates.ok()) {
    std::fprintf(stderr, "export_bench: %s (run from the repository root)\n",
                 templates.status().message().c_str());
    return 1;
  }
  std::vector<tsuzuri::Processed> records;
  for (const auto& e : fs::directory_iterator("samples")) {
    if (e.path().extension() != ".pdf") continue;
    Result<tsuzuri::Processed> p = tsuzuri::ProcessFile(e.path().string(), *templates, {});
    if (p.ok() && !p->record.measures.empty()) records.push_back(std::move(*p));
  }
  std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
    return a.record.file < b.record.file;
  });
  if (records.empty()) {
    std::fprintf(stderr, "export_bench: no sample with values in samples/\n");
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() / ("export_bench." + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string db_path = (dir / "bench.db").string();
  size_t values = 0;
  int documents = 0;
  {
    Result<std::unique_ptr<Database>> db = Database::Open(db_path);
    if (!db.ok()) return 1;
    const long long run = *(*db)->BeginRun("{}");
    for (int i = 0; values < target; ++i) {
      tsuzuri::Processed& p = records[static_cast<size_t>(i) % records.size()];
      char sha[65];
      std::snprintf(sha, sizeof sha, "%064d", i);
      p.document.sha256 = sha;
      p.record.fiscal_year = 2018 + (i / static_cast<int>(records.size())) % 7;
      p.record.group_name = "グループ" + std::to_string(i % 97);
      Result<tsuzuri::SaveOutcome> saved =
          (*db)->SaveDocument(p, run, "copy" + std::to_string(i) + ".pdf");
      if (!saved.ok()) {
        std::fprintf(stderr, "export_bench: %s\n", saved.status().message().c_str());
        return 1;
      }
      values += p.record.measures.size();
      ++documents;
    }
  }
  Result<std::unique_ptr<Database>> db = Database::Open(db_path, {.read_only = true});
  if (!db.ok()) return 1;
  std::printf("export_bench: %zu values of %d documents, median of %d runs\n", values, documents,
              repeat);

  auto load = [&]() -> Dataset {
    Result<Dataset> d = tsuzuri::LoadDataset(**db, db_path, *templates, {});
    if (!d.ok()) {
      std::fprintf(stderr, "export_bench: %s\n", d.status().message().c_str());
      std::exit(1);
    }
    return std::move(d).value();
  };
  auto csv = [&](const tsuzuri::CsvFormat& format) {
    return [&, format](const Dataset& d) {
      std::ofstream out(dir / "values.csv", std::ios::binary | std::ios::trunc);
      return tsuzuri::WriteTableCsv(d.Tables()[0], out, format);
    };
  };
  struct Scenario {
    const char* name;
    std::function<Status(const Dataset&)> write;
    double target;  // seconds; 0: none
  };
  const std::vector<Scenario> scenarios = {
      {"load", [](const Dataset&) { return Status::Ok(); }, 0},
      {"csv", csv(tsuzuri::CsvFormat::Plain()), 0.5},
      {"csv-excel", csv(tsuzuri::CsvFormat::Excel()), 0.5},
      {"csv-cp932", csv(tsuzuri::CsvFormat::Excel(tsuzuri::TextEncoding::kCp932)), 0},
      {"jsonl",
       [&](const Dataset& d) {
         std::ofstream out(dir / "values.jsonl", std::ios::binary | std::ios::trunc);
         return tsuzuri::WriteTableJsonl(d.Tables()[0], out);
       },
       0},
      {"xlsx", [&](const Dataset& d) { return tsuzuri::WriteXlsx(d, (dir / "v.xlsx").string()); },
       3},
      {"datapackage",
       [&](const Dataset& d) {
         fs::remove_all(dir / "package");
         return tsuzuri::WriteDataPackage(d, (dir / "package").string(),
                                          tsuzuri::CsvFormat::Plain());
       },
       0},
  };
  int exit_code = 0;
  for (const Scenario& s : scenarios) {
    std::vector<double> total, writing;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const Dataset d = load();
      const auto loaded = std::chrono::steady_clock::now();
      const Status status = s.write(d);
      const auto end = std::chrono::steady_clock::now();
      if (!status.ok()) {
        std::fprintf(stderr, "export_bench: %s: %s\n", s.name, status.message().c_str());
        return 1;
      }
      total.push_back(std::chrono::duration<double>(end - start).count());
      writing.push_back(std::chrono::duration<double>(end - loaded).count());
    }
    const double t = Median(total);
    std::printf("%-12s %7.3f s  (writing %.3f s)%s\n", s.name, t, Median(writing),
                s.target > 0 ? (t < s.target ? "  target met" : "  TARGET MISSED") : "");
    if (s.target > 0 && t >= s.target) exit_code = 1;
  }
  std::error_code ec;
  if (!keep) fs::remove_all(dir, ec);
  else std::printf("kept %s\n", dir.string().c_str());
  return exit_code;
}
