// Status: the outcome of an operation that can fail hard (a file that cannot be read, a database
// that cannot be opened). Data-quality problems are not Statuses: they are Findings on a record.
// A Status is a small value; copy it freely. Thread-compatible.
#ifndef TSUZURI_CORE_STATUS_H_
#define TSUZURI_CORE_STATUS_H_

#include <string>
#include <string_view>

namespace tsuzuri {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,           // a file or record that does not exist
    kInvalidArgument,    // bad input from the caller (usage, malformed template)
    kNotSupported,       // a file type or feature we do not read
    kCorruption,         // damaged input (a broken PDF, a truncated image)
    kPermissionDenied,   // encrypted document, unreadable file
    kResourceExhausted,  // a limit was hit (pixels, pages, time)
    kIOError,            // the operating system or a library failed
    kInternal,           // a bug
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string_view msg) { return Status(Code::kNotFound, msg); }
  static Status InvalidArgument(std::string_view msg) {
    return Status(Code::kInvalidArgument, msg);
  }
  static Status NotSupported(std::string_view msg) { return Status(Code::kNotSupported, msg); }
  static Status Corruption(std::string_view msg) { return Status(Code::kCorruption, msg); }
  static Status PermissionDenied(std::string_view msg) {
    return Status(Code::kPermissionDenied, msg);
  }
  static Status ResourceExhausted(std::string_view msg) {
    return Status(Code::kResourceExhausted, msg);
  }
  static Status IOError(std::string_view msg) { return Status(Code::kIOError, msg); }
  static Status Internal(std::string_view msg) { return Status(Code::kInternal, msg); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK" or "<code name>: <message>".
  std::string ToString() const;
  // A short lower-case name of the code: "not found", "corruption", ...
  static const char* CodeName(Code code);

 private:
  Status(Code code, std::string_view msg) : code_(code), message_(msg) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_CORE_STATUS_H_
