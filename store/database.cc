#include "store/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

#include "extract/file_info.h"
#include "store/page_text.h"
#include "store/schema.h"

namespace tsuzuri {
namespace {

constexpr const char* kTsuzuriVersion = "0.1.0";

// The one place where SQLite's errors become Statuses: the code picks the Status kind, the text
// keeps SQLite's own message (sqlite3_errmsg) after what we were doing.
Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IOError(message + " (another process holds the database; try again later)");
    case SQLITE_CORRUPT:
      return Status::Corruption(message);
    case SQLITE_NOTADB:
      return Status::InvalidArgument(message);
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return Status::PermissionDenied(message);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return Status::ResourceExhausted(message);
    case SQLITE_CANTOPEN:
      return Status::IOError(message);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
      return Status::Internal(message);
    default:
      return Status::IOError(message);
  }
}

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using ConnectionPtr = std::unique_ptr<sqlite3, ConnectionCloser>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Bytes bound as a BLOB (a std::string_view binds as TEXT).
struct Blob {
  std::string_view bytes;
};

// A prepared statement bound to its connection. Bind with Bind(...), then Step() until it returns
// false; Reset() makes it ready for the next use (the statement cache does that on each Get).
class Statement {
 public:
  Statement(sqlite3* db, StatementPtr stmt) : db_(db), stmt_(std::move(stmt)) {}

  // Binds `args` to parameters 1, 2, ... in order.
  template <typename... Args>
  Status Bind(const Args&... args) {
    int index = 0;
    Status status;
    ((status.ok() ? (status = BindOne(++index, args), 0) : 0), ...);
    return status;
  }
  // Binds one value to parameter `index` (1-based).
  template <typename T>
  Status BindAt(int index, const T& value) {
    return BindOne(index, value);
  }

  // True when a row is ready, false when done.
  Result<bool> Step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, rc, Context());
  }
  // Steps a statement that returns no rows (or whose rows do not matter) to its end.
  Status Run() {
    for (;;) {
      Result<bool> row = Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
    }
  }
  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }
  // Reset, Bind(args...), Run: one execution of a cached statement that returns no rows.
  template <typename... Args>
  Status Exec(const Args&... args) {
    Reset();
    if (Status s = Bind(args...); !s.ok()) return s;
    return Run();
  }

  int ColumnCount() const { return sqlite3_column_count(stmt_.get()); }
  std::string ColumnName(int i) const {
    const char* name = sqlite3_column_name(stmt_.get(), i);
    return name != nullptr ? name : "";
  }
  bool IsNull(int i) const { return sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL; }
  long long Int(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
  double Real(int i) const { return sqlite3_column_double(stmt_.get(), i); }
  std::string Text(int i) const {
    const unsigned char* text = sqlite3_column_text(stmt_.get(), i);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), i)));
  }
  std::string Bytes(int i) const {
    const void* blob = sqlite3_column_blob(stmt_.get(), i);
    if (blob == nullptr) return {};
    return std::string(static_cast<const char*>(blob),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), i)));
  }
  std::optional<std::string> OptText(int i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
  }
  std::optional<int> OptInt(int i) const {
    if (IsNull(i)) return std::nullopt;
    return static_cast<int>(Int(i));
  }
  SqlValue Value(int i) const {
    switch (sqlite3_column_type(stmt_.get(), i)) {
      case SQLITE_NULL:
        return std::monostate{};
      case SQLITE_INTEGER:
        return Int(i);
      case SQLITE_FLOAT:
        return Real(i);
      default:
        return Text(i);  // text; a blob read as bytes
    }
  }

 private:
  std::string Context() const {
    const char* sql = sqlite3_sql(stmt_.get());
    std::string s = sql != nullptr ? sql : "";
    s.erase(0, s.find_first_not_of(" \n"));
    if (s.size() > 60) s = s.substr(0, 60) + "...";
    return "running '" + s + "'";
  }
  Status Check(int rc) {
    return rc == SQLITE_OK ? Status::Ok() : SqliteError(db_, rc, "binding a value");
  }
  Status BindOne(int i, std::nullopt_t) { return Check(sqlite3_bind_null(stmt_.get(), i)); }
  Status BindOne(int i, std::string_view s) {
    return Check(
        sqlite3_bind_text64(stmt_.get(), i, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  Status BindOne(int i, const std::string& s) { return BindOne(i, std::string_view(s)); }
  Status BindOne(int i, Blob b) {
    // A zero-length blob needs a non-null pointer to be a blob and not NULL.
    static const char kEmpty = 0;
    return Check(sqlite3_bind_blob64(stmt_.get(), i, b.bytes.empty() ? &kEmpty : b.bytes.data(),
                                     b.bytes.size(), SQLITE_TRANSIENT));
  }
  Status BindOne(int i, const char* s) { return BindOne(i, std::string_view(s)); }
  Status BindOne(int i, bool b) { return Check(sqlite3_bind_int(stmt_.get(), i, b ? 1 : 0)); }
  Status BindOne(int i, int v) { return Check(sqlite3_bind_int(stmt_.get(), i, v)); }
  Status BindOne(int i, long long v) { return Check(sqlite3_bind_int64(stmt_.get(), i, v)); }
  Status BindOne(int i, double v) { return Check(sqlite3_bind_double(stmt_.get(), i, v)); }
  template <typename T>
  Status BindOne(int i, const std::optional<T>& v) {
    return v.has_value() ? BindOne(i, *v) : BindOne(i, std::nullopt);
  }

  sqlite3* db_;
  StatementPtr stmt_;
};

// Rolls back unless committed: every early return inside a write leaves nothing behind.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // BEGIN IMMEDIATE takes the write lock now (waiting up to the busy timeout), so a transaction
  // never fails half-way because another writer came first.
  Status Begin() {
    const int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "starting a write transaction");
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    const int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "committing");
    open_ = false;
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(path, ec);
  if (ec) return path;
  return abs.lexically_normal().string();
}

std::string FileName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// "%word%" for LIKE ... ESCAPE '\', with the word's own %, _ and \ taken literally.
std::string LikePattern(const std::string& word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// An initiative's searchable text: its columns, a line each.
constexpr const char* kInitiativeText =
    "i.title || char(10) || i.content || char(10) || i.current || char(10) || i.target || "
    "char(10) || i.actual";

}  // namespace

const char* DocumentStatusName(DocumentStatus status) {
  switch (status) {
    case DocumentStatus::kLoaded:
      return "loaded";
    case DocumentStatus::kFailed:
      return "failed";
    case DocumentStatus::kUnknownForm:
      return "unknown-form";
  }
  return "failed";
}

const char* MessageOutcomeName(MessageOutcome outcome) {
  switch (outcome) {
    case MessageOutcome::kReading:
      return "reading";
    case MessageOutcome::kDocuments:
      return "documents";
    case MessageOutcome::kNoDocuments:
      return "no-documents";
    case MessageOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

struct Database::Impl {
  std::string path;
  DatabaseOptions options;
  ConnectionPtr db;
  // Prepared statements by their SQL text (the text's address: every statement is a literal).
  std::map<const char*, std::unique_ptr<Statement>> cache;
  // Statements of Query() by their text (preparing a query over the views costs milliseconds),
  // with whether one is running (a callback may run another query).
  std::map<std::string, std::pair<std::unique_ptr<Statement>, bool>, std::less<>> query_cache;

  // A ready statement for the literal `sql`: prepared once, reset and unbound on each use.
  Result<Statement*> Get(const char* sql) {
    auto it = cache.find(sql);
    if (it != cache.end()) {
      it->second->Reset();
      return it->second.get();
    }
    Result<std::unique_ptr<Statement>> stmt = Prepare(sql, SQLITE_PREPARE_PERSISTENT);
    if (!stmt.ok()) return stmt.status();
    Statement* raw = stmt->get();
    cache.emplace(sql, std::move(*stmt));
    return raw;
  }

  // A statement not kept in the cache (for SQL made at run time).
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql, unsigned flags = 0) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), flags,
                                      &raw, nullptr);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "preparing a statement");
    return std::make_unique<Statement>(db.get(), std::move(stmt));
  }

  Status Exec(const char* sql, std::string_view context) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db.get(), sql, nullptr, nullptr, &error);
    std::unique_ptr<char, decltype(&sqlite3_free)> owned(error, &sqlite3_free);
    if (rc != SQLITE_OK) return SqliteError(db.get(), rc, context);
    return Status::Ok();
  }

  Result<long long> PragmaInt(const char* sql) {
    Result<Statement*> stmt = Get(sql);
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    const long long value = *row ? (*stmt)->Int(0) : 0;
    (*stmt)->Reset();
    return value;
  }

  Status EnableWal();
  Status Migrate();
  Status WriteRecord(long long document_id, const Processed& processed);
  Status DeleteChildren(long long document_id);
  Status RemoveUnreadable(const std::string& abs_path, long long keep_id);
  Status AddNameRow(long long document_id, const std::string& abs_path, long long run_id);
  Status PutOriginalRow(const std::string& sha256, std::string_view bytes);
};

// Inside the caller's transaction. The bytes are checked against their name: a content-addressed
// store that trusted its caller could hand a reviewer the wrong file.
Status Database::Impl::PutOriginalRow(const std::string& sha256, std::string_view bytes) {
  if (Sha256Hex(bytes) != sha256) {
    return Status::InvalidArgument("original bytes (" + std::to_string(bytes.size()) +
                                   ") do not hash to " + sha256);
  }
  Result<Statement*> stmt =
      Get("INSERT OR IGNORE INTO originals (sha256, size, bytes) VALUES (?, ?, ?)");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->Exec(sha256, static_cast<long long>(bytes.size()), Blob{bytes});
}

// WAL mode is a property of the file, set once when it is created. Changing the journal mode does
// not wait for the busy handler, so when another process is creating the same file at this moment
// we wait here, up to the busy timeout.
Status Database::Impl::EnableWal() {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  for (;;) {
    Result<std::unique_ptr<Statement>> stmt = Prepare("PRAGMA journal_mode = WAL");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = (*stmt)->Step();
    if (row.ok() && *row && (*stmt)->Text(0) == "wal") return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) {
      return row.ok() ? Status::IOError(path + ": cannot switch to WAL mode") : row.status();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Status Database::Impl::Migrate() {
  // One statement, so one snapshot: read one by one, another process creating the file meanwhile
  // could be seen half-way (no application id yet, but tables already).
  std::optional<long long> app_id, version, objects;
  {
    Result<Statement*> stmt =
        Get("SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)");
    if (!stmt.ok()) return Status::InvalidArgument(path + ": " + stmt.status().message());
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return Status::InvalidArgument(path + ": " + row.status().message());
    if (!*row) return Status::IOError(path + ": cannot read the schema version");
    app_id = (*stmt)->Int(0);
    version = (*stmt)->Int(1);
    objects = (*stmt)->Int(2);
    (*stmt)->Reset();
  }
  const int latest = SchemaMigrationCount();
  if (*app_id != kApplicationId && (*app_id != 0 || *objects != 0)) {
    return Status::InvalidArgument(path + ": not a tsuzuri database (an SQLite file of " +
                                   "another program)");
  }
  if (*version > latest) {
    return Status::InvalidArgument(path + ": made by a newer tsuzuri (schema version " +
                                   std::to_string(*version) + ", this one knows " +
                                   std::to_string(latest) + ")");
  }
  if (*version == latest) return Status::Ok();
  if (options.read_only) {
    return Status::InvalidArgument(path + ": schema version " + std::to_string(*version) +
                                   " is older than this tsuzuri's " + std::to_string(latest) +
                                   "; run 'tsuzuri ingest' once to upgrade it");
  }
  if (Status s = EnableWal(); !s.ok()) return s;
  for (int v = static_cast<int>(*version) + 1; v <= latest; ++v) {
    Transaction tx(db.get());
    if (Status s = tx.Begin(); !s.ok()) return s;
    // Another process may have migrated while we waited for the lock.
    Result<long long> now = PragmaInt("PRAGMA user_version");
    if (!now.ok()) return now.status();
    if (*now >= v) continue;
    if (Status s = Exec(SchemaMigration(v), "migrating the schema to version " + std::to_string(v));
        !s.ok()) {
      return s;
    }
    const std::string stamp = "PRAGMA user_version = " + std::to_string(v) +
                              "; PRAGMA application_id = " + std::to_string(kApplicationId);
    if (Status s = Exec(stamp.c_str(), "stamping the schema version"); !s.ok()) return s;
    if (Status s = tx.Commit(); !s.ok()) return s;
  }
  return Status::Ok();
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() {
  // Statements go before the connection they belong to.
  if (impl_) {
    impl_->cache.clear();
    impl_->query_cache.clear();
  }
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                 const DatabaseOptions& options) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && (!options.create_if_missing || options.read_only)) {
    return Status::NotFound(path + ": no such database");
  }
  if (exists && std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(path + ": is a directory, not a database file");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create_if_missing && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  impl->db.reset(raw);  // owned even when opening failed
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "opening " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  // Per connection: foreign keys enforced (and cascading); commits durable across a process crash
  // without an fsync each (WAL with synchronous NORMAL); the WAL copied back into the database
  // every 8000 pages (32 MiB) rather than SQLite's 1000: pages written by many documents in a row
  // (the full-text index, the tables' upper levels) are then copied once, which halves the time
  // a document takes to store (docs/PERFORMANCE.md).
  if (Status s = impl->Exec(
          "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 8000",
          "configuring " + path);
      !s.ok()) {
    return s;
  }
  if (Status s = impl->Migrate(); !s.ok()) return s;
  if (options.read_only) {
    if (Status s = impl->Exec("PRAGMA query_only = ON", "opening read-only"); !s.ok()) return s;
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

const std::string& Database::path() const { return impl_->path; }

int Database::LatestSchemaVersion() { return SchemaMigrationCount(); }

Result<int> Database::SchemaVersion() {
  Result<long long> v = impl_->PragmaInt("PRAGMA user_version");
  if (!v.ok()) return v.status();
  return static_cast<int>(*v);
}

Result<long long> Database::BeginRun(const std::string& arguments) {
  Result<Statement*> stmt = impl_->Get(
      "INSERT INTO runs (started_at, arguments, tsuzuri_version) "
      "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(arguments, kTsuzuriVersion); !s.ok()) return s;
  if (Status s = (*stmt)->Run(); !s.ok()) return s;
  return static_cast<long long>(sqlite3_last_insert_rowid(impl_->db.get()));
}

Status Database::FinishRun(long long run_id, const RunCounts& counts) {
  Result<Statement*> stmt = impl_->Get(
      "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), loaded = ?, "
      "skipped = ?, failed = ?, ignored = ?, findings = ?, messages = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(counts.loaded, counts.skipped, counts.failed, counts.ignored,
                               counts.findings, counts.messages, run_id);
      !s.ok()) {
    return s;
  }
  return (*stmt)->Run();
}

Result<bool> Database::HasLoaded(const std::string& sha256) {
  Result<Statement*> stmt = impl_->Get(
      "SELECT 1 FROM documents WHERE sha256 = ? AND status IN ('loaded', 'unknown-form')");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(sha256); !s.ok()) return s;
  Result<bool> row = (*stmt)->Step();
  (*stmt)->Reset();
  return row;
}

Status Database::Impl::DeleteChildren(long long document_id) {
  static const char* const kDeletes[] = {
      "DELETE FROM pages WHERE document_id = ?",       "DELETE FROM measures WHERE document_id = ?",
      "DELETE FROM initiatives WHERE document_id = ?", "DELETE FROM findings WHERE document_id = ?",
      "DELETE FROM cells WHERE document_id = ?",
  };
  for (const char* sql : kDeletes) {
    Result<Statement*> stmt = Get(sql);
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(document_id); !s.ok()) return s;
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

// A path that could not be read earlier has a row without content hash; once the file is read,
// that row is superseded by the one for its content.
Status Database::Impl::RemoveUnreadable(const std::string& abs_path, long long keep_id) {
  Result<Statement*> stmt =
      Get("DELETE FROM documents WHERE sha256 IS NULL AND path = ? AND id <> ?");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(abs_path, keep_id); !s.ok()) return s;
  return (*stmt)->Run();
}

Status Database::Impl::AddNameRow(long long document_id, const std::string& abs_path,
                                  long long run_id) {
  Result<Statement*> stmt = Get(
      "INSERT OR IGNORE INTO document_names (document_id, path, file_name, first_seen_at, run_id) "
      "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(document_id, abs_path, FileName(abs_path), run_id); !s.ok()) {
    return s;
  }
  return (*stmt)->Run();
}

Status Database::Impl::WriteRecord(long long document_id, const Processed& processed) {
  const Document& doc = processed.document;
  const Record& rec = processed.record;
  {
    Result<Statement*> stmt =
        Get("INSERT INTO pages (document_id, number, method, width, height, rotation, text_layer, "
            "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    for (const Page& page : doc.pages) {
      if (Status s = (*stmt)->Exec(document_id, page.number, PageMethodName(page.method),
                                   page.width, page.height, page.rotation,
                                   TextLayerName(page.text_layer), PageText(page));
          !s.ok())
        return s;
    }
  }
  {
    Result<Statement*> stmt =
        Get("INSERT INTO cells (document_id, page, table_no, row, col, row_span, col_span, box_x0, "
            "box_y0, box_x1, box_y1, raw_text, text, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    for (const Page& page : doc.pages) {
      for (size_t t = 0; t < page.tables.size(); ++t) {
        for (const Cell& c : page.tables[t].cells) {
          if (Status s = (*stmt)->Exec(document_id, page.number, static_cast<int>(t + 1), c.row,
                                       c.col, c.row_span, c.col_span, c.box.x0, c.box.y0, c.box.x1,
                                       c.box.y1, c.raw_text, c.text, c.confidence);
              !s.ok())
            return s;
        }
      }
    }
  }
  {
    Result<Statement*> stmt =
        Get("INSERT INTO measures (document_id, section, institution, is_total, period, metric, "
            "value, unit, status, confidence, page, box_x0, box_y0, box_x1, box_y1, raw_text, "
            "readings, second_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    for (const Measure& m : rec.measures) {
      if (Status s =
              (*stmt)->Exec(document_id, m.section, m.institution, m.is_total, m.period, m.metric,
                            m.value, m.unit, ValueStatusName(m.status), m.confidence, m.page,
                            m.box.x0, m.box.y0, m.box.x1, m.box.y1, m.raw_text,
                            m.second_read ? 2 : 1, m.second_read ? m.second_value : std::nullopt);
          !s.ok())
        return s;
    }
  }
  {
    Result<Statement*> stmt =
        Get("INSERT INTO initiatives (document_id, no, title, content, current, target, actual, "
            "page) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    for (const Initiative& i : rec.initiatives) {
      if (Status s = (*stmt)->Exec(document_id, i.no, i.title, i.content, i.current, i.target,
                                   i.actual, i.page);
          !s.ok())
        return s;
    }
  }
  {
    Result<Statement*> stmt =
        Get("INSERT INTO findings (document_id, rule, severity, section, period, metric, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.status();
    for (const Finding& f : rec.findings) {
      if (Status s = (*stmt)->Exec(document_id, f.rule, SeverityName(f.severity), f.section,
                                   f.period, f.metric, f.message);
          !s.ok())
        return s;
    }
  }
  return Status::Ok();
}

Result<SaveOutcome> Database::SaveDocument(const Processed& processed, long long run_id,
                                           const std::string& path, bool replace,
                                           std::optional<std::string_view> original) {
  const Document& doc = processed.document;
  const Record& rec = processed.record;
  const std::string& sha256 = !doc.sha256.empty() ? doc.sha256 : rec.sha256;
  if (sha256.size() != 64) {
    return Status::InvalidArgument(path + ": a document needs its SHA-256 to be stored");
  }
  const std::string abs_path = AbsolutePath(path);
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;

  std::optional<long long> existing;
  {
    Result<Statement*> stmt = impl_->Get("SELECT id, status FROM documents WHERE sha256 = ?");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(sha256); !s.ok()) return s;
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      existing = (*stmt)->Int(0);
      const bool loaded = (*stmt)->Text(1) != "failed";
      (*stmt)->Reset();
      // Loaded meanwhile by another process: keep its rows, remember this name.
      if (loaded && !replace) {
        if (Status s = impl_->AddNameRow(*existing, abs_path, run_id); !s.ok()) return s;
        if (original.has_value()) {
          if (Status s = impl_->PutOriginalRow(sha256, *original); !s.ok()) return s;
        }
        if (Status s = tx.Commit(); !s.ok()) return s;
        return SaveOutcome::kAlreadyLoaded;
      }
    }
    (*stmt)->Reset();
  }

  const DocumentStatus status =
      rec.form.has_value() ? DocumentStatus::kLoaded : DocumentStatus::kUnknownForm;
  const int page_count = rec.page_count > 0 ? rec.page_count : static_cast<int>(doc.pages.size());
  const long long size = doc.size;
  const std::optional<std::string> kind =
      doc.kind.empty() ? std::nullopt : std::optional<std::string>(doc.kind);
  long long document_id = 0;
  if (existing.has_value()) {
    document_id = *existing;
    Result<Statement*> stmt = impl_->Get(
        "UPDATE documents SET file_name = ?, path = ?, size = ?, kind = coalesce(?, kind), "
        "page_count = ?, form = ?, template_id = ?, fiscal_year = ?, group_name = ?, status = ?, "
        "error = NULL, ingested_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), run_id = ? "
        "WHERE id = ?");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(FileName(abs_path), abs_path, size, kind, page_count, rec.form,
                                 rec.template_id, rec.fiscal_year, rec.group_name,
                                 DocumentStatusName(status), run_id, document_id);
        !s.ok()) {
      return s;
    }
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    if (Status s = impl_->DeleteChildren(document_id); !s.ok()) return s;
  } else {
    Result<Statement*> stmt = impl_->Get(
        "INSERT INTO documents (sha256, file_name, path, size, kind, page_count, form, "
        "template_id, fiscal_year, group_name, status, ingested_at, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(sha256, FileName(abs_path), abs_path, size, kind, page_count,
                                 rec.form, rec.template_id, rec.fiscal_year, rec.group_name,
                                 DocumentStatusName(status), run_id);
        !s.ok()) {
      return s;
    }
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    document_id = sqlite3_last_insert_rowid(impl_->db.get());
  }
  if (Status s = impl_->WriteRecord(document_id, processed); !s.ok()) return s;
  if (original.has_value()) {
    if (Status s = impl_->PutOriginalRow(sha256, *original); !s.ok()) return s;
  }
  if (Status s = impl_->AddNameRow(document_id, abs_path, run_id); !s.ok()) return s;
  if (Status s = impl_->RemoveUnreadable(abs_path, document_id); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return existing.has_value() ? SaveOutcome::kReplaced : SaveOutcome::kInserted;
}

Status Database::PutOriginal(const std::string& sha256, std::string_view bytes) {
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  if (Status s = impl_->PutOriginalRow(sha256, bytes); !s.ok()) return s;
  return tx.Commit();
}

Result<std::string> Database::GetOriginal(const std::string& sha256) {
  Result<Statement*> stmt = impl_->Get("SELECT bytes FROM originals WHERE sha256 = ?");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(sha256); !s.ok()) return s;
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no original kept for content " + sha256);
  std::string bytes = (*stmt)->Bytes(0);
  (*stmt)->Reset();
  return bytes;
}

Result<int> Database::IndexPendingPages() {
  {
    Result<Statement*> stmt = impl_->Get("SELECT count(*) FROM pages_fts_pending");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    const long long queued = *row ? (*stmt)->Int(0) : 0;
    (*stmt)->Reset();
    if (queued == 0) return 0;  // no write lock taken for nothing
  }
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  Result<Statement*> index = impl_->Get(
      "INSERT INTO pages_fts (rowid, text) SELECT p.id, p.text FROM pages_fts_pending AS q "
      "JOIN pages AS p ON p.id = q.page_id ORDER BY p.id");
  if (!index.ok()) return index.status();
  if (Status s = (*index)->Run(); !s.ok()) return s;
  const int indexed = sqlite3_changes(impl_->db.get());
  Result<Statement*> clear = impl_->Get("DELETE FROM pages_fts_pending");
  if (!clear.ok()) return clear.status();
  if (Status s = (*clear)->Run(); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return indexed;
}

Status Database::SetAutoCheckpoint(bool on) {
  return impl_->Exec(on ? "PRAGMA wal_autocheckpoint = 8000" : "PRAGMA wal_autocheckpoint = 0",
                     "setting the checkpoint interval");
}

Status Database::Checkpoint() {
  return impl_->Exec("PRAGMA wal_checkpoint(PASSIVE)", "copying the write-ahead log back");
}

Status Database::SaveFailure(const FailedFile& failure, long long run_id,
                             std::optional<std::string_view> original) {
  const std::string abs_path = AbsolutePath(failure.path);
  const std::optional<std::string> kind =
      failure.kind.empty() ? std::nullopt : std::optional<std::string>(failure.kind);
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  std::optional<long long> existing;
  {
    Result<Statement*> stmt =
        failure.sha256.has_value()
            ? impl_->Get("SELECT id, status FROM documents WHERE sha256 = ?")
            : impl_->Get("SELECT id, status FROM documents WHERE sha256 IS NULL AND path = ?");
    if (!stmt.ok()) return stmt.status();
    Status bound =
        failure.sha256.has_value() ? (*stmt)->Bind(*failure.sha256) : (*stmt)->Bind(abs_path);
    if (!bound.ok()) return bound;
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      existing = (*stmt)->Int(0);
      const bool loaded = (*stmt)->Text(1) != "failed";
      (*stmt)->Reset();
      if (loaded) return Status::Ok();  // keep good data; the caller reports the failure
    }
    (*stmt)->Reset();
  }
  long long document_id = 0;
  if (existing.has_value()) {
    document_id = *existing;
    Result<Statement*> stmt = impl_->Get(
        "UPDATE documents SET file_name = ?, path = ?, size = coalesce(?, size), "
        "kind = coalesce(?, kind), error = ?, ingested_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
        "'now'), run_id = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(FileName(abs_path), abs_path, failure.size, kind, failure.error,
                                 run_id, document_id);
        !s.ok()) {
      return s;
    }
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
  } else {
    Result<Statement*> stmt = impl_->Get(
        "INSERT INTO documents (sha256, file_name, path, size, kind, status, error, ingested_at, "
        "run_id) VALUES (?, ?, ?, ?, ?, 'failed', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(failure.sha256, FileName(abs_path), abs_path, failure.size, kind,
                                 failure.error, run_id);
        !s.ok()) {
      return s;
    }
    if (Status s = (*stmt)->Run(); !s.ok()) return s;
    document_id = sqlite3_last_insert_rowid(impl_->db.get());
  }
  if (failure.sha256.has_value()) {
    if (original.has_value()) {
      if (Status s = impl_->PutOriginalRow(*failure.sha256, *original); !s.ok()) return s;
    }
    if (Status s = impl_->AddNameRow(document_id, abs_path, run_id); !s.ok()) return s;
    if (Status s = impl_->RemoveUnreadable(abs_path, document_id); !s.ok()) return s;
  }
  return tx.Commit();
}

Result<bool> Database::AddName(const std::string& sha256, const std::string& path,
                               long long run_id) {
  const std::string abs_path = AbsolutePath(path);
  // Read first: a re-run over an unchanged folder must not take the write lock once per file.
  std::optional<long long> document_id;
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT d.id, EXISTS (SELECT 1 FROM document_names AS n "
        "                     WHERE n.document_id = d.id AND n.path = ?2), "
        "       EXISTS (SELECT 1 FROM documents AS u WHERE u.sha256 IS NULL AND u.path = ?2) "
        "FROM documents AS d WHERE d.sha256 = ?1");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(sha256, abs_path); !s.ok()) return s;
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) {
      (*stmt)->Reset();
      return Status::NotFound("no document with content " + sha256);
    }
    document_id = (*stmt)->Int(0);
    const bool known = (*stmt)->Int(1) != 0;
    const bool stale_failure = (*stmt)->Int(2) != 0;
    (*stmt)->Reset();
    if (known && !stale_failure) return false;
  }
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  const int before = sqlite3_total_changes(impl_->db.get());
  if (Status s = impl_->AddNameRow(*document_id, abs_path, run_id); !s.ok()) return s;
  const bool added = sqlite3_total_changes(impl_->db.get()) != before;
  if (Status s = impl_->RemoveUnreadable(abs_path, *document_id); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return added;
}

Result<std::vector<std::string>> Database::Names(const std::string& sha256) {
  Result<Statement*> stmt = impl_->Get(
      "SELECT DISTINCT n.file_name FROM document_names AS n JOIN documents AS d "
      "ON d.id = n.document_id WHERE d.sha256 = ? ORDER BY n.file_name");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(sha256); !s.ok()) return s;
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    names.push_back((*stmt)->Text(0));
  }
  return names;
}

Result<StoreSummary> Database::Summary(int last_runs) {
  StoreSummary summary;
  Result<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  summary.schema_version = *version;
  {
    Result<long long> queued = impl_->PragmaInt("SELECT count(*) FROM pages_fts_pending");
    if (!queued.ok()) return queued.status();
    summary.pages_to_index = static_cast<int>(*queued);
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT form, fiscal_year, status, count(*) FROM documents "
        "GROUP BY form, fiscal_year, status ORDER BY form IS NULL, form, fiscal_year, status");
    if (!stmt.ok()) return stmt.status();
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      summary.documents.push_back({(*stmt)->OptText(0), (*stmt)->OptInt(1), (*stmt)->Text(2),
                                   static_cast<int>((*stmt)->Int(3))});
    }
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT rule, severity, count(*), count(DISTINCT document_id) FROM findings "
        "WHERE resolved_at IS NULL GROUP BY rule, severity ORDER BY count(*) DESC, rule");
    if (!stmt.ok()) return stmt.status();
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      summary.open_findings.push_back({(*stmt)->Text(0), (*stmt)->Text(1),
                                       static_cast<int>((*stmt)->Int(2)),
                                       static_cast<int>((*stmt)->Int(3))});
    }
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT path, sha256, size, kind, error FROM documents WHERE status = 'failed' "
        "ORDER BY ingested_at DESC, path");
    if (!stmt.ok()) return stmt.status();
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      FailedFile f;
      f.path = (*stmt)->Text(0);
      f.sha256 = (*stmt)->OptText(1);
      if (!(*stmt)->IsNull(2)) f.size = (*stmt)->Int(2);
      f.kind = (*stmt)->Text(3);
      f.error = (*stmt)->Text(4);
      summary.failures.push_back(std::move(f));
    }
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT id, started_at, finished_at, arguments, loaded, skipped, failed, ignored, "
        "findings, messages FROM runs ORDER BY id DESC LIMIT ?");
    if (!stmt.ok()) return stmt.status();
    if (Status s = (*stmt)->Bind(last_runs); !s.ok()) return s;
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      RunInfo run;
      run.id = (*stmt)->Int(0);
      run.started_at = (*stmt)->Text(1);
      run.finished_at = (*stmt)->OptText(2);
      run.arguments = (*stmt)->Text(3);
      run.counts = {static_cast<int>((*stmt)->Int(4)), static_cast<int>((*stmt)->Int(5)),
                    static_cast<int>((*stmt)->Int(6)), static_cast<int>((*stmt)->Int(7)),
                    static_cast<int>((*stmt)->Int(8)), static_cast<int>((*stmt)->Int(9))};
      summary.runs.push_back(std::move(run));
    }
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT count(*), count(*) FILTER (WHERE outcome = 'documents') FROM messages");
    if (!stmt.ok()) return stmt.status();
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    summary.messages = static_cast<int>((*stmt)->Int(0));
    summary.messages_with_documents = static_cast<int>((*stmt)->Int(1));
    (*stmt)->Reset();
  }
  {
    Result<Statement*> stmt = impl_->Get(
        "SELECT mailbox, location, coalesce(subject, ''), coalesce(from_address, ''), "
        "coalesce(date, ''), coalesce(error, '') FROM messages WHERE outcome IN ('failed', "
        "'reading') OR failures > 0 ORDER BY seen_at DESC, id DESC");
    if (!stmt.ok()) return stmt.status();
    for (;;) {
      Result<bool> row = (*stmt)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      summary.message_failures.push_back({(*stmt)->Text(0), (*stmt)->Text(1), (*stmt)->Text(2),
                                          (*stmt)->Text(3), (*stmt)->Text(4), (*stmt)->Text(5)});
    }
  }
  return summary;
}

Result<std::vector<SearchHit>> Database::Search(const std::vector<std::string>& words, int limit) {
  std::vector<std::string> all, indexed_words, scanned_words;
  for (const std::string& w : words) {
    if (w.empty()) continue;
    all.push_back(w);
    // The trigram index finds substrings of three characters or more, through LIKE without an
    // ESCAPE clause (with one, SQLite does not hand the pattern to the index). Shorter words
    // (common in Japanese: 訪問, 医師) and words holding LIKE's own % or _ are looked for in the
    // text itself.
    const bool plain = w.find_first_of("%_") == std::string::npos;
    (CodePoints(w) >= 3 && plain ? indexed_words : scanned_words).push_back(w);
  }
  if (all.empty()) return Status::InvalidArgument("search needs at least one word");
  // Parameters in order of appearance; LIKE ignores case in ASCII letters, as the index does.
  std::vector<std::string> params;
  auto param = [&](std::string value) {
    params.push_back(std::move(value));
    return "?" + std::to_string(params.size());
  };
  auto scan = [&](const std::string& text_sql, const std::vector<std::string>& these) {
    std::string sql;
    for (const std::string& w : these) {
      sql += " AND " + text_sql + " LIKE " + param(LikePattern(w)) + " ESCAPE '\\'";
    }
    return sql;
  };
  std::string page_conditions;
  if (!indexed_words.empty()) {
    std::string index_query;
    for (const std::string& w : indexed_words) {
      index_query +=
          std::string(index_query.empty() ? "" : " AND ") + "text LIKE " + param("%" + w + "%");
    }
    // Pages still queued for the index (IndexPendingPages) are scanned.
    page_conditions = " AND (p.id IN (SELECT rowid FROM pages_fts WHERE " + index_query +
                      ") OR (p.id IN (SELECT page_id FROM pages_fts_pending)" +
                      scan("p.text", indexed_words) + "))";
  }
  page_conditions += scan("p.text", scanned_words);
  const std::string initiative_conditions = scan(std::string("(") + kInitiativeText + ")", all);
  const int limit_index = static_cast<int>(params.size()) + 1;
  const std::string sql =
      "SELECT * FROM ("
      " SELECT d.id, d.file_name, d.path, d.fiscal_year, d.group_name, 'page', p.number, 0, p.text"
      " FROM pages AS p JOIN documents AS d ON d.id = p.document_id WHERE 1" +
      page_conditions +
      " UNION ALL"
      " SELECT d.id, d.file_name, d.path, d.fiscal_year, d.group_name, 'initiative', i.page,"
      " i.no, " +
      std::string(kInitiativeText) +
      " FROM initiatives AS i JOIN documents AS d ON d.id = i.document_id WHERE 1" +
      initiative_conditions + ") ORDER BY 1, 7, 6 DESC, 8 LIMIT ?" + std::to_string(limit_index);
  Result<std::unique_ptr<Statement>> stmt = impl_->Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Statement& st = **stmt;
  for (size_t i = 0; i < params.size(); ++i) {
    if (Status s = st.BindAt(static_cast<int>(i + 1), params[i]); !s.ok()) return s;
  }
  if (Status s = st.BindAt(limit_index, limit); !s.ok()) return s;
  std::vector<SearchHit> hits;
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    SearchHit hit;
    hit.document_id = st.Int(0);
    hit.file_name = st.Text(1);
    hit.path = st.Text(2);
    hit.fiscal_year = st.OptInt(3);
    hit.group_name = st.OptText(4);
    hit.where = st.Text(5);
    hit.page = static_cast<int>(st.Int(6));
    hit.initiative = static_cast<int>(st.Int(7));
    hit.text = st.Text(8);
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<std::vector<std::string>> Database::TableNames() {
  Result<Statement*> stmt = impl_->Get(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '%\\_fts' ESCAPE '\\' "
      "AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' AND name <> 'originals' ORDER BY name");
  if (!stmt.ok()) return stmt.status();
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    names.push_back((*stmt)->Text(0));
  }
  return names;
}

Status Database::ReadTable(const std::string& table,
                           const std::function<Status(const std::vector<std::string>&)>& on_columns,
                           const std::function<Status(const std::vector<SqlValue>&)>& on_row) {
  Result<std::vector<std::string>> names = TableNames();
  if (!names.ok()) return names.status();
  if (std::find(names->begin(), names->end(), table) == names->end()) {
    std::string known;
    for (const std::string& n : *names) known += (known.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("no table or view '" + table + "' (there are: " + known + ")");
  }
  // The name is one of the schema's own (checked above), so quoting it is enough.
  Result<std::unique_ptr<Statement>> stmt = impl_->Prepare("SELECT * FROM \"" + table + "\"");
  if (!stmt.ok()) return stmt.status();
  Statement& st = **stmt;
  std::vector<std::string> columns;
  for (int i = 0; i < st.ColumnCount(); ++i) columns.push_back(st.ColumnName(i));
  if (Status s = on_columns(columns); !s.ok()) return s;
  std::vector<SqlValue> values(columns.size());
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    for (int i = 0; i < st.ColumnCount(); ++i) values[static_cast<size_t>(i)] = st.Value(i);
    if (Status s = on_row(values); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<bool> Database::HasMessage(const std::string& sha256) {
  Result<Statement*> stmt = impl_->Get(
      "SELECT 1 FROM messages WHERE sha256 = ? AND outcome IN ('documents', 'no-documents')");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(sha256); !s.ok()) return s;
  Result<bool> row = (*stmt)->Step();
  (*stmt)->Reset();
  return row;
}

Result<bool> Database::HasMessageAt(const std::string& mailbox, const std::string& location) {
  Result<Statement*> stmt = impl_->Get(
      "SELECT 1 FROM messages WHERE mailbox = ? AND location = ? "
      "AND outcome IN ('documents', 'no-documents')");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(mailbox, location); !s.ok()) return s;
  Result<bool> row = (*stmt)->Step();
  (*stmt)->Reset();
  return row;
}

Result<std::vector<long long>> Database::DoneUids(const std::string& mailbox,
                                                  long long uidvalidity) {
  Result<Statement*> stmt = impl_->Get(
      "SELECT uid FROM messages WHERE mailbox = ? AND uidvalidity = ? AND uid IS NOT NULL "
      "AND outcome IN ('documents', 'no-documents') ORDER BY uid");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(mailbox, uidvalidity); !s.ok()) return s;
  std::vector<long long> uids;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    uids.push_back((*stmt)->Int(0));
  }
  return uids;
}

Result<long long> Database::BeginMessage(const MessageRecord& m, long long run_id) {
  auto opt = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  Result<Statement*> stmt = impl_->Get(
      "INSERT INTO messages (sha256, message_id, mailbox, location, uidvalidity, uid, date, "
      "from_address, subject, size, outcome, seen_at, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10, 'reading', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?11) "
      "ON CONFLICT (sha256) DO UPDATE SET mailbox = ?3, location = ?4, uidvalidity = ?5, "
      "uid = ?6, outcome = 'reading', error = NULL, seen_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
      "'now'), run_id = ?11 RETURNING id");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Bind(m.sha256, opt(m.message_id), m.mailbox, m.location, m.uidvalidity,
                               m.uid, opt(m.date), opt(m.from), opt(m.subject), m.size, run_id);
      !s.ok()) {
    return s;
  }
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("recording a message returned no row");
  const long long id = (*stmt)->Int(0);
  (*stmt)->Reset();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return id;
}

Status Database::FinishMessage(long long message_row, MessageOutcome outcome,
                               const std::string& error, int documents, int failures) {
  Result<Statement*> stmt = impl_->Get(
      "UPDATE messages SET outcome = ?, error = ?, documents = ?, failures = ? WHERE id = ?");
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->Exec(MessageOutcomeName(outcome),
                       error.empty() ? std::nullopt : std::optional<std::string>(error), documents,
                       failures, message_row);
}

Status Database::AddSource(const std::string& sha256, long long message_row,
                           const std::string& part, const std::string& file_name,
                           long long run_id) {
  Result<Statement*> stmt = impl_->Get(
      "INSERT OR IGNORE INTO document_sources (document_id, message_id, part, file_name, run_id) "
      "SELECT id, ?, ?, ?, ? FROM documents WHERE sha256 = ?");
  if (!stmt.ok()) return stmt.status();
  if (Status s = (*stmt)->Exec(message_row, part, file_name, run_id, sha256); !s.ok()) return s;
  if (sqlite3_changes(impl_->db.get()) == 0) {
    Result<Statement*> exists = impl_->Get("SELECT 1 FROM documents WHERE sha256 = ?");
    if (!exists.ok()) return exists.status();
    if (Status s = (*exists)->Bind(sha256); !s.ok()) return s;
    Result<bool> row = (*exists)->Step();
    (*exists)->Reset();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no document with content " + sha256);
  }
  return Status::Ok();
}

Status Database::CheckIntegrity() {
  Result<std::unique_ptr<Statement>> stmt = impl_->Prepare("PRAGMA integrity_check");
  if (!stmt.ok()) return stmt.status();
  std::string answer;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!answer.empty()) answer += "; ";
    answer += (*stmt)->Text(0);
  }
  if (answer == "ok") return Status::Ok();
  return Status::Corruption(impl_->path + ": integrity check: " + answer);
}

Status Database::Query(std::string_view sql, const std::vector<SqlValue>& params,
                       const std::function<Status(const std::vector<SqlValue>&)>& on_row) {
  auto cached = impl_->query_cache.find(sql);
  std::unique_ptr<Statement> fresh;
  Statement* stmt = nullptr;
  bool* busy = nullptr;
  if (cached != impl_->query_cache.end() && !cached->second.second) {
    stmt = cached->second.first.get();
    busy = &cached->second.second;
    stmt->Reset();
  } else {
    Result<std::unique_ptr<Statement>> prepared = impl_->Prepare(sql, SQLITE_PREPARE_PERSISTENT);
    if (!prepared.ok()) return prepared.status();
    if (cached == impl_->query_cache.end()) {
      auto& slot = impl_->query_cache[std::string(sql)];
      slot.first = std::move(*prepared);
      stmt = slot.first.get();
      busy = &slot.second;
    } else {
      fresh = std::move(*prepared);  // the cached one is running: a second, used once
      stmt = fresh.get();
    }
  }
  struct Release {
    Statement* stmt;
    bool* busy;
    ~Release() {
      stmt->Reset();
      if (busy != nullptr) *busy = false;
    }
  } release{stmt, busy};
  if (busy != nullptr) *busy = true;
  Statement& st = *stmt;
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    Status s = std::visit(
        [&](const auto& v) -> Status {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return st.BindAt(index, std::nullopt);
          } else {
            return st.BindAt(index, v);
          }
        },
        params[i]);
    if (!s.ok()) return s;
  }
  std::vector<SqlValue> values(static_cast<size_t>(st.ColumnCount()));
  for (;;) {
    Result<bool> row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    if (!on_row) continue;
    for (int i = 0; i < st.ColumnCount(); ++i) values[static_cast<size_t>(i)] = st.Value(i);
    if (Status s = on_row(values); !s.ok()) return s;
  }
}

Status Database::InWriteTransaction(const std::function<Status()>& body) {
  Transaction tx(impl_->db.get());
  if (Status s = tx.Begin(); !s.ok()) return s;
  if (Status s = body(); !s.ok()) return s;
  return tx.Commit();
}

}  // namespace tsuzuri
