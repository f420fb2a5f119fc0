// ParseMessage through GMime 3. GMime reads the structure (multiparts, forwarded messages,
// transfer encodings, RFC 2231 parameters); header text is decoded by mail/charset.cc (ICU),
// which reads the Japanese charsets GMime's iconv refuses.
#include "mail/message.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include "mail/charset.h"

namespace tsuzuri {
namespace {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct OptionsFree {
  void operator()(GMimeParserOptions* o) const { g_mime_parser_options_free(o); }
};
struct GFree {
  void operator()(void* p) const { g_free(p); }
};

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(std::string s) {
  // Folded white space inside becomes one space; none at the ends.
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The raw (undecoded) value of header `name`, or none.
std::optional<std::string> RawHeader(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (list == nullptr) return std::nullopt;
  GMimeHeader* header = g_mime_header_list_get_header(list, name);
  if (header == nullptr) return std::nullopt;
  const char* raw = g_mime_header_get_raw_value(header);
  return std::string(raw != nullptr ? raw : "");
}

std::string DecodedHeader(GMimeObject* object, const char* name, Message& message) {
  std::optional<std::string> raw = RawHeader(object, name);
  if (!raw) return {};
  bool lossy = false;
  std::string text = Trim(mail::DecodeHeader(*raw, &lossy));
  if (lossy) message.warnings.push_back(std::string(name) + ": bytes in no known charset");
  return text;
}

std::string IsoDate(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);  // owned by the message
  if (date == nullptr) return {};
  GDateTime* utc = g_date_time_to_utc(date);
  if (utc == nullptr) return {};
  std::unique_ptr<char, GFree> text(g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ"));
  g_date_time_unref(utc);
  return text ? std::string(text.get()) : std::string();
}

// The content of a leaf part, its transfer encoding undone.
bool DecodeContent(GMimePart* part, std::string& bytes) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);  // owned by the part
  if (content == nullptr) return true;                         // an empty part
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0) return false;
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  bytes.assign(reinterpret_cast<const char*>(array->data), array->len);
  return true;
}

std::string ChildId(const std::string& parent, int index) {
  if (parent.empty() || parent.back() == '/') return parent + std::to_string(index);
  return parent + "." + std::to_string(index);
}

// The raw value of parameter `param` ("filename", "name") in a raw header value, unquoted; none
// when absent (or only in its RFC 2231 form, param*=).
std::optional<std::string> RawParameter(const std::string& raw, const std::string& param) {
  const std::string lower = Lower(raw);
  size_t at = 0;
  while ((at = lower.find(param + "=", at)) != std::string::npos) {
    const bool starts = at == 0 || lower[at - 1] == ';' || lower[at - 1] == ' ' ||
                        lower[at - 1] == '\t' || lower[at - 1] == '\n';
    if (starts) break;
    at += param.size();
  }
  if (at == std::string::npos) return std::nullopt;
  const size_t from = at + param.size() + 1;
  if (from < raw.size() && raw[from] == '"') {
    const size_t end = raw.find('"', from + 1);
    return raw.substr(from + 1, end == std::string::npos ? std::string::npos : end - from - 1);
  }
  const size_t end = raw.find_first_of(";\r\n", from);
  return raw.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

// The decoded file name of a part. RFC 2231 names (filename*=, continued filename*0*=) are read
// by GMime; an RFC 2047 encoded-word in quotes (not allowed there, sent by most Japanese mailers)
// and raw 8-bit names are read by mail::DecodeHeader, as GMime's iconv refuses ISO-2022-JP with
// the NEC characters (it gives '?' or other characters, silently).
std::string FileName(GMimePart* part, Message& message) {
  GMimeObject* object = GMIME_OBJECT(part);
  for (const char* header : {"Content-Disposition", "Content-Type"}) {
    std::optional<std::string> raw = RawHeader(object, header);
    if (!raw) continue;
    std::optional<std::string> value =
        RawParameter(*raw, std::string(header)[8] == 'D' ? "filename" : "name");
    if (!value) continue;
    const bool plain_ascii =
        std::all_of(value->begin(), value->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\x1B'; }) &&
        value->find("=?") == std::string::npos;
    if (plain_ascii) break;  // nothing to decode: GMime's reading is as good
    bool lossy = false;
    std::string decoded = Trim(mail::DecodeHeader(*value, &lossy));
    if (lossy) message.warnings.push_back("a file name holds bytes in no known charset");
    if (!decoded.empty()) return decoded;
  }
  const char* name = g_mime_part_get_filename(part);
  std::string text = name != nullptr ? name : "";
  if (!mail::IsValidUtf8(text)) {
    bool lossy = false;
    text = mail::RawToUtf8(text, &lossy);
    if (lossy) message.warnings.push_back("a file name holds bytes in no known charset");
  }
  return text;
}

void Walk(GMimeObject* object, const std::string& id, Message& message, int depth) {
  if (depth > 50) {
    message.warnings.push_back("parts nested deeper than 50 levels were not read");
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {  // a forwarded message/rfc822
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner != nullptr && g_mime_message_get_mime_part(inner) != nullptr) {
      Walk(g_mime_message_get_mime_part(inner), id + "/", message, depth + 1);
    }
    return;
  }
  if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
    message.parts.push_back({"", "multipart/encrypted", id.empty() ? "1" : id, "",
                             "an encrypted part (PGP/MIME): cannot be read"});
    return;
  }
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    const int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      Walk(g_mime_multipart_get_part(multipart, i), ChildId(id, i + 1), message, depth + 1);
    }
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  GMimeContentType* type = g_mime_object_get_content_type(object);
  const std::string media =
      Lower(std::string(type != nullptr && g_mime_content_type_get_media_type(type) != nullptr
                            ? g_mime_content_type_get_media_type(type)
                            : "text"));
  const std::string sub =
      Lower(std::string(type != nullptr && g_mime_content_type_get_media_subtype(type) != nullptr
                            ? g_mime_content_type_get_media_subtype(type)
                            : "plain"));
  const std::string file_name = FileName(part, message);
  const char* disposition = g_mime_object_get_disposition(object);
  const bool attachment =
      disposition != nullptr && Lower(disposition) == GMIME_DISPOSITION_ATTACHMENT;
  // A text body is not a document, whatever it says (bait text such as "%PDF-" in a body).
  if (media == "text" && file_name.empty() && !attachment) return;
  MailPart out;
  out.file_name = file_name;
  out.content_type = media + "/" + sub;
  out.part = id.empty() || id.back() == '/' ? id + "1" : id;
  if (!DecodeContent(part, out.bytes)) {
    out.bytes.clear();
    out.error = "its content could not be decoded";
  }
  message.parts.push_back(std::move(out));
}

bool IsFieldName(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

}  // namespace

bool LooksLikeMessage(std::string_view head) {
  static constexpr std::array<std::string_view, 8> kFields = {
      "from", "date", "message-id", "received", "return-path", "mime-version", "subject",
      "delivered-to"};
  size_t pos = 0;
  int lines = 0, known = 0;
  if (head.substr(0, 5) == "From ") pos = head.find('\n') == std::string_view::npos
                                              ? head.size()
                                              : head.find('\n') + 1;  // an mbox "From " line
  while (pos < head.size() && lines < 64) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header
    if (line[0] == ' ' || line[0] == '\t') {
      if (lines == 0) return false;  // a continuation before any field
    } else {
      if (!IsFieldName(line)) return false;
      ++lines;
      const std::string name = Lower(std::string(line.substr(0, line.find(':'))));
      if (std::find(kFields.begin(), kFields.end(), name) != kFields.end()) ++known;
    }
    pos = end + 1;
  }
  return lines > 0 && known > 0;
}

Result<Message> ParseMessage(std::string_view raw) {
  InitGMime();
  if (!LooksLikeMessage(raw.substr(0, 64 * 1024))) {
    return Status::Corruption("not an e-mail message (no header lines)");
  }
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  std::unique_ptr<GMimeParserOptions, OptionsFree> options(g_mime_parser_options_new());
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  const char* fallback[] = {"UTF-8", "CP932", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!parsed) return Status::Corruption("not an e-mail message (GMime could not read it)");
  Message message;
  GMimeObject* object = GMIME_OBJECT(parsed.get());
  if (const char* id = g_mime_message_get_message_id(parsed.get()); id != nullptr) {
    message.message_id = mail::RawToUtf8(id);
  }
  message.from = DecodedHeader(object, "From", message);
  message.subject = DecodedHeader(object, "Subject", message);
  message.date = IsoDate(parsed.get());
  if (GMimeObject* body = g_mime_message_get_mime_part(parsed.get()); body != nullptr) {
    Walk(body, "", message, 0);
  }
  return message;
}

}  // namespace tsuzuri
