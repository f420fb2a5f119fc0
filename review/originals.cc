#include "review/originals.h"

#include <openssl/evp.h>

#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

namespace tsuzuri {
namespace {

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  std::ostringstream hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(digest[i]);
  }
  return hex.str();
}

}  // namespace

Result<std::string> OriginalBytes(Database& db, const ReviewDocument& doc) {
  Result<std::string> kept = db.GetOriginal(doc.sha256);
  if (kept.ok() || kept.status().code() != Status::Code::kNotFound) return kept;
  // Loaded before the store kept originals: the file it was loaded from, if it is still that.
  std::ifstream in(doc.path, std::ios::binary);
  if (!in) {
    return Status::NotFound(doc.path + ": the document's file is not there any more, and the " +
                            "database keeps no copy of it");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string data = std::move(bytes).str();
  if (Sha256Hex(data) != doc.sha256) {
    return Status::Corruption(doc.path + ": the file has changed since it was loaded");
  }
  return data;
}

}  // namespace tsuzuri
