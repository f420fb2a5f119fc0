#include "store/mail_ingest.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "extract/file_info.h"
#include "mail/message.h"

namespace tsuzuri {
namespace fs = std::filesystem;
namespace {

// A private folder under the system's temporary directory for the parts being extracted (the
// extractor reads files), removed with what is in it.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "tsuzuri-mail-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::string PartFileName(const MailPart& part, FileKind kind) {
  std::string name = part.file_name;
  std::replace(name.begin(), name.end(), '/', '_');
  std::replace(name.begin(), name.end(), '\\', '_');
  name.erase(std::remove(name.begin(), name.end(), '\0'), name.end());
  if (name.empty() || name == "." || name == "..") {
    std::string id = part.part;
    std::replace(id.begin(), id.end(), '/', '-');
    name = "part-" + id;
    if (kind != FileKind::kUnknown) name += std::string(".") + FileKindName(kind);
  }
  return name;
}

namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// A Status of `code` with `message`.
Status WithMessage(Status::Code code, const std::string& message) {
  switch (code) {
    case Status::Code::kNotFound:
      return Status::NotFound(message);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(message);
    case Status::Code::kNotSupported:
      return Status::NotSupported(message);
    case Status::Code::kCorruption:
      return Status::Corruption(message);
    case Status::Code::kPermissionDenied:
      return Status::PermissionDenied(message);
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(message);
    case Status::Code::kIOError:
      return Status::IOError(message);
    default:
      return Status::Internal(message);
  }
}

Status WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::IOError(path + ": cannot write a part to extract it");
  return Status::Ok();
}

}  // namespace

Result<Processed> ProcessPart(std::string_view bytes, const FileInfo& info, const std::string& name,
                              const std::string& path, const Processor& process) {
  ScratchFolder scratch;
  if (scratch.path().empty()) return Status::IOError("cannot make a temporary folder");
  const std::string temp = scratch.path() + "/" + name;
  if (Status s = WriteBytes(temp, bytes); !s.ok()) return s;
  Result<Processed> made = process(temp, info);
  if (!made.ok()) {
    std::string error = made.status().message();
    ReplaceAll(error, temp, path);  // the extractor names the file it read
    return WithMessage(made.status().code(), error);
  }
  made->document.file = path;
  if (made->document.sha256.empty()) made->document.sha256 = info.sha256;
  if (made->document.size == 0) made->document.size = info.size;
  if (made->record.sha256.empty()) made->record.sha256 = info.sha256;
  made->record.file = name;
  return made;
}

bool NamedAsDocument(const std::string& file_name) {
  std::string ext = fs::path(file_name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".pdf" || ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" ||
         ext == ".tiff";
}

Result<MessageResult> IngestMessage(Database& db, std::string_view raw, const MessageSource& source,
                                    const Processor& process, long long run_id, bool force) {
  MessageResult result;
  MessageRecord record;
  record.sha256 = Sha256Hex(raw);
  record.size = static_cast<long long>(raw.size());
  record.mailbox = source.mailbox;
  record.location = source.location;
  record.uidvalidity = source.uidvalidity;
  record.uid = source.uid;
  Result<Message> message = ParseMessage(raw);
  if (message.ok()) {
    record.message_id = message->message_id;
    record.from = message->from;
    record.subject = message->subject;
    record.date = message->date;
    result.subject = message->subject;
  }
  Result<long long> row = db.BeginMessage(record, run_id);
  if (!row.ok()) return row.status();
  if (!message.ok()) {
    result.outcome = MessageOutcome::kFailed;
    result.failed = 1;
    result.detail = source.display + ": " + message.status().message();
    if (Status s = db.FinishMessage(*row, result.outcome, result.detail, 0, 1); !s.ok()) return s;
    return result;
  }
  std::vector<std::string> reasons;
  auto failed_part = [&](const std::string& reason) {
    ++result.failed;
    reasons.push_back(reason);
  };
  for (const MailPart& part : message->parts) {
    const FileInfo info = InspectBytes(part.bytes);
    const std::string name = PartFileName(part, info.kind);
    const std::string path = source.display + "/" + name;
    if (!part.error.empty()) {
      failed_part(name + " (part " + part.part + "): " + part.error);
      continue;
    }
    auto link = [&]() -> Status {
      return db.AddSource(info.sha256, *row, part.part, name, run_id);
    };
    auto save_failure = [&](const std::string& error) -> Status {
      FailedFile failure{path, info.sha256, info.size, FileKindName(info.kind), error};
      if (Status s = db.SaveFailure(failure, run_id, part.bytes); !s.ok()) return s;
      failed_part(error);
      return link();
    };
    if (info.kind == FileKind::kUnknown) {
      if (!NamedAsDocument(name)) {
        ++result.ignored;
        continue;
      }
      Status s = save_failure(path + (info.size == 0 ? ": empty attachment"
                                                     : ": named as a PDF or an image, but its "
                                                       "bytes are not one"));
      if (!s.ok()) return s;
      continue;
    }
    if (!force) {
      Result<bool> loaded = db.HasLoaded(info.sha256);
      if (!loaded.ok()) return loaded.status();
      if (*loaded) {
        if (Status s = link(); !s.ok()) return s;
        if (Result<bool> named = db.AddName(info.sha256, path, run_id); !named.ok()) {
          return named.status();
        }
        ++result.skipped;
        continue;
      }
    }
    Result<Processed> made = ProcessPart(part.bytes, info, name, path, process);
    if (!made.ok()) {
      if (Status s = save_failure(made.status().message()); !s.ok()) return s;
      continue;
    }
    Processed& processed = *made;
    Result<SaveOutcome> saved = db.SaveDocument(processed, run_id, path, force, part.bytes);
    if (!saved.ok()) {
      if (Status s = save_failure(path + ": could not be stored: " + saved.status().message());
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (Status s = link(); !s.ok()) return s;
    if (*saved == SaveOutcome::kAlreadyLoaded) {
      ++result.skipped;
    } else {
      ++result.loaded;
      result.findings += static_cast<int>(processed.record.findings.size());
    }
  }
  for (const std::string& warning : message->warnings) {
    reasons.push_back(source.display + ": " + warning);
  }
  const int documents = result.loaded + result.skipped;
  result.outcome = result.failed > 0 ? MessageOutcome::kFailed
                   : documents > 0   ? MessageOutcome::kDocuments
                                     : MessageOutcome::kNoDocuments;
  for (const std::string& r : reasons) result.detail += (result.detail.empty() ? "" : "\n") + r;
  if (Status s = db.FinishMessage(*row, result.outcome, result.failed > 0 ? result.detail : "",
                                  documents, result.failed);
      !s.ok()) {
    return s;
  }
  return result;
}

}  // namespace tsuzuri
