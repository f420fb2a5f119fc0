#include "extract/file_info.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

namespace tsuzuri {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
struct DigestDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// The digest so far as lower-case hex.
std::string FinishHex(EVP_MD_CTX* ctx) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

const char* FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kPdf:
      return "pdf";
    case FileKind::kPng:
      return "png";
    case FileKind::kJpeg:
      return "jpeg";
    case FileKind::kTiff:
      return "tiff";
    case FileKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

FileKind SniffKind(std::string_view head) {
  if (StartsWith(head, "\x89PNG\r\n\x1a\n")) return FileKind::kPng;
  if (StartsWith(head, "\xFF\xD8\xFF")) return FileKind::kJpeg;
  if (StartsWith(head, "II*\0") || StartsWith(head, std::string_view("MM\0*", 4)))
    return FileKind::kTiff;
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return FileKind::kPdf;
  return FileKind::kUnknown;
}

Result<FileInfo> InspectFile(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return Status::NotFound(path + ": no such file");
  if (std::filesystem::is_directory(status))
    return Status::InvalidArgument(path + ": is a directory");
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    const int err = errno;
    if (err == EACCES)
      return Status::PermissionDenied(path + ": cannot read (" + std::strerror(err) + ")");
    return Status::IOError(path + ": cannot open (" + std::strerror(err) + ")");
  }
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Status::Internal("cannot start SHA-256");
  }
  FileInfo info;
  std::string head;
  std::vector<char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    if (head.size() < 1024) head.append(buf.data(), std::min(n, 1024 - head.size()));
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
    info.size += static_cast<long long>(n);
  }
  if (std::ferror(f.get())) return Status::IOError(path + ": read error");
  info.sha256 = FinishHex(ctx.get());
  info.kind = SniffKind(head);
  return info;
}

std::string Sha256Hex(std::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
  EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
  return FinishHex(ctx.get());
}

FileInfo InspectBytes(std::string_view bytes) {
  FileInfo info;
  info.size = static_cast<long long>(bytes.size());
  info.sha256 = Sha256Hex(bytes);
  info.kind = SniffKind(bytes.substr(0, 1024));
  return info;
}

Result<std::string> ReadFileBytes(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return Status::NotFound(path + ": no such file");
  if (std::filesystem::is_directory(status))
    return Status::InvalidArgument(path + ": is a directory");
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    const int err = errno;
    if (err == EACCES)
      return Status::PermissionDenied(path + ": cannot read (" + std::strerror(err) + ")");
    return Status::IOError(path + ": cannot open (" + std::strerror(err) + ")");
  }
  std::string bytes;
  std::vector<char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) bytes.append(buf.data(), n);
  if (std::ferror(f.get())) return Status::IOError(path + ": read error");
  return bytes;
}

}  // namespace tsuzuri
