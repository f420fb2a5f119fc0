#include "store/ingest.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "extract/file_info.h"

namespace tsuzuri {
namespace fs = std::filesystem;
namespace {

class Stopwatch {
 public:
  explicit Stopwatch(double* total) : total_(total), start_(std::chrono::steady_clock::now()) {}
  ~Stopwatch() {
    *total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  double* total_;
  std::chrono::steady_clock::time_point start_;
};

std::string Key(const fs::path& p) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  return ec ? fs::absolute(p, ec).lexically_normal().string() : canonical.string();
}

// Adds the files under `dir` to `out`, sorted by path. `visited` holds the canonical paths of the
// directories already walked, so a symbolic link loop ends.
void Walk(const fs::path& dir, std::set<std::string>& visited, std::set<std::string>& seen_files,
          std::vector<FoundFile>& out) {
  if (!visited.insert(Key(dir)).second) return;
  std::error_code ec;
  std::vector<fs::path> entries;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back({dir.string(), false, "cannot list folder (" + ec.message() + ")"});
    return;
  }
  for (const fs::directory_entry& entry : it) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    std::error_code stat_ec;
    const fs::file_status status = fs::status(entry, stat_ec);  // follows symbolic links
    if (stat_ec) continue;                                      // a dangling link
    if (fs::is_directory(status)) {
      Walk(entry, visited, seen_files, out);
    } else if (fs::is_regular_file(status)) {
      if (seen_files.insert(Key(entry)).second) out.push_back({entry.string(), false, ""});
    }
  }
}

}  // namespace

std::vector<FoundFile> FindFiles(const std::vector<std::string>& paths) {
  std::vector<FoundFile> out;
  std::set<std::string> visited, seen_files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      Walk(path, visited, seen_files, out);
    } else if (seen_files.insert(Key(path)).second) {
      out.push_back({path, true, ""});
    }
  }
  return out;
}

const char* FileOutcomeName(FileOutcome outcome) {
  switch (outcome) {
    case FileOutcome::kLoaded:
      return "loaded";
    case FileOutcome::kUnknownForm:
      return "unknown-form";
    case FileOutcome::kSkipped:
      return "skipped";
    case FileOutcome::kFailed:
      return "failed";
    case FileOutcome::kIgnored:
      return "ignored";
  }
  return "failed";
}

Result<IngestResult> Ingest(Database& db, const std::vector<std::string>& paths,
                            const Processor& process, const IngestOptions& options,
                            const IngestProgress& progress) {
  IngestResult result;
  std::vector<FoundFile> files;
  {
    Stopwatch watch(&result.times.find);
    files = FindFiles(paths);
  }
  {
    Stopwatch watch(&result.times.store);
    Result<long long> run = db.BeginRun(options.arguments);
    if (!run.ok()) return run.status();
    result.run_id = *run;
  }
  RunCounts& counts = result.counts;
  // Content loaded by this run: sha256 -> the file name it was loaded under.
  std::map<std::string, std::string> loaded_now;
  const int total = static_cast<int>(files.size());

  // Files inspected ahead of their turn (for the lookahead below), by index.
  std::map<int, Result<FileInfo>> inspected;
  auto inspect = [&](int k) -> Result<FileInfo> {
    if (auto it = inspected.find(k); it != inspected.end()) {
      Result<FileInfo> info = std::move(it->second);
      inspected.erase(it);
      return info;
    }
    Stopwatch watch(&result.times.inspect);
    return InspectFile(files[static_cast<size_t>(k)].path);
  };
  // While a document is written, the next file that will need extracting is already being
  // extracted on another thread. It is only a head start: when that file's turn comes the usual
  // checks run again, and a head start that is not needed after all is dropped.
  struct Ahead {
    int index = -1;
    std::future<Result<Processed>> made;
  };
  std::optional<Ahead> ahead;
  constexpr int kLookahead = 16;  // files inspected at most to find the next one to extract
  auto start_ahead = [&](int from, const std::string& writing_sha) {
    for (int k = from; k < total && k < from + kLookahead; ++k) {
      const FoundFile& next = files[static_cast<size_t>(k)];
      if (!next.error.empty()) continue;
      if (!inspected.count(k)) {
        Stopwatch watch(&result.times.inspect);
        inspected.emplace(k, InspectFile(next.path));
      }
      const Result<FileInfo>& info = inspected.at(k);
      if (!info.ok() || info->kind == FileKind::kUnknown) continue;
      if (info->sha256 == writing_sha || loaded_now.count(info->sha256)) continue;
      if (!options.force) {
        Stopwatch watch(&result.times.store);
        Result<bool> loaded = db.HasLoaded(info->sha256);
        if (!loaded.ok() || *loaded) continue;
      }
      ahead = Ahead{k, std::async(std::launch::async, process, next.path)};
      return;
    }
  };

  for (int i = 0; i < total; ++i) {
    if (ahead && ahead->index < i) ahead.reset();  // its file was skipped after all
    const FoundFile& file = files[static_cast<size_t>(i)];
    if (progress.on_start) progress.on_start(i + 1, total, file.path);
    FileEvent event;
    event.index = i + 1;
    event.total = total;
    event.path = file.path;
    Processed processed;
    // Records a failure in the database (unless there is nothing to trace) and in the counts.
    auto fail = [&](const FailedFile& failure, bool record) -> Status {
      event.outcome = FileOutcome::kFailed;
      event.detail = failure.error;
      ++counts.failed;
      if (!record) return Status::Ok();
      Stopwatch watch(&result.times.store);
      return db.SaveFailure(failure, result.run_id);
    };
    Status status = [&]() -> Status {
      if (!file.error.empty())
        return fail({file.path, std::nullopt, std::nullopt, "", file.error}, false);
      Result<FileInfo> info = inspect(i);
      if (!info.ok()) {
        // A path that does not exist has nothing to trace; an unreadable file is recorded by path.
        const bool record = info.status().code() != Status::Code::kNotFound;
        return fail({file.path, std::nullopt, std::nullopt, "", info.status().message()}, record);
      }
      const FailedFile as_failed{file.path, info->sha256, info->size, FileKindName(info->kind), ""};
      if (info->kind == FileKind::kUnknown) {
        if (!file.named) {
          event.outcome = FileOutcome::kIgnored;
          event.detail = "not a PDF or an image";
          ++counts.ignored;
          return Status::Ok();
        }
        FailedFile failure = as_failed;
        failure.error = file.path + (info->size == 0 ? ": empty file"
                                                     : ": not a PDF or an image (unrecognized "
                                                       "content)");
        return fail(failure, true);
      }
      // Already here: skip without extracting, but remember this name of the content.
      auto skip = [&](std::string detail) -> Status {
        event.outcome = FileOutcome::kSkipped;
        event.detail = std::move(detail);
        ++counts.skipped;
        Stopwatch watch(&result.times.store);
        Result<bool> added = db.AddName(info->sha256, file.path, result.run_id);
        return added.status();
      };
      if (auto it = loaded_now.find(info->sha256); it != loaded_now.end()) {
        return skip("same content as " + it->second);
      }
      if (!options.force) {
        Result<bool> loaded = [&] {
          Stopwatch watch(&result.times.store);
          return db.HasLoaded(info->sha256);
        }();
        if (!loaded.ok()) return loaded.status();
        if (*loaded) return skip("already loaded");
      }
      Result<Processed> made = [&] {
        Stopwatch watch(&result.times.process);
        if (ahead && ahead->index == i) {
          Result<Processed> r = ahead->made.get();
          ahead.reset();
          return r;
        }
        return process(file.path);
      }();
      if (!made.ok()) {
        FailedFile failure = as_failed;
        failure.error = made.status().message();
        return fail(failure, true);
      }
      processed = std::move(*made);
      // The record is keyed by the bytes hashed here (the extractor may not fill these in).
      if (processed.document.sha256.empty()) processed.document.sha256 = info->sha256;
      if (processed.document.size == 0) processed.document.size = info->size;
      if (processed.record.sha256.empty()) processed.record.sha256 = processed.document.sha256;
      if (!ahead) start_ahead(i + 1, info->sha256);
      Result<SaveOutcome> saved = [&] {
        Stopwatch watch(&result.times.store);
        return db.SaveDocument(processed, result.run_id, file.path, options.force);
      }();
      if (!saved.ok()) {
        FailedFile failure = as_failed;
        failure.error = file.path + ": could not be stored: " + saved.status().message();
        return fail(failure, true);
      }
      if (*saved == SaveOutcome::kAlreadyLoaded) {
        event.outcome = FileOutcome::kSkipped;
        event.detail = "already loaded (by another run meanwhile)";
        ++counts.skipped;
        return Status::Ok();
      }
      loaded_now.emplace(processed.document.sha256, fs::path(file.path).filename().string());
      event.outcome =
          processed.record.form.has_value() ? FileOutcome::kLoaded : FileOutcome::kUnknownForm;
      event.record = &processed.record;
      ++counts.loaded;
      counts.findings += static_cast<int>(processed.record.findings.size());
      return Status::Ok();
    }();
    if (!status.ok()) {
      // The database itself failed: close the run with what is known, and stop.
      (void)db.FinishRun(result.run_id, counts);
      return status;
    }
    event.counts = counts;
    if (progress.on_done) progress.on_done(event);
  }
  {
    Stopwatch watch(&result.times.store);
    if (Status s = db.FinishRun(result.run_id, counts); !s.ok()) return s;
  }
  return result;
}

}  // namespace tsuzuri
