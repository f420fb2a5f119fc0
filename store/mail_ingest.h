// Mail ingest: one e-mail message into the Database. The message is recorded first (outcome
// "reading"), each part that is a document is stored as a file would be (its own transaction,
// its original bytes kept) and linked to the message (document_sources), and the message's
// outcome is recorded last. A run killed half-way leaves the message "reading": the next run reads
// it again, finds the documents already stored, and only adds what is missing. The same PDF in two
// messages is one document with two sources.
//
// Which parts are documents comes from their bytes (a PDF sent as application/octet-stream is
// one), never from a text body. A part whose name says it is a PDF or an image but whose bytes are
// not one, or that cannot be read (truncated, encrypted), is a failed document with its reason and
// its message; the message's other parts still go in. A message that cannot be parsed is a failed
// message with its reason.
//
// Ownership: IngestMessage borrows everything for the call. Thread safety: one call per Database
// at a time.
#ifndef TSUZURI_STORE_MAIL_INGEST_H_
#define TSUZURI_STORE_MAIL_INGEST_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "extract/file_info.h"
#include "mail/message.h"
#include "store/database.h"
#include "store/ingest.h"

namespace tsuzuri {

// Where a message was found.
struct MessageSource {
  std::string mailbox;   // a Maildir, the folder of an .eml file, or an IMAP URL
  std::string location;  // in it: a Maildir unique name, an .eml file's name, an IMAP UID
  // How the message is named in lines and in its documents' paths (<display>/<file name>): the
  // message's file, or its URL.
  std::string display;
  std::optional<long long> uidvalidity, uid;  // IMAP only
};

// What happened to one message.
struct MessageResult {
  MessageOutcome outcome = MessageOutcome::kFailed;
  int loaded = 0;    // documents written (loaded or unknown-form)
  int skipped = 0;   // documents already loaded (in another message, or an earlier run)
  int failed = 0;    // parts that failed
  int ignored = 0;   // parts that are not documents (a .docx, a signature)
  int findings = 0;  // of the documents loaded
  // The reasons of the failures, one per line ("broken.pdf: damaged (...)"); empty when none.
  std::string detail;
  std::string subject;  // decoded, for the progress line
};

// Reads the message `raw` found at `source` into `db` for run `run_id`, extracting its documents
// with `process`; `force` re-extracts documents already loaded. Fails only when the database
// fails; a bad message or part is in the result.
Result<MessageResult> IngestMessage(Database& db, std::string_view raw, const MessageSource& source,
                                    const Processor& process, long long run_id, bool force);

// Extracts one part's document with `process`: its bytes are written to a private temporary file
// (the extractor reads files), read as `name`; a failure's message names `path`, not that file.
Result<Processed> ProcessPart(std::string_view bytes, const FileInfo& info, const std::string& name,
                              const std::string& path, const Processor& process);

// A part's file name made safe as one path component (no '/'); for a part without a name,
// "part-<part>.<kind>" ("part-2.pdf").
std::string PartFileName(const MailPart& part, FileKind kind);

// Whether a file name says it is a document: .pdf, .png, .jpg, .jpeg, .tif, .tiff, in any case.
bool NamedAsDocument(const std::string& file_name);

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_MAIL_INGEST_H_
