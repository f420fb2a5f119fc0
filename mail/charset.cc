#include "mail/charset.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace tsuzuri::mail {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// ISO-2022-JP (with the NEC and IBM extensions Microsoft's CP50220 allows in its JIS X 0208 set)
// rewritten as CP932 bytes: the two encode the same characters, and ICU's CP932 table holds them
// all. None when a sequence is not ISO-2022-JP.
std::optional<std::string> Iso2022JpToCp932(std::string_view in) {
  enum class Mode { kAscii, kJis0208, kKana } mode = Mode::kAscii;
  std::string out;
  for (size_t i = 0; i < in.size();) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0x1B) {
      const std::string_view esc = in.substr(i + 1, 3);
      if (esc.substr(0, 2) == "$B" || esc.substr(0, 2) == "$@") {
        mode = Mode::kJis0208;
        i += 3;
      } else if (esc.substr(0, 2) == "(B" || esc.substr(0, 2) == "(J") {
        mode = Mode::kAscii;
        i += 3;
      } else if (esc.substr(0, 2) == "(I") {
        mode = Mode::kKana;
        i += 3;
      } else {
        return std::nullopt;  // JIS X 0212 and others: not in CP932
      }
      continue;
    }
    if (c == 0x0E || c == 0x0F) {  // SO / SI: half-width katakana in some mailers
      mode = c == 0x0E ? Mode::kKana : Mode::kAscii;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') mode = Mode::kAscii;  // each line starts in ASCII
    if (mode == Mode::kJis0208 && c >= 0x21 && c <= 0x7E) {
      if (i + 1 >= in.size()) return std::nullopt;
      const unsigned j1 = c, j2 = static_cast<unsigned char>(in[i + 1]);
      if (j2 < 0x21 || j2 > 0x7E) return std::nullopt;
      const unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0);
      const unsigned s2 = j2 + ((j1 & 1) ? (j2 >= 0x60 ? 0x20 : 0x1F) : 0x7E);
      out += static_cast<char>(s1);
      out += static_cast<char>(s2);
      i += 2;
      continue;
    }
    if (mode == Mode::kKana && c >= 0x21 && c <= 0x5F) {
      out += static_cast<char>(c + 0x80);
      ++i;
      continue;
    }
    if (c >= 0x80) return std::nullopt;  // 8-bit bytes are not ISO-2022-JP
    out += static_cast<char>(c);
    ++i;
  }
  return out;
}

// Decodes with ICU, stopping at the first byte sequence the charset does not hold.
std::optional<std::string> IcuToUtf8(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  std::vector<UChar> utf16(bytes.size() * 2 + 4);
  status = U_ZERO_ERROR;
  const int32_t n16 = ucnv_toUChars(conv.get(), utf16.data(), static_cast<int32_t>(utf16.size()),
                                    bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;
  std::unique_ptr<UConverter, ConverterCloser> utf8(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return std::nullopt;
  std::string out(static_cast<size_t>(n16) * 3 + 4, '\0');
  const int32_t n8 = ucnv_fromUChars(utf8.get(), out.data(), static_cast<int32_t>(out.size()),
                                     utf16.data(), n16, &status);
  if (U_FAILURE(status)) return std::nullopt;
  out.resize(static_cast<size_t>(n8));
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Base64Decode(std::string_view in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int nbits = 0;
  for (char c : in) {
    if (c == '=') break;
    const size_t v = kAlphabet.find(c);
    if (v == std::string::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((bits >> nbits) & 0xFF);
    }
  }
  return out;
}

std::string QDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '_') {
      out += ' ';
    } else if (in[i] == '=' && i + 2 < in.size() + 0 && HexValue(in[i + 1]) >= 0 &&
               HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

// One "=?charset?B?text?=" at the start of `s`: its charset, its decoded bytes and its length.
struct EncodedWord {
  std::string charset;
  std::string bytes;
  size_t length = 0;
};

std::optional<EncodedWord> ReadEncodedWord(std::string_view s) {
  if (s.substr(0, 2) != "=?") return std::nullopt;
  const size_t q1 = s.find('?', 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  const size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  std::string charset(s.substr(2, q1 - 2));
  if (size_t star = charset.find('*'); star != std::string::npos) charset.resize(star);  // RFC 2231
  const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  const std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  if (text.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  std::optional<std::string> bytes;
  if (enc == 'B') {
    bytes = Base64Decode(text);
  } else if (enc == 'Q') {
    bytes = QDecode(text);
  }
  if (!bytes) return std::nullopt;
  return EncodedWord{Lower(charset), std::move(*bytes), end + 2};
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

std::optional<std::string> ToUtf8(std::string_view bytes, std::string_view charset) {
  const std::string cs = Lower(charset);
  if (cs.empty() || cs == "us-ascii" || cs == "utf-8" || cs == "utf8") {
    if (IsValidUtf8(bytes)) return std::string(bytes);
    return std::nullopt;
  }
  if (cs == "iso-2022-jp" || cs == "csiso2022jp" || cs == "iso-2022-jp-ms" || cs == "cp50220" ||
      cs == "cp50221" || cs == "cp50222") {
    std::optional<std::string> sjis = Iso2022JpToCp932(bytes);
    if (!sjis) return std::nullopt;
    return IcuToUtf8(*sjis, "windows-31j");
  }
  if (cs == "shift_jis" || cs == "shift-jis" || cs == "sjis" || cs == "x-sjis" || cs == "cp932" ||
      cs == "windows-31j" || cs == "ms932") {
    return IcuToUtf8(bytes, "windows-31j");
  }
  if (cs == "euc-jp" || cs == "x-euc-jp") return IcuToUtf8(bytes, "euc-jp");
  return IcuToUtf8(bytes, cs.c_str());
}

std::string RawToUtf8(std::string_view bytes, bool* lossy) {
  if (IsValidUtf8(bytes)) {
    // 7-bit text may still be ISO-2022-JP (escape sequences).
    if (bytes.find('\x1B') != std::string_view::npos) {
      if (std::optional<std::string> jis = ToUtf8(bytes, "iso-2022-jp")) return *jis;
    } else {
      return std::string(bytes);
    }
  }
  if (std::optional<std::string> cp932 = ToUtf8(bytes, "cp932")) return *cp932;
  if (lossy != nullptr) *lossy = true;
  std::string out;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x80 && c != '\x1B') {
      out += c;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
    }
  }
  return out;
}

std::string DecodeHeader(std::string_view raw, bool* lossy) {
  std::string out;
  std::string pending_charset, pending_bytes;  // adjacent encoded-words in one charset
  auto flush = [&] {
    if (pending_bytes.empty() && pending_charset.empty()) return;
    std::optional<std::string> text = ToUtf8(pending_bytes, pending_charset);
    out += text ? *text : RawToUtf8(pending_bytes, lossy);
    pending_charset.clear();
    pending_bytes.clear();
  };
  std::string plain;  // text between encoded-words, held until we know whether it is only space
  bool after_word = false;
  size_t i = 0;
  while (i < raw.size()) {
    if (std::optional<EncodedWord> w = ReadEncodedWord(raw.substr(i))) {
      const bool only_space = plain.find_first_not_of(" \t\r\n") == std::string::npos;
      if (!(after_word && only_space)) {
        flush();
        out += RawToUtf8(plain, lossy);
      } else if (w->charset != pending_charset) {
        flush();
      }
      plain.clear();
      // Words in one charset are joined before decoding: a character may be split between two.
      if (w->charset != pending_charset) flush();
      pending_charset = w->charset;
      pending_bytes += w->bytes;
      after_word = true;
      i += w->length;
      continue;
    }
    plain += raw[i];
    ++i;
  }
  flush();
  out += RawToUtf8(plain, lossy);
  // Unfold: line breaks inside a header are not part of its value.
  std::string unfolded;
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k] == '\r' || out[k] == '\n') {
      while (k + 1 < out.size() && (out[k + 1] == '\r' || out[k + 1] == '\n')) ++k;
      continue;
    }
    unfolded += out[k];
  }
  return unfolded;
}

}  // namespace tsuzuri::mail
