#include "store/ingest.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <type_traits>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>

#include <fstream>

#include "extract/file_info.h"
#include "mail/message.h"
#include "store/mail_ingest.h"

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

// A thread that runs jobs one at a time, in the order given, kept for the whole run (a new thread
// per document costs more than it seems: each one starts with cold caches in the libraries).
// `nice` > 0 lowers the thread's scheduling priority.
class Worker {
 public:
  explicit Worker(int nice) : nice_(nice), thread_([this] { Loop(); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  template <typename F>
  std::future<std::invoke_result_t<F>> Post(F f) {
    auto task = std::make_shared<std::packaged_task<std::invoke_result_t<F>()>>(std::move(f));
    std::future<std::invoke_result_t<F>> done = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back([task] { (*task)(); });
    }
    cv_.notify_all();
    return done;
  }

 private:
  void Loop() {
    // Lowering a thread's own priority needs no privilege; if it fails, the jobs simply compete.
    if (nice_ > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), nice_);
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return quit_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  const int nice_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool quit_ = false;
  std::thread thread_;  // last: started once the members above exist
};

// A failed file's bytes are kept up to this size (a document's, whatever its size).
constexpr long long kMaxFailedOriginalBytes = 256LL << 20;

std::string Key(const fs::path& p) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  return ec ? fs::absolute(p, ec).lexically_normal().string() : canonical.string();
}

// Adds the files under `dir` to `out`, sorted by path. `visited` holds the canonical paths of the
// directories already walked, so a symbolic link loop ends.
bool IsMaildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) && fs::is_directory(dir / "new", ec) &&
         fs::is_directory(dir / "tmp", ec);
}

// The messages in a Maildir's new/ and cur/, sorted; the rest of it (its subfolders) is walked by
// the caller.
void ListMaildir(const fs::path& dir, std::set<std::string>& seen_files,
                 std::vector<FoundFile>& out) {
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    std::vector<fs::path> entries;
    fs::directory_iterator it(dir / sub, ec);
    if (ec) {
      out.push_back({(dir / sub).string(), false, "cannot list folder (" + ec.message() + ")", ""});
      continue;
    }
    for (const fs::directory_entry& entry : it) {
      std::error_code type_ec;
      if (entry.is_regular_file(type_ec) && entry.path().filename().string()[0] != '.') {
        entries.push_back(entry.path());
      }
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) {
      if (seen_files.insert(entry.string()).second) {
        out.push_back({entry.string(), false, "", dir.string()});
      }
    }
  }
}

void Walk(const fs::path& dir, std::set<std::string>& visited, std::set<std::string>& seen_files,
          std::vector<FoundFile>& out) {
  if (!visited.insert(Key(dir)).second) return;
  const bool maildir = IsMaildir(dir);
  if (maildir) ListMaildir(dir, seen_files, out);
  std::error_code ec;
  std::vector<fs::path> entries;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.push_back({dir.string(), false, "cannot list folder (" + ec.message() + ")", ""});
    return;
  }
  for (const fs::directory_entry& entry : it) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    std::error_code stat_ec;
    const fs::file_status status = fs::status(entry, stat_ec);  // follows symbolic links
    if (stat_ec) {  // a dangling link, or one in a loop: reported, never silently skipped
      out.push_back({entry.string(), false, "cannot follow (" + stat_ec.message() + ")", ""});
      continue;
    }
    if (maildir) {  // its messages are listed; its other files are the mail server's own
      const std::string name = entry.filename().string();
      if (fs::is_directory(status) && name != "cur" && name != "new" && name != "tmp") {
        Walk(entry, visited, seen_files, out);
      }
      continue;
    }
    if (fs::is_directory(status)) {
      Walk(entry, visited, seen_files, out);
    } else if (fs::is_regular_file(status)) {
      if (seen_files.insert(Key(entry)).second) out.push_back({entry.string(), false, "", ""});
    }
  }
}

// The first `limit` bytes of a file (fewer when it is shorter; none when it cannot be read).
std::string ReadHead(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string head(limit, '\0');
  in.read(head.data(), static_cast<std::streamsize>(limit));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// A Maildir message's unique name: its file name without the ":2,FLAGS" info.
std::string UniqueName(const std::string& file_name) {
  return file_name.substr(0, file_name.find(':'));
}

// A message in new/ that is recorded goes to cur/ with the S (seen) flag, as a mail reader does.
// A message already moved (by a mail reader) is left as it is.
void MarkRead(const std::string& path) {
  const fs::path p(path);
  if (p.parent_path().filename() != "new") return;
  const fs::path target =
      p.parent_path().parent_path() / "cur" / (p.filename().string() + ":2,S");
  std::error_code ec;
  fs::rename(p, target, ec);
}

// An exclusive lock on a Maildir for the run: a file .tsuzuri-lock in it, held with flock (so a
// run that dies releases it). Closed (released) when destroyed.
class MaildirLock {
 public:
  MaildirLock() = default;
  ~MaildirLock() {
    if (fd_ >= 0) close(fd_);
  }
  MaildirLock(MaildirLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  MaildirLock& operator=(MaildirLock&&) = delete;
  // Empty when taken, else why not.
  std::string Take(const std::string& maildir) {
    const std::string path = maildir + "/.tsuzuri-lock";
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return "cannot open its lock file " + path + " (" + std::strerror(errno) + ")";
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      return "another tsuzuri is reading this Maildir (it holds " + path + "); left to it";
    }
    return "";
  }

 private:
  int fd_ = -1;
};

}  // namespace

std::vector<FoundFile> FindFiles(const std::vector<std::string>& paths) {
  std::vector<FoundFile> out;
  std::set<std::string> visited, seen_files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      Walk(path, visited, seen_files, out);
    } else if (seen_files.insert(Key(path)).second) {
      out.push_back({path, true, "", ""});
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
  // Each Maildir is locked for the run; the messages of one that another run holds are left.
  std::map<std::string, std::string> maildir_busy;  // maildir -> why it is not read
  std::vector<MaildirLock> locks;
  for (FoundFile& f : files) {
    if (f.maildir.empty()) continue;
    if (!maildir_busy.count(f.maildir)) {
      MaildirLock lock;
      maildir_busy[f.maildir] = lock.Take(f.maildir);
      locks.push_back(std::move(lock));
    }
  }
  {
    Stopwatch watch(&result.times.store);
    Result<long long> run = db.BeginRun(options.arguments);
    if (!run.ok()) return run.status();
    result.run_id = *run;
  }
  RunCounts& counts = result.counts;
  int pages_to_index = 0;  // pages saved since the last batch of full-text indexing
  // The full-text index is written in batches, on `writer`, through a connection of its own.
  Result<std::unique_ptr<Database>> indexer =
      Database::Open(db.path(), {.create_if_missing = false});
  if (!indexer.ok()) return indexer.status();
  Status index_status;  // the first failure of a batch (set on `writer`)
  // The write-ahead log is copied back into the database file after each batch by `checkpointer`,
  // on a third connection, instead of by whichever document's commit finds it full (a copy of
  // 32 MiB that would stall that commit, and with it the next document).
  Result<std::unique_ptr<Database>> checkpoints =
      Database::Open(db.path(), {.create_if_missing = false});
  if (!checkpoints.ok()) return checkpoints.status();
  if (Status s = db.SetAutoCheckpoint(false); !s.ok()) return s;
  struct AutoCheckpointAgain {
    Database& db;
    ~AutoCheckpointAgain() { (void)db.SetAutoCheckpoint(true); }
  } auto_checkpoint_again{db};
  std::future<void> checkpointed;  // the latest checkpoint (used on `writer` only)
  Worker checkpointer(10);
  // While a document is written, the next one is extracted: the write runs on `writer`, at a
  // lower priority so that it takes the moments the extraction leaves a core idle (between pages,
  // while fields are matched) rather than slowing it; the extraction runs here, on the calling
  // thread, which also frees what it allocated (memory freed by another thread than the one that
  // allocated it costs more). `hasher` reads and hashes the file after the next meanwhile. The
  // Database is used by one thread at a time: this one waits for the write before touching it.
  // Workers are declared after what their jobs use, so they finish their jobs before those go.
  Worker writer(10), hasher(0);
  // Content loaded by this run: sha256 -> the file name it was loaded under.
  std::map<std::string, std::string> loaded_now;
  const int total = static_cast<int>(files.size());

  // Files read and hashed ahead of their turn, by index: done, or being done by `hasher`.
  std::map<int, Result<FileInfo>> inspected;
  std::map<int, std::future<Result<FileInfo>>> hashing;
  auto prefetch = [&](int k) {
    if (k >= total || !files[static_cast<size_t>(k)].error.empty()) return;
    if (!files[static_cast<size_t>(k)].maildir.empty()) return;  // a message: skipped by name
    if (inspected.count(k) || hashing.count(k)) return;
    hashing.emplace(
        k, hasher.Post([path = files[static_cast<size_t>(k)].path] { return InspectFile(path); }));
  };
  // The FileInfo of file k, kept for later.
  auto inspected_at = [&](int k) -> const Result<FileInfo>& {
    if (auto it = inspected.find(k); it != inspected.end()) return it->second;
    Stopwatch watch(&result.times.inspect);
    if (auto it = hashing.find(k); it != hashing.end()) {
      Result<FileInfo> info = it->second.get();
      hashing.erase(it);
      return inspected.emplace(k, std::move(info)).first->second;
    }
    return inspected.emplace(k, InspectFile(files[static_cast<size_t>(k)].path)).first->second;
  };
  // The FileInfo of file k, taken.
  auto inspect = [&](int k) -> Result<FileInfo> {
    inspected_at(k);
    Result<FileInfo> info = std::move(inspected.at(k));
    inspected.erase(k);
    return info;
  };
  // The next file that will need extracting, chosen before the current document is written and
  // extracted while it is. It is only a head start: when that file's turn comes the usual checks
  // run again, and a head start that is not needed after all is dropped.
  struct Ahead {
    int index = -1;
    std::optional<Result<Processed>> made;
  };
  std::optional<Ahead> ahead;
  constexpr int kLookahead = 16;  // files inspected at most to find the next one to extract
  auto choose_ahead = [&](int from, const std::string& writing_sha) {
    for (int k = from; k < total && k < from + kLookahead; ++k) {
      if (!files[static_cast<size_t>(k)].error.empty()) continue;
      if (!files[static_cast<size_t>(k)].maildir.empty()) continue;
      const Result<FileInfo>& info = inspected_at(k);
      if (!info.ok() || info->kind == FileKind::kUnknown) continue;
      if (info->sha256 == writing_sha || loaded_now.count(info->sha256)) continue;
      if (!options.force) {
        Stopwatch watch(&result.times.store);
        Result<bool> loaded = db.HasLoaded(info->sha256);
        if (!loaded.ok() || *loaded) continue;
      }
      ahead = Ahead{k, std::nullopt};
      prefetch(k + 1);
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
      // Its bytes are kept too (a damaged or encrypted report may be read again once mended),
      // unless they cannot be read again or are too large to keep.
      std::optional<std::string> original;
      if (failure.sha256.has_value() && failure.size.value_or(0) <= kMaxFailedOriginalBytes) {
        if (Result<std::string> bytes = ReadFileBytes(file.path);
            bytes.ok() && Sha256Hex(*bytes) == *failure.sha256) {
          original = std::move(*bytes);
        }
      }
      return db.SaveFailure(failure, result.run_id,
                            original ? std::optional<std::string_view>(*original) : std::nullopt);
    };
    // A message: read by IngestMessage, recorded, its documents stored with it as their source.
    auto ingest_message = [&](const FileInfo& info) -> Status {
      const fs::path p(file.path);
      MessageSource source;
      source.mailbox = file.maildir.empty() ? Key(p.parent_path()) : Key(file.maildir);
      source.location =
          file.maildir.empty() ? p.filename().string() : UniqueName(p.filename().string());
      source.display = file.path;
      if (!options.force) {
        Stopwatch watch(&result.times.store);
        Result<bool> done = db.HasMessage(info.sha256);
        if (!done.ok()) return done.status();
        if (*done) {
          event.outcome = FileOutcome::kSkipped;
          event.detail = "message already read";
          ++counts.skipped;
          if (!file.maildir.empty()) MarkRead(file.path);
          return Status::Ok();
        }
      }
      Result<std::string> raw = ReadFileBytes(file.path);
      if (!raw.ok()) return fail({file.path, std::nullopt, std::nullopt, "", raw.status().message()}, true);
      Result<MessageResult> r = [&] {
        Stopwatch watch(&result.times.process);
        return IngestMessage(db, *raw, source, process, result.run_id, options.force);
      }();
      if (!r.ok()) return r.status();
      ++counts.messages;
      counts.loaded += r->loaded;
      counts.skipped += r->skipped;
      counts.failed += r->failed;
      counts.ignored += r->ignored;
      counts.findings += r->findings;
      if (r->failed > 0 && r->detail.rfind(file.path + ": ", 0) == 0 &&
          r->detail.find('\n') == std::string::npos) {  // the message itself could not be read
        event.outcome = FileOutcome::kFailed;
        event.detail = r->detail;
        return Status::Ok();
      }
      const std::string what = "message 「" + r->subject + "」: " + std::to_string(r->loaded) +
                               " loaded, " + std::to_string(r->skipped) + " skipped, " +
                               std::to_string(r->failed) + " failed";
      if (r->failed > 0) {
        event.outcome = FileOutcome::kFailed;
        event.detail = what + "\n  " + r->detail;
        std::string::size_type at = 0;
        while ((at = event.detail.find('\n', at + 1)) != std::string::npos &&
               at + 1 < event.detail.size() && event.detail.compare(at + 1, 2, "  ") != 0) {
          event.detail.insert(at + 1, "  ");
        }
      } else {
        event.outcome = r->loaded > 0 ? FileOutcome::kLoaded : FileOutcome::kSkipped;
        event.detail = r->outcome == MessageOutcome::kNoDocuments ? "message 「" + r->subject +
                                                                        "」: no document"
                                                                  : what;
        if (!file.maildir.empty()) MarkRead(file.path);
      }
      return Status::Ok();
    };
    Status status = [&]() -> Status {
      if (!file.error.empty())
        return fail({file.path, std::nullopt, std::nullopt, "", file.error}, false);
      if (!file.maildir.empty()) {
        if (const std::string& busy = maildir_busy[file.maildir]; !busy.empty()) {
          return fail({file.path, std::nullopt, std::nullopt, "", file.maildir + ": " + busy},
                      false);
        }
        // Read before (by its name): skipped without reading it.
        Stopwatch watch(&result.times.store);
        Result<bool> done = db.HasMessageAt(Key(file.maildir),
                                            UniqueName(fs::path(file.path).filename().string()));
        if (!done.ok()) return done.status();
        if (*done && !options.force) {
          event.outcome = FileOutcome::kSkipped;
          event.detail = "message already read";
          ++counts.skipped;
          MarkRead(file.path);
          return Status::Ok();
        }
      }
      Result<FileInfo> info = inspect(i);
      if (!info.ok()) {
        // A path that does not exist has nothing to trace; an unreadable file is recorded by path.
        const bool record = info.status().code() != Status::Code::kNotFound;
        return fail({file.path, std::nullopt, std::nullopt, "", info.status().message()}, record);
      }
      const FailedFile as_failed{file.path, info->sha256, info->size, FileKindName(info->kind), ""};
      // A message (whatever "%PDF-" its body holds): by its header lines, its name (.eml) or its
      // place (a Maildir); one that cannot be parsed is a failed message.
      if (info->kind == FileKind::kUnknown || info->kind == FileKind::kPdf) {
        std::string ext = fs::path(file.path).extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (LooksLikeMessage(ReadHead(file.path, 64 * 1024)) ||
            (info->kind == FileKind::kUnknown && (!file.maildir.empty() || ext == ".eml"))) {
          return ingest_message(*info);
        }
      }
      if (info->kind == FileKind::kUnknown) {
        if (!file.named && !NamedAsDocument(fs::path(file.path).filename().string())) {
          event.outcome = FileOutcome::kIgnored;
          event.detail = "not a PDF or an image";
          ++counts.ignored;
          return Status::Ok();
        }
        FailedFile failure = as_failed;
        failure.error =
            file.path + (info->size == 0 ? ": empty file"
                         : file.named ? ": not a PDF or an image (unrecognized content)"
                                      : ": named as a PDF or an image, but its bytes are not one");
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
        if (ahead && ahead->index == i && ahead->made.has_value()) {
          Result<Processed> r = std::move(*ahead->made);
          ahead.reset();
          return r;
        }
        ahead.reset();
        prefetch(i + 1);
        return process(file.path, *info);
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
      choose_ahead(i + 1, info->sha256);
      // Written on `writer`, with the full-text indexing of a batch of pages when one is due,
      // while the next document is extracted here.
      pages_to_index += static_cast<int>(processed.document.pages.size());
      const bool index_now = pages_to_index >= options.index_every_pages;
      Result<SaveOutcome> saved = Status::Internal("not written");
      // The original bytes are read again here, on `writer` (from the page cache, the file was
      // just read), and kept in the document's transaction; the store checks them against the
      // hash, so a file changed since it was read fails and is tried again next time.
      std::future<void> written = writer.Post([&] {
        Result<std::string> original = ReadFileBytes(file.path);
        saved = original.ok() ? db.SaveDocument(processed, result.run_id, file.path, options.force,
                                                *original)
                              : Result<SaveOutcome>(original.status());
      });
      if (index_now) {
        pages_to_index = 0;
        // Not waited for: a batch takes longer than a document, and its own connection leaves
        // `db` free for this thread's lookups meanwhile. The next write waits behind it.
        writer.Post([&] {
          if (Result<int> n = (*indexer)->IndexPendingPages(); !n.ok() && index_status.ok()) {
            index_status = n.status();
          }
          // A checkpoint that cannot run now (a reader holds old pages) is simply tried again.
          if (!checkpointed.valid() ||
              checkpointed.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            checkpointed = checkpointer.Post([&] { (void)(*checkpoints)->Checkpoint(); });
          }
        });
      }
      if (ahead) {
        Stopwatch watch(&result.times.process);
        const Result<FileInfo>& next = inspected_at(ahead->index);
        ahead->made = process(files[static_cast<size_t>(ahead->index)].path, *next);
      }
      {
        Stopwatch watch(&result.times.store);
        written.wait();
      }
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
    writer.Post([] {}).wait();  // the last batch written
    if (!index_status.ok()) return index_status;
    // Pages queued by an earlier run that was killed are indexed here too.
    if (Result<int> indexed = db.IndexPendingPages(); !indexed.ok()) return indexed.status();
    if (Status s = db.FinishRun(result.run_id, counts); !s.ok()) return s;
  }
  return result;
}

}  // namespace tsuzuri
