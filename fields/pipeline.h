// The pipeline up to a record: extract (pages, tables, cells) -> normalize (canonical text) ->
// fields (template matching, validation). store/ and app/ call this; nothing here touches a
// database or the terminal.
// Thread safety: ProcessFile may be called from several threads with the same TemplateSet.
#ifndef TSUZURI_FIELDS_PIPELINE_H_
#define TSUZURI_FIELDS_PIPELINE_H_

#include <string>

#include "core/page.h"
#include "core/record.h"
#include "core/result.h"
#include "extract/extract.h"
#include "fields/template.h"

namespace tsuzuri {

// A document read to the end: its pages (normalized) and the record made from them.
struct Processed {
  Document document;
  Record record;
};

// Reads `path` and makes its record with the first template that recognizes it; a document that no
// template recognizes still gets a record (form none, no values) — that is not an error.
// Fails only when the file cannot be read (the Status from extract/).
// `inspected`: as for ExtractFile.
Result<Processed> ProcessFile(const std::string& path, const TemplateSet& templates,
                              const ExtractOptions& options = {},
                              const FileInfo* inspected = nullptr);

// The same for a document already extracted (pages are normalized in place).
Record MakeRecord(Document& document, const TemplateSet& templates);

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_PIPELINE_H_
