// Database: the embedded SQLite store of ingested documents (schema: docs/schema.md). It keeps one
// row per distinct file content (keyed by SHA-256) with its pages, tidy measures, initiatives and
// findings, the names it was seen under, and a row per ingest run. The file is an ordinary SQLite
// database an analyst may open with any client while tsuzuri writes to it (WAL mode).
//
// Every write of a document is one transaction (BEGIN IMMEDIATE), so a crash or a SIGKILL leaves
// each document either wholly there or not there at all. Several processes may write to one file:
// a writer waits for another's transaction up to DatabaseOptions::busy_timeout_ms.
//
// Ownership: a Database owns its SQLite connection and closes it when destroyed.
// Thread safety: one Database is used by one thread at a time; open one per thread (or process).
#ifndef TSUZURI_STORE_DATABASE_H_
#define TSUZURI_STORE_DATABASE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "fields/pipeline.h"

namespace tsuzuri {

struct DatabaseOptions {
  // Create the file (and the schema) when it does not exist. When false, a missing file is
  // NotFound. Default: true.
  bool create_if_missing = true;
  // Only read: no migration is run and every write fails. A database whose schema is older than
  // this tsuzuri's is refused (run an ingest to upgrade it). Default: false.
  bool read_only = false;
  // How long a statement waits for another connection's write lock before failing. Default: 10 s.
  int busy_timeout_ms = 10000;
};

// Where a document stands. A kFailed document is tried again by the next ingest.
enum class DocumentStatus { kLoaded, kFailed, kUnknownForm };

// "loaded", "failed", "unknown-form": the text kept in documents.status.
const char* DocumentStatusName(DocumentStatus status);

// What SaveDocument did.
enum class SaveOutcome {
  kInserted,       // a new document
  kReplaced,       // a failed document now loaded, or a loaded one re-extracted with replace
  kAlreadyLoaded,  // the content was already loaded (by another process meanwhile); nothing written
};

// A file that could not be made into a record.
struct FailedFile {
  std::string path;                   // as found; stored made absolute
  std::optional<std::string> sha256;  // none when the file could not even be read
  std::optional<long long> size;
  std::string kind;   // "pdf", "png", ..., "unknown"; empty when not known
  std::string error;  // why, in a few words
};

// Counts of one ingest run.
struct RunCounts {
  int loaded = 0;    // documents written (loaded or unknown-form)
  int skipped = 0;   // files whose content was already loaded
  int failed = 0;    // files that could not be read or made into a record
  int ignored = 0;   // files found in folders that are not a PDF or an image
  int findings = 0;  // findings of the documents loaded by this run
  int messages = 0;  // e-mail messages read (new ones; a message seen before is not counted)
};

struct RunInfo {
  long long id = 0;
  std::string started_at;                  // ISO 8601 UTC
  std::optional<std::string> finished_at;  // none while running, or when the run was killed
  std::string arguments;                   // JSON, as given to BeginRun
  RunCounts counts;
};

// One line of a status overview: how many documents share a form, a year and a status.
struct DocumentCount {
  std::optional<std::string> form;  // none: unknown form or failed
  std::optional<int> fiscal_year;
  std::string status;  // DocumentStatusName
  int documents = 0;
};

struct FindingCount {
  std::string rule;
  std::string severity;  // "error" | "warning"
  int findings = 0;
  int documents = 0;
};

// An e-mail message as recorded in `messages`.
struct MessageRecord {
  std::string sha256;      // of the message's raw bytes
  std::string message_id;  // the Message-ID header, without angle brackets; may be empty
  std::string from, subject;
  std::string date;     // ISO 8601 UTC; empty when unknown
  std::string mailbox;  // where it was: a Maildir, the folder of an .eml file, an IMAP URL
  // Where in the mailbox: a Maildir message's unique name, an .eml file's name, an IMAP UID.
  std::string location;
  std::optional<long long> uidvalidity, uid;  // IMAP only
  long long size = 0;                         // bytes
};

// How reading a message went. A message in kReading (a run was killed while reading it) or
// kFailed is read again by the next ingest.
enum class MessageOutcome { kReading, kDocuments, kNoDocuments, kFailed };

// "reading", "documents", "no-documents", "failed": the text kept in messages.outcome.
const char* MessageOutcomeName(MessageOutcome outcome);

// A message that failed, or one whose attachments did, for a status overview.
struct MessageFailure {
  std::string mailbox, location, subject, from, date;
  std::string error;
};

struct StoreSummary {
  int schema_version = 0;
  std::vector<DocumentCount> documents;     // by form, year, status
  std::vector<FindingCount> open_findings;  // by rule and severity, most first
  std::vector<FailedFile> failures;         // documents in status failed, most recent first
  std::vector<RunInfo> runs;                // the latest runs, newest first
  int pages_to_index = 0;  // pages queued for the full-text index (pages_fts_pending)
  int messages = 0;        // e-mail messages recorded (all outcomes)
  int messages_with_documents = 0;
  std::vector<MessageFailure> message_failures;  // most recent first
};

// One place where search words were found.
struct SearchHit {
  long long document_id = 0;
  std::string file_name;
  std::string path;
  std::optional<int> fiscal_year;
  std::optional<std::string> group_name;
  std::string where;   // "page" or "initiative"
  int page = 0;        // the page number (for an initiative: the page where it starts)
  int initiative = 0;  // the initiative number; 0 for a page hit
  std::string text;    // the page text or the initiative's title and content
};

// A cell of a table read from the database.
using SqlValue = std::variant<std::monostate, long long, double, std::string>;

class Database {
 public:
  // Opens (and with create_if_missing creates) the database at `path`, switching it to WAL mode
  // and bringing its schema up to date (one transaction per migration). Fails with NotFound (no
  // such file and !create_if_missing), InvalidArgument (not a tsuzuri database, or made by a newer
  // tsuzuri) or IOError (SQLite's message).
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The file as given to Open.
  const std::string& path() const;
  // PRAGMA user_version: the schema's migration level.
  Result<int> SchemaVersion();
  // The schema version this tsuzuri creates and expects.
  static int LatestSchemaVersion();

  // A new run, started now, with `arguments` (JSON text) recorded. Returns its id.
  Result<long long> BeginRun(const std::string& arguments);
  // Records the end of a run and its counts.
  Status FinishRun(long long run_id, const RunCounts& counts);

  // True when a document with this content is loaded (status loaded or unknown-form); a failed one
  // is not, so it is tried again.
  Result<bool> HasLoaded(const std::string& sha256);

  // Writes a processed document and everything in its record in one transaction, keyed by
  // processed.document.sha256, found at `path` by run `run_id`. An existing failed row for the same
  // content (or the same unreadable path) is replaced; an existing loaded one is replaced only when
  // `replace`, else nothing is written (kAlreadyLoaded). Replacing keeps the document's id and the
  // names it was seen under. `original`, when given, is the file's bytes: kept in `originals` in
  // the same transaction (InvalidArgument when their SHA-256 is not the document's).
  Result<SaveOutcome> SaveDocument(const Processed& processed, long long run_id,
                                   const std::string& path, bool replace = false,
                                   std::optional<std::string_view> original = std::nullopt);

  // Records a file that failed, so that the reason can be seen and the file is tried again next
  // time. Keyed by sha256, or by path when there is none. A loaded document is never overwritten
  // by a failure (a failed re-extraction with --force keeps the old data). `original`, when given
  // (and the failure has a sha256), is kept as for SaveDocument, in the same transaction.
  Status SaveFailure(const FailedFile& failure, long long run_id,
                     std::optional<std::string_view> original = std::nullopt);

  // Keeps `bytes` as the original of content `sha256` (table originals), in a transaction of its
  // own; a content already kept is left as it is. InvalidArgument when `bytes` do not hash to
  // `sha256`; ResourceExhausted when larger than SQLite's limit for one value (about 1 GB).
  Status PutOriginal(const std::string& sha256, std::string_view bytes);
  // The original bytes of content `sha256`. NotFound when they are not kept (a document stored
  // before schema 4, or a failure whose file could not be read).
  Result<std::string> GetOriginal(const std::string& sha256);

  // Moves the pages queued by SaveDocument into the full-text index, in one transaction; returns
  // how many were indexed. A saved page is found by Search at once (queued pages are scanned), but
  // is in pages_fts only after this: Ingest calls it every IngestOptions::index_every_pages pages
  // and at the end of a run (one FTS5 commit costs about the same for one page or a hundred).
  Result<int> IndexPendingPages();

  // Whether this connection's commits copy the write-ahead log back into the database file when it
  // has grown past 8000 pages (on by default). Ingest turns it off for its writes and calls
  // Checkpoint() on another connection instead, so that no document's commit stalls for the copy.
  Status SetAutoCheckpoint(bool on);
  // Copies what it can of the write-ahead log into the database file, without waiting for (or
  // blocking) writers and readers (a passive checkpoint).
  Status Checkpoint();

  // Records `path` as another name of the loaded content `sha256` (a copy of a file). Writes only
  // when the name is new; returns whether it was. NotFound when the content is not in the database.
  Result<bool> AddName(const std::string& sha256, const std::string& path, long long run_id);
  // The file names (not paths) a content was seen under, sorted.
  Result<std::vector<std::string>> Names(const std::string& sha256);

  // Counts by form, year and status; open findings; failures; the latest `last_runs` runs.
  Result<StoreSummary> Summary(int last_runs = 5);

  // Pages and initiatives whose text holds every one of `words` (substrings, case-insensitive for
  // Latin letters; the trigram index answers words of three characters or more, shorter words are
  // looked for by a scan). At most `limit` hits, by document then page. InvalidArgument when
  // `words` is empty.
  Result<std::vector<SearchHit>> Search(const std::vector<std::string>& words, int limit = 100);

  // The tables and views an analyst may read (not SQLite's or the full-text index's own, nor
  // originals: file bytes, not values), sorted.
  Result<std::vector<std::string>> TableNames();

  // Reads every row of table or view `table` in its natural order: `on_columns` once with the
  // column names, then `on_row` for each row. InvalidArgument when `table` is not one of
  // TableNames(). Stops with the callback's Status when it returns an error.
  Status ReadTable(const std::string& table,
                   const std::function<Status(const std::vector<std::string>&)>& on_columns,
                   const std::function<Status(const std::vector<SqlValue>&)>& on_row);

  // E-mail. Whether a message with these raw bytes is done (read, with any outcome but
  // reading or failed).
  Result<bool> HasMessage(const std::string& sha256);
  // Whether a message at `location` in `mailbox` is done; none when no message is recorded there.
  // Lets a Maildir re-run skip a message without reading it.
  Result<bool> HasMessageAt(const std::string& mailbox, const std::string& location);
  // The UIDs of `mailbox` (an IMAP URL) under `uidvalidity` that are done.
  Result<std::vector<long long>> DoneUids(const std::string& mailbox, long long uidvalidity);
  // Records that `message` is being read by run `run_id` (outcome reading): a new row, or the row
  // of the same bytes (updated to this place and run). Returns the row's id.
  Result<long long> BeginMessage(const MessageRecord& message, long long run_id);
  // Records how the message went: its outcome, the reason when failed (else empty), and how many
  // of its documents were stored and failed.
  Status FinishMessage(long long message_row, MessageOutcome outcome, const std::string& error,
                       int documents, int failures);
  // Links the document of content `sha256` (loaded or failed) to message row `message_row`, as its
  // part `part` named `file_name`; once. NotFound when there is no such document.
  Status AddSource(const std::string& sha256, long long message_row, const std::string& part,
                   const std::string& file_name, long long run_id);

  // Runs PRAGMA integrity_check; OK when SQLite answers "ok", else Corruption with its answer.
  Status CheckIntegrity();

  // Runs one SQL statement of a stage built on the store (the review layer, store/reviews.h) with
  // `params` bound to ?1, ?2, ... and calls `on_row` (when given) with each row's values; stops
  // with the callback's Status when it returns an error. Fails with SQLite's message.
  Status Query(std::string_view sql, const std::vector<SqlValue>& params,
               const std::function<Status(const std::vector<SqlValue>&)>& on_row = {});
  // Runs `body` in one write transaction (BEGIN IMMEDIATE: it waits for another writer up to the
  // busy timeout, and nobody writes in between): committed when `body` returns OK, rolled back
  // otherwise (its Status is returned). Not nested.
  Status InWriteTransaction(const std::function<Status()>& body);

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_DATABASE_H_
