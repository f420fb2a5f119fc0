#include "datasets/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <unordered_map>

namespace tsuzuri {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Result<Converter> Open(const char* name) {
  UErrorCode error = U_ZERO_ERROR;
  Converter c(ucnv_open(name, &error));
  if (U_FAILURE(error)) {
    return Status::Internal(std::string("ICU converter ") + name + ": " + u_errorName(error));
  }
  ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  if (U_FAILURE(error)) {
    return Status::Internal(std::string("ICU converter ") + name + ": " + u_errorName(error));
  }
  return c;
}

// The bytes of one code point in `c`'s charset; empty when it has none.
std::string EncodeOne(UConverter* c, UChar32 cp) {
  UChar units[2];
  int32_t n = 0;
  U16_APPEND_UNSAFE(units, n, cp);
  char buf[8];
  UErrorCode error = U_ZERO_ERROR;
  ucnv_reset(c);
  const int32_t len = ucnv_fromUChars(c, buf, sizeof buf, units, n, &error);
  if (U_FAILURE(error) || len <= 0) return "";
  return std::string(buf, len);
}

std::string Describe(UChar32 cp) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  std::string ch;
  char utf8[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(utf8, n, 4, cp, error);
  if (!error) ch.assign(utf8, n);
  return "「" + ch + "」 (" + hex + ")";
}

}  // namespace

struct TextEncoder::Impl {
  TextEncoding encoding = TextEncoding::kUtf8;
  Converter windows31j;  // the CP932 table
  Converter jis;         // Shift_JIS by JIS X 0208, for the characters Unicode has twice
  std::unordered_map<UChar32, std::string> cache;  // code point -> bytes; "" has none
};

const char* TextEncodingName(TextEncoding encoding) {
  return encoding == TextEncoding::kCp932 ? "cp932" : "utf-8";
}

Result<std::unique_ptr<TextEncoder>> TextEncoder::Create(TextEncoding encoding) {
  auto impl = std::make_unique<Impl>();
  impl->encoding = encoding;
  if (encoding == TextEncoding::kCp932) {
    Result<Converter> w = Open("windows-31j");
    if (!w.ok()) return w.status();
    Result<Converter> j = Open("ibm-943_P130-1999");
    if (!j.ok()) return j.status();
    impl->windows31j = std::move(w).value();
    impl->jis = std::move(j).value();
  }
  return std::unique_ptr<TextEncoder>(new TextEncoder(std::move(impl)));
}

TextEncoder::TextEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextEncoder::~TextEncoder() = default;

TextEncoding TextEncoder::encoding() const { return impl_->encoding; }

Status TextEncoder::Append(std::string_view utf8, std::string* out) {
  if (impl_->encoding == TextEncoding::kUtf8) {
    out->append(utf8);
    return Status::Ok();
  }
  const char* s = utf8.data();
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    UChar32 cp;
    U8_NEXT(s, i, length, cp);
    if (cp < 0) return Status::InvalidArgument("text that is not UTF-8");
    auto [it, added] = impl_->cache.try_emplace(cp);
    if (added) {
      it->second = EncodeOne(impl_->windows31j.get(), cp);
      if (it->second.empty()) {
        // Only a double-byte JIS X 0208 code, never a byte that CP932 reads as another character.
        std::string jis = EncodeOne(impl_->jis.get(), cp);
        if (jis.size() == 2) it->second = jis;
      }
    }
    if (it->second.empty()) {
      return Status::InvalidArgument("the character " + Describe(cp) +
                                     " has no code in CP932");
    }
    out->append(it->second);
  }
  return Status::Ok();
}

}  // namespace tsuzuri
