// Message: one e-mail as plain values, the mail stage's output. Its headers are decoded to UTF-8
// (RFC 2047 encoded-words, raw 8-bit CP932 or UTF-8, ISO-2022-JP with the NEC special characters
// that glibc's iconv refuses), and its parts that may be documents are listed with their decoded
// bytes and names, wherever they sit: nested multiparts, the second part of an alternative, a
// forwarded message/rfc822. Text bodies are never listed: a body is not a document, whatever it
// says. Nothing of GMime or ICU appears here: they stay in mail/*.cc.
//
// Ownership: a Message owns its bytes. Thread safety: ParseMessage may be called from several
// threads at once.
#ifndef TSUZURI_MAIL_MESSAGE_H_
#define TSUZURI_MAIL_MESSAGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tsuzuri {

// A part of a message that may be a document: an attachment, an inline PDF, a file sent as
// application/octet-stream. What it is comes from its bytes later, not from its type or name.
struct MailPart {
  std::string file_name;     // decoded (RFC 2047 / RFC 2231) UTF-8; empty when the part has none
  std::string content_type;  // lower case, "application/pdf"
  // Where it is in the message: MIME part numbers from 1 ("2", "1.2"), with "/" entering a
  // forwarded message ("3/2": part 2 of the message in part 3).
  std::string part;
  std::string bytes;  // the content, transfer encoding (base64, quoted-printable) undone
  std::string error;  // why the content could not be decoded; bytes then empty
};

struct Message {
  std::string message_id;  // without the angle brackets; empty when the message has none
  std::string from;        // decoded, as "Name <address>" or "address"
  std::string subject;     // decoded
  std::string date;        // ISO 8601 UTC ("2026-11-21T15:04:05Z"); empty when none or unreadable
  std::vector<MailPart> parts;  // in the order they appear
  // Problems met that do not stop the message being read (a header that was not valid text).
  std::vector<std::string> warnings;
};

// Whether the first bytes of a file look like an e-mail message (RFC 5322 header lines, among
// them one a message has: From, Date, Message-ID, Received, Return-Path, MIME-Version, Subject).
bool LooksLikeMessage(std::string_view head);

// Reads one message from its raw bytes. Fails with Corruption when the bytes are not a message
// (no header could be read); a damaged part is a MailPart with its error, not a failure.
Result<Message> ParseMessage(std::string_view raw);

}  // namespace tsuzuri

#endif  // TSUZURI_MAIL_MESSAGE_H_
