#include "fields/pipeline.h"

#include <filesystem>

#include "fields/matcher.h"
#include "fields/validate.h"
#include "normalize/page_normalizer.h"

namespace tsuzuri {

Record MakeRecord(Document& document, const TemplateSet& templates) {
  for (Page& p : document.pages) NormalizePage(p);
  Record record;
  record.file = std::filesystem::path(document.file).filename().string();
  record.sha256 = document.sha256;
  record.page_count = static_cast<int>(document.pages.size());
  for (const Page& p : document.pages) record.pages.push_back({p.number, p.method});
  const std::string text = DocumentText(document);
  for (const Template& t : templates.templates) {
    if (!Recognizes(t, text)) continue;
    MatchTemplate(t, document, record);
    Validate(t, record);
    CheckNamesAgainstText(record);
    break;
  }
  return record;
}

Result<Processed> ProcessFile(const std::string& path, const TemplateSet& templates,
                              const ExtractOptions& options, const FileInfo* inspected) {
  Result<Document> doc = ExtractFile(path, options, inspected);
  if (!doc.ok()) return doc.status();
  Processed out;
  out.document = std::move(doc).value();
  out.record = MakeRecord(out.document, templates);
  return out;
}

}  // namespace tsuzuri
