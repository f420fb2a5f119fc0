// FileInfo: what a file is before any parsing: its size, content hash and kind, found from its
// bytes (never from its name).
// Thread safety: free functions.
#ifndef TSUZURI_EXTRACT_FILE_INFO_H_
#define TSUZURI_EXTRACT_FILE_INFO_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace tsuzuri {

enum class FileKind { kPdf, kPng, kJpeg, kTiff, kUnknown };

// "pdf", "png", "jpeg", "tiff" or "unknown".
const char* FileKindName(FileKind kind);

// The kind of a file from its first bytes. A PDF may have up to 1 KiB of junk before "%PDF-".
FileKind SniffKind(std::string_view head);

struct FileInfo {
  long long size = 0;
  std::string sha256;  // lower-case hex of the whole file
  FileKind kind = FileKind::kUnknown;
};

// Reads `path` once: size, SHA-256 and kind. Fails with NotFound (no such file), InvalidArgument
// (a directory), PermissionDenied (unreadable) or IOError; the message names the path.
Result<FileInfo> InspectFile(const std::string& path);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// InspectFile for bytes already in memory (an e-mail attachment).
FileInfo InspectBytes(std::string_view bytes);

// The whole content of `path`. Fails as InspectFile does.
Result<std::string> ReadFileBytes(const std::string& path);

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_FILE_INFO_H_
