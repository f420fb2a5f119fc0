#include "extract/extract.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "extract/file_info.h"

namespace tsuzuri {
namespace {

int Workers(int jobs, int pages) {
  int n = jobs > 0 ? jobs : static_cast<int>(std::thread::hardware_concurrency());
  return std::clamp(n, 1, std::max(1, pages));
}

}  // namespace

Result<Document> ExtractFile(const std::string& path, const ExtractOptions& options,
                             const FileInfo* inspected) {
  Result<FileInfo> info = inspected != nullptr ? Result<FileInfo>(*inspected) : InspectFile(path);
  if (!info.ok()) return info.status();
  if (info->size == 0) return Status::InvalidArgument(path + ": empty file (0 bytes)");
  if (info->size > options.max_file_bytes) {
    return Status::ResourceExhausted(path + ": file of " + std::to_string(info->size) +
                                     " bytes is over the limit of " +
                                     std::to_string(options.max_file_bytes));
  }
  if (info->kind == FileKind::kUnknown) {
    return Status::NotSupported(path + ": not a PDF or a supported image");
  }

  // One deadline for the whole document, shared by every worker's source.
  const auto start = std::chrono::steady_clock::now();
  PageSourceOptions source_options = options.source;
  if (options.time_limit_seconds > 0) {
    source_options.ocr.deadline =
        start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                    std::chrono::duration<double>(options.time_limit_seconds));
  }
  const bool image = info->kind != FileKind::kPdf;
  auto open = [&]() {
    return image ? OpenImage(path, source_options) : OpenPdf(path, source_options);
  };
  const std::string too_slow = path + ": reading took longer than the limit of " +
                               std::to_string(static_cast<long long>(options.time_limit_seconds)) +
                               " s per document";

  Result<std::unique_ptr<PageSource>> first = open();
  if (!first.ok()) return first.status();
  const int pages = (*first)->page_count();
  if (pages > options.max_pages) {
    return Status::ResourceExhausted(path + ": " + std::to_string(pages) +
                                     " pages, over the limit of " +
                                     std::to_string(options.max_pages));
  }

  Document doc;
  doc.file = path;
  doc.sha256 = info->sha256;
  doc.size = info->size;
  doc.kind = FileKindName(info->kind);
  doc.pages.resize(pages);
  std::vector<Status> errors(pages);
  std::atomic<int> next{0};
  auto work = [&](PageSource* source) {
    for (int i = next++; i < pages; i = next++) {
      if (std::chrono::steady_clock::now() > source_options.ocr.deadline) {
        errors[i] = Status::ResourceExhausted(too_slow);
        continue;
      }
      Result<Page> page = source->ReadPage(i);
      if (page.ok()) {
        doc.pages[i] = std::move(page).value();
      } else {
        errors[i] = page.status();
      }
    }
  };
  const int workers = Workers(options.jobs, pages);
  std::vector<std::unique_ptr<PageSource>> sources;
  sources.push_back(std::move(first).value());
  for (int w = 1; w < workers; ++w) {
    Result<std::unique_ptr<PageSource>> s = open();
    if (!s.ok()) break;  // the first one opened; run with fewer workers
    sources.push_back(std::move(s).value());
  }
  // Cores the pages leave free go to reading each page by OCR with several engines (a one-page
  // scan with two cores: two).
  const int threads_per_worker =
      std::max(1, Workers(options.jobs, 1 << 20) / static_cast<int>(sources.size()));
  for (auto& source : sources) source->set_ocr_threads(threads_per_worker);
  std::vector<std::thread> threads;
  for (size_t w = 1; w < sources.size(); ++w) threads.emplace_back(work, sources[w].get());
  work(sources[0].get());
  for (auto& t : threads) t.join();
  for (const Status& s : errors) {
    // A page stopped by the deadline inside OCR says so in the engine's words; name the limit.
    if (s.code() == Status::Code::kResourceExhausted &&
        std::chrono::steady_clock::now() > source_options.ocr.deadline) {
      return Status::ResourceExhausted(too_slow);
    }
    if (!s.ok()) return s;
  }
  return doc;
}

}  // namespace tsuzuri
