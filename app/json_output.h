// JSON forms of the pipeline's values, as the CLI prints them. docs/pages.md describes the page
// model's JSON; docs/output.md the record's (the output contract of `tsuzuri extract --json`).
// Thread safety: free functions over values.
#ifndef TSUZURI_APP_JSON_OUTPUT_H_
#define TSUZURI_APP_JSON_OUTPUT_H_

#include <string>

#include "core/page.h"
#include "core/record.h"
#include "mail/message.h"

namespace tsuzuri {

struct PageJsonOptions {
  bool words = true;    // include every word with its box. Default: true.
  bool glyphs = false;  // include per-glyph boxes of every word (large). Default: false.
  int indent = -1;      // -1: one line; >= 0: pretty-printed with this indent. Default: -1.
};

// The page model of a document as one JSON object:
// {"source": {...}, "pages": [{"number", "width", "height", "rotation", "method", "text_layer",
//  "words": [...], "tables": [{"box", "rows", "cols", "cells": [...]}], "lines": [...]}]}.
std::string PageModelJson(const Document& doc, const PageJsonOptions& options = {});

// A record in the output contract of `tsuzuri extract --json` (docs/output.md), on one line when
// indent is -1.
// `message`, when given, is the e-mail the document came in: source.message holds its
// message_id, from, date, subject, and source.part the attachment's MIME part.
std::string RecordJson(const Record& record, int indent = -1, const Message* message = nullptr,
                       const std::string& part = "");

// The line printed for a file that could not be read: {"source": {"file": ...}, "error": ...}
// (with source.message and source.part for an attachment of `message`).
std::string ErrorJson(const std::string& file, const std::string& error, int indent = -1,
                      const Message* message = nullptr, const std::string& part = "");

}  // namespace tsuzuri

#endif  // TSUZURI_APP_JSON_OUTPUT_H_
