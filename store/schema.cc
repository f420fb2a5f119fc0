#include "store/schema.h"

#include <iterator>

namespace tsuzuri {
namespace {

// Migration 1: the first schema. docs/schema.md describes every table, column and view; keep the
// two in step. A later change is a new migration appended below, never an edit of this one.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  arguments       TEXT NOT NULL,
  tsuzuri_version TEXT NOT NULL,
  loaded          INTEGER NOT NULL DEFAULT 0,
  skipped         INTEGER NOT NULL DEFAULT 0,
  failed          INTEGER NOT NULL DEFAULT 0,
  ignored         INTEGER NOT NULL DEFAULT 0,
  findings        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT UNIQUE CHECK (sha256 IS NULL OR length(sha256) = 64),
  file_name   TEXT NOT NULL,
  path        TEXT NOT NULL,
  size        INTEGER,
  kind        TEXT,
  page_count  INTEGER,
  form        TEXT,
  template_id TEXT,
  fiscal_year INTEGER,
  group_name  TEXT,
  status      TEXT NOT NULL CHECK (status IN ('loaded', 'failed', 'unknown-form')),
  error       TEXT,
  ingested_at TEXT NOT NULL,
  run_id      INTEGER REFERENCES runs (id),
  CHECK (sha256 IS NOT NULL OR status = 'failed')
);
CREATE UNIQUE INDEX documents_unreadable_path ON documents (path) WHERE sha256 IS NULL;

CREATE TABLE document_names (
  document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  path          TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  run_id        INTEGER REFERENCES runs (id),
  PRIMARY KEY (document_id, path)
) WITHOUT ROWID;

CREATE TABLE pages (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  method      TEXT NOT NULL CHECK (method IN ('text', 'ocr')),
  width       REAL NOT NULL,
  height      REAL NOT NULL,
  rotation    INTEGER NOT NULL,
  text_layer  TEXT NOT NULL CHECK (text_layer IN ('usable', 'empty', 'garbage')),
  text        TEXT NOT NULL,
  UNIQUE (document_id, number)
);

CREATE TABLE measures (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  section     TEXT NOT NULL,
  institution TEXT,
  is_total    INTEGER NOT NULL CHECK (is_total IN (0, 1)),
  period      TEXT NOT NULL,
  metric      TEXT NOT NULL,
  value       INTEGER,
  unit        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ok', 'review')),
  confidence  REAL NOT NULL,
  page        INTEGER NOT NULL,
  box_x0      REAL NOT NULL,
  box_y0      REAL NOT NULL,
  box_x1      REAL NOT NULL,
  box_y1      REAL NOT NULL,
  raw_text    TEXT NOT NULL
);
CREATE INDEX measures_document ON measures (document_id);

CREATE TABLE initiatives (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  no          INTEGER NOT NULL,
  title       TEXT NOT NULL,
  content     TEXT NOT NULL,
  current     TEXT NOT NULL,
  target      TEXT NOT NULL,
  actual      TEXT NOT NULL,
  page        INTEGER NOT NULL
);
CREATE INDEX initiatives_document ON initiatives (document_id);

CREATE TABLE findings (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  rule        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  section     TEXT NOT NULL,
  period      TEXT NOT NULL,
  metric      TEXT NOT NULL,
  message     TEXT NOT NULL,
  resolved_at TEXT,
  resolution  TEXT
);
CREATE INDEX findings_document ON findings (document_id);

-- The full-text index (trigram: any substring of three characters or more, which suits Japanese)
-- over the pages' text, which holds the initiatives' table too. External content: the text lives
-- once, in pages; triggers keep the index in step. Initiatives get no index of their own: a second
-- FTS table costs as much per document as all the other writes together, and a few rows per
-- document are scanned in no time. No index on measures beyond document_id either: every index is
-- written at random places on each insert (a third of a document's write cost), while the views
-- read measures whole.
CREATE VIRTUAL TABLE pages_fts USING fts5 (
  text, content = 'pages', content_rowid = 'id', tokenize = 'trigram');
-- Merge the index's segments less eagerly than FTS5's default (4): fewer pages rewritten per
-- document, a query or two more segments to read.
INSERT INTO pages_fts (pages_fts, rank) VALUES ('automerge', 8);
CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
  INSERT INTO pages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO pages_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Views an analyst wants first.
CREATE VIEW measure_values AS
SELECT m.id AS measure_id, d.id AS document_id, d.file_name, d.form, d.template_id,
       d.fiscal_year, d.group_name, m.section, m.institution, m.is_total, m.period, m.metric,
       m.value, m.unit, m.status, m.confidence, m.page, m.raw_text
FROM measures AS m JOIN documents AS d ON d.id = m.document_id;

CREATE VIEW group_totals AS
SELECT fiscal_year, group_name, section, metric, period, value, unit, status, document_id,
       file_name
FROM measure_values
WHERE is_total = 1 OR institution IS NULL;

CREATE VIEW year_totals AS
SELECT fiscal_year, section, metric, period, unit, SUM(value) AS value,
       COUNT(value) AS groups, COUNT(*) - COUNT(value) AS groups_missing
FROM group_totals
GROUP BY fiscal_year, section, metric, period, unit;

CREATE VIEW open_findings AS
SELECT f.id AS finding_id, d.id AS document_id, d.file_name, d.fiscal_year, d.group_name,
       f.rule, f.severity, f.section, f.period, f.metric, f.message
FROM findings AS f JOIN documents AS d ON d.id = f.document_id
WHERE f.resolved_at IS NULL;
)sql";

// Migration 2: the cells of every ruled table, so a document's tables (of a known form or not) can
// be read back by row and column.
constexpr const char* kMigration2 = R"sql(
CREATE TABLE cells (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  page        INTEGER NOT NULL,
  table_no    INTEGER NOT NULL,
  row         INTEGER NOT NULL,
  col         INTEGER NOT NULL,
  row_span    INTEGER NOT NULL,
  col_span    INTEGER NOT NULL,
  box_x0 REAL, box_y0 REAL, box_x1 REAL, box_y1 REAL,
  raw_text    TEXT NOT NULL,
  text        TEXT NOT NULL,
  confidence  REAL NOT NULL,
  PRIMARY KEY (document_id, page, table_no, row, col)
) WITHOUT ROWID;
)sql";

// Migration 3: pages are indexed for full-text search in batches, not one document at a time. A
// document's transaction queues its pages in pages_fts_pending (a trigger); IndexPendingPages()
// moves the queue into pages_fts in one transaction of its own. Each FTS5 commit costs about the
// same whatever it holds, so this takes most of the index's cost off every document. A crash leaves
// the queue, never a wrong index: the next batch indexes what is queued. A page deleted while
// still queued only leaves the queue (an external-content index must never be told to delete a row
// it does not hold). The index is made again with detail = 'none': it keeps which pages hold a
// trigram, not where, which costs a third less to write; a substring is then looked up with
// `text LIKE '%...%'` on pages_fts (FTS5 hands a LIKE pattern to the trigram index and checks the
// page's text), as phrase queries (MATCH '"..."') need the positions. The pages already stored
// are queued, so the next ingest indexes them again.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE pages_fts_pending (page_id INTEGER PRIMARY KEY);
DROP TRIGGER pages_fts_insert;
DROP TRIGGER pages_fts_delete;
DROP TRIGGER pages_fts_update;
DROP TABLE pages_fts;
CREATE VIRTUAL TABLE pages_fts USING fts5 (
  text, content = 'pages', content_rowid = 'id', tokenize = 'trigram', detail = 'none');
INSERT INTO pages_fts (pages_fts, rank) VALUES ('automerge', 8);
INSERT INTO pages_fts_pending (page_id) SELECT id FROM pages;
CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
  INSERT INTO pages_fts_pending (page_id) VALUES (new.id);
END;
CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) SELECT 'delete', old.id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM pages_fts_pending WHERE page_id = old.id);
  DELETE FROM pages_fts_pending WHERE page_id = old.id;
END;
CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
  INSERT INTO pages_fts (pages_fts, rowid, text) SELECT 'delete', old.id, old.text
    WHERE NOT EXISTS (SELECT 1 FROM pages_fts_pending WHERE page_id = old.id);
  INSERT OR IGNORE INTO pages_fts_pending (page_id) VALUES (new.id);
END;
)sql";

// Migration 4: the original bytes of every document, by content (SHA-256), so that review and
// re-reading never depend on the file, the mailbox or the attachment still being there. Kept in the
// database rather than beside it: one file to back up and copy, and every worker or reviewer that
// can open the database can read them. The cost: the file grows by the size of the originals.
// Written in the same transaction as the document; documents stored before this migration are
// not backfilled (an ingest --force of their files keeps them).
constexpr const char* kMigration4 = R"sql(
CREATE TABLE originals (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size   INTEGER NOT NULL,
  bytes  BLOB NOT NULL
);
)sql";

// Migration 5: review (docs/review.md). A person's settlements are a layer over what was read,
// never an overwrite: `reviews` is append-only (triggers refuse UPDATE and DELETE), keyed by the
// value's key (the document's content, section, institution, total row, period, metric), not by
// measures.id, so they survive every re-reading of the document (`ingest --force`, a re-read after
// a template change): they apply again to the values with the same key. `rechecks` holds what the
// template's rules say on a document's effective values after the last settlement (derived; made
// again at each save); a row counts only while the document is as it was then (same ingested_at),
// so a re-read document shows its values as read, with the person's settlements, until its rules
// are run again. `effective_values` is what exports and status read.
constexpr const char* kMigration5 = R"sql(
CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL,
  section     TEXT NOT NULL,
  institution TEXT,
  is_total    INTEGER NOT NULL CHECK (is_total IN (0, 1)),
  period      TEXT NOT NULL,
  metric      TEXT NOT NULL,
  action      TEXT NOT NULL
              CHECK (action IN ('confirmed', 'corrected', 'as-printed', 'unreadable', 'entered')),
  old_value   INTEGER,
  new_value   INTEGER,
  note        TEXT,
  reviewer    TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  unit        TEXT,
  page        INTEGER,
  box_x0 REAL, box_y0 REAL, box_x1 REAL, box_y1 REAL
);
CREATE INDEX reviews_key ON reviews (sha256, section, institution, is_total, period, metric, id);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews BEGIN
  SELECT RAISE(ABORT, 'reviews is append-only: add a new review instead');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN
  SELECT RAISE(ABORT, 'reviews is append-only: add a new review instead');
END;

CREATE TABLE rechecks (
  sha256      TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  section     TEXT NOT NULL,
  institution TEXT,
  is_total    INTEGER NOT NULL,
  period      TEXT NOT NULL,
  metric      TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ok', 'review')),
  by_rules    INTEGER NOT NULL CHECK (by_rules IN (0, 1))
);
CREATE INDEX rechecks_key ON rechecks (sha256, section, institution, is_total, period, metric);

-- The latest review of each key: the one that counts.
CREATE VIEW latest_reviews AS
SELECT r.* FROM reviews AS r
WHERE r.id = (SELECT max(o.id) FROM reviews AS o
              WHERE o.sha256 = r.sha256 AND o.section = r.section
                AND o.institution IS r.institution AND o.is_total = r.is_total
                AND o.period = r.period AND o.metric = r.metric);

-- Keys whose first review entered a value the reading did not give.
CREATE VIEW entered_keys AS
SELECT r.* FROM latest_reviews AS r
WHERE (SELECT o.action FROM reviews AS o
       WHERE o.sha256 = r.sha256 AND o.section = r.section AND o.institution IS r.institution
         AND o.is_total = r.is_total AND o.period = r.period AND o.metric = r.metric
       ORDER BY o.id LIMIT 1) = 'entered';

CREATE VIEW effective_values AS
SELECT m.id AS measure_id, d.id AS document_id, d.file_name, d.form, d.template_id,
       d.fiscal_year, d.group_name, m.section, m.institution, m.is_total, m.period, m.metric,
       CASE WHEN r.id IS NULL THEN m.value ELSE r.new_value END AS value, m.unit,
       CASE WHEN r.id IS NOT NULL THEN 'ok' ELSE coalesce(c.status, m.status) END AS status,
       m.confidence, m.page, m.raw_text,
       m.value AS read_value, m.box_x0, m.box_y0, m.box_x1, m.box_y1,
       CASE WHEN r.id IS NOT NULL THEN r.action WHEN c.by_rules = 1 THEN 'rules' END
         AS settlement,
       CASE WHEN r.id IS NOT NULL THEN r.reviewer WHEN c.by_rules = 1 THEN 'rules' END
         AS settled_by,
       m.status AS read_status, r.id AS review_id, r.note, r.reviewed_at, d.sha256
FROM measures AS m
JOIN documents AS d ON d.id = m.document_id
LEFT JOIN latest_reviews AS r
  ON r.sha256 = d.sha256 AND r.section = m.section AND r.institution IS m.institution
 AND r.is_total = m.is_total AND r.period = m.period AND r.metric = m.metric
LEFT JOIN rechecks AS c
  ON c.sha256 = d.sha256 AND c.ingested_at = d.ingested_at AND c.section = m.section
 AND c.institution IS m.institution AND c.is_total = m.is_total AND c.period = m.period
 AND c.metric = m.metric
UNION ALL
SELECT NULL, d.id, d.file_name, d.form, d.template_id, d.fiscal_year, d.group_name, r.section,
       r.institution, r.is_total, r.period, r.metric, r.new_value, r.unit, 'ok', NULL, r.page,
       NULL, NULL, NULL, NULL, NULL, NULL, r.action, r.reviewer, NULL, r.id, r.note,
       r.reviewed_at, d.sha256
FROM entered_keys AS r
JOIN documents AS d ON d.sha256 = r.sha256
WHERE NOT EXISTS (SELECT 1 FROM measures AS m
                  WHERE m.document_id = d.id AND m.section = r.section
                    AND m.institution IS r.institution AND m.is_total = r.is_total
                    AND m.period = r.period AND m.metric = r.metric);

-- Settlements whose key no longer exists (the document re-read gives the value another key, or
-- is gone): reported by `tsuzuri review` and `status`, never dropped.
CREATE VIEW orphan_reviews AS
SELECT r.* FROM latest_reviews AS r
WHERE NOT EXISTS (SELECT 1 FROM entered_keys AS e WHERE e.id = r.id
                    AND EXISTS (SELECT 1 FROM documents AS d WHERE d.sha256 = e.sha256))
  AND NOT EXISTS (SELECT 1 FROM measures AS m JOIN documents AS d ON d.id = m.document_id
                  WHERE d.sha256 = r.sha256 AND m.section = r.section
                    AND m.institution IS r.institution AND m.is_total = r.is_total
                    AND m.period = r.period AND m.metric = r.metric);
)sql";

// Migration 6: the second OCR reading of each value, for the person who settles it (the review
// page shows both readings). `readings` is 2 when the cell was read twice, `second_value` what the
// second reading gave (NULL: nothing, or read once). Values stored before have readings 1.
constexpr const char* kMigration6 = R"sql(
ALTER TABLE measures ADD COLUMN readings INTEGER NOT NULL DEFAULT 1 CHECK (readings IN (1, 2));
ALTER TABLE measures ADD COLUMN second_value INTEGER;
)sql";

// Migration 7: e-mail. Every message examined is a row in `messages` (keyed by the SHA-256 of its
// raw bytes; where it was: mailbox, location, IMAP UIDVALIDITY and UID), messages without a
// document included, so that nothing is fetched or parsed twice. `document_sources` links a
// document to each message it came in (one content in two messages: one document, two sources).
// runs.messages counts the messages a run read.
constexpr const char* kMigration7 = R"sql(
CREATE TABLE messages (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  message_id   TEXT,
  mailbox      TEXT NOT NULL,
  location     TEXT NOT NULL,
  uidvalidity  INTEGER,
  uid          INTEGER,
  date         TEXT,
  from_address TEXT,
  subject      TEXT,
  size         INTEGER NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('reading', 'documents', 'no-documents', 'failed')),
  error        TEXT,
  documents    INTEGER NOT NULL DEFAULT 0,
  failures     INTEGER NOT NULL DEFAULT 0,
  seen_at      TEXT NOT NULL,
  run_id       INTEGER REFERENCES runs (id)
);
CREATE INDEX messages_location ON messages (mailbox, location);
CREATE INDEX messages_uid ON messages (mailbox, uidvalidity, uid) WHERE uid IS NOT NULL;

CREATE TABLE document_sources (
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  part        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  run_id      INTEGER REFERENCES runs (id),
  PRIMARY KEY (document_id, message_id, part)
) WITHOUT ROWID;
CREATE INDEX document_sources_message ON document_sources (message_id);

ALTER TABLE runs ADD COLUMN messages INTEGER NOT NULL DEFAULT 0;
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4,
                                       kMigration5, kMigration6, kMigration7};

}  // namespace

int SchemaMigrationCount() { return static_cast<int>(std::size(kMigrations)); }

const char* SchemaMigration(int version) {
  if (version < 1 || version > SchemaMigrationCount()) return nullptr;
  return kMigrations[version - 1];
}

}  // namespace tsuzuri
