// Ingest: files and folders into the Database, each document once. Folders are walked
// recursively (symbolic links followed, each directory once, entries sorted by path so a run is
// deterministic); what a file is comes from its bytes (InspectFile), not its name. Each file is
// hashed first and skipped when its content is already loaded, so a re-run over an unchanged
// folder only reads and hashes. Every document is written in its own transaction; a file that
// fails is recorded with its reason (and tried again next time) and the batch goes on.
//
// E-mail: a file whose bytes are a message (an .eml, a message in a Maildir) is read by
// IngestMessage (store/mail_ingest.h): its documents are stored with the message as their source,
// and the message is recorded so that it is read once. A message in a Maildir's new/ is moved to
// cur/ (flag S, seen) only once it is recorded; a re-run skips a Maildir message already read by
// its name alone, without reading it. Each Maildir is locked for the run (a file .tsuzuri-lock in
// it): a second run that finds it locked reports that and leaves the Maildir alone. A file in a
// folder whose name says it is a PDF or an image (.pdf, .png, .jpg, .tif, ...) but whose bytes are
// not one (empty, say) is a failure too; other files there are ignored. The original bytes of
// every document (and of a failure, up to 256 MiB) are kept in the database with it
// (Database::GetOriginal).
//
// Ownership: Ingest borrows the Database and the Processor for the call.
// Thread safety: one Ingest per Database at a time; several processes may ingest into one file.
#ifndef TSUZURI_STORE_INGEST_H_
#define TSUZURI_STORE_INGEST_H_

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "extract/extract.h"
#include "fields/pipeline.h"
#include "fields/template.h"
#include "store/database.h"

namespace tsuzuri {

// A file to ingest, as found by FindFiles.
struct FoundFile {
  std::string path;
  // Given by name (not found in a folder): a file that is not a PDF or an image is then a failure,
  // not ignored.
  bool named = false;
  // Why a folder could not be walked here, or a link in it followed; empty for a file to read.
  std::string error;
  // For a message in a Maildir's new/ or cur/: the Maildir (its folder); empty otherwise.
  std::string maildir;
};

// The files under `paths`: a file as it is, a folder's files recursively in path order. A path
// reached twice (named twice, or through a symbolic link) is listed once. A path that does not
// exist is listed (named) so that reading it reports the failure. A Maildir (a folder with cur/,
// new/ and tmp/) gives the messages in its new/ and cur/ (not tmp/: still being delivered, nor
// the mail server's own files beside them), and its subfolders are walked (Maildir++ folders).
std::vector<FoundFile> FindFiles(const std::vector<std::string>& paths);

// Makes the record of one file; the real one is PipelineProcessor, tests pass their own. It may
// run on another thread (the next file is extracted while the current one is written), and at
// times on two at once: it must be thread-safe. `info` is the file as Ingest just read it (its hash
// decided that the file needs extracting), so the Processor need not read it again for that.
using Processor = std::function<Result<Processed>(const std::string& path, const FileInfo& info)>;

// ProcessFile with `templates` and `options`. `templates` must outlive the Processor.
Processor PipelineProcessor(const TemplateSet& templates, const ExtractOptions& options);

enum class FileOutcome {
  kLoaded,       // written, form recognized
  kUnknownForm,  // written, no template recognized it (its pages are kept and searchable)
  kSkipped,      // its content was already loaded (or seen earlier in this run)
  kFailed,       // could not be read or made into a record; the reason is in detail
  kIgnored,      // in a folder, not a PDF or an image, and not named as one (.pdf, .png, ...)
};

// "loaded", "unknown-form", "skipped", "failed", "ignored".
const char* FileOutcomeName(FileOutcome outcome);

// What happened to one file, for a progress display.
struct FileEvent {
  int index = 0;  // 1-based position in the run
  int total = 0;  // files found
  std::string path;
  FileOutcome outcome = FileOutcome::kFailed;
  // Failed: the reason. Skipped: "already loaded" or "same content as NAME". Otherwise empty.
  std::string detail;
  // Loaded and unknown-form: the record written, valid during the callback only; else null.
  const Record* record = nullptr;
  RunCounts counts;  // the run's counts including this file
};

struct IngestProgress {
  // Before a file is read (may be empty).
  std::function<void(int index, int total, const std::string& path)> on_start;
  // After a file is done (may be empty).
  std::function<void(const FileEvent& event)> on_done;
};

struct IngestOptions {
  // Re-extract documents that are already loaded and replace their rows. Default: false.
  bool force = false;
  // Pages saved between two batches of full-text indexing (Database::IndexPendingPages); the
  // rest is indexed at the end of the run. Default: 100.
  int index_every_pages = 100;
  // Recorded in runs.arguments: JSON text describing the request. Default: "{}".
  std::string arguments = "{}";
};

// Seconds spent in each part of a run (wall clock), for benchmarks.
struct IngestTimes {
  double find = 0;     // walking folders
  double inspect = 0;  // reading and hashing files
  double process = 0;  // the Processor (extract, normalize, fields)
  double store = 0;    // the Database (lookups and writes)
};

struct IngestResult {
  long long run_id = 0;
  RunCounts counts;
  IngestTimes times;
};

// Ingests every file under `paths` as one run. Fails only when the database itself fails (it
// cannot record a run, or cannot record a failure); the counts say how the files went.
Result<IngestResult> Ingest(Database& db, const std::vector<std::string>& paths,
                            const Processor& process, const IngestOptions& options = {},
                            const IngestProgress& progress = {});

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_INGEST_H_
