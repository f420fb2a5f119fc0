#include <filesystem>
#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/json_output.h"
#include "extract/file_info.h"
#include "fields/pipeline.h"
#include "mail/message.h"
#include "store/ingest.h"
#include "store/mail_ingest.h"

namespace tsuzuri {
namespace {

void PrintSummary(const Record& r) {
  int text_pages = 0;
  for (const PageInfo& p : r.pages) text_pages += p.method == PageMethod::kText;
  std::cout << r.file << ": ";
  if (r.form) {
    std::cout << *r.form << " (" << r.template_id << ")";
  } else {
    std::cout << "not a known form";
  }
  std::cout << ", fiscal year " << (r.fiscal_year ? std::to_string(*r.fiscal_year) : "unknown");
  if (r.group_name) std::cout << ", group 「" << *r.group_name << "」";
  std::cout << ", " << r.page_count << (r.page_count == 1 ? " page" : " pages") << " ("
            << text_pages << " text, " << r.page_count - text_pages << " OCR)\n";
  if (!r.form) return;
  int review = 0;
  for (const Measure& m : r.measures) review += m.status == ValueStatus::kReview;
  std::cout << "  " << r.initiatives.size() << " initiatives, " << r.measures.size() << " values ("
            << r.measures.size() - review << " ok, " << review << " to review), "
            << r.findings.size() << (r.findings.size() == 1 ? " finding\n" : " findings\n");
  for (const Finding& f : r.findings) {
    // section/period/metric, as far as the finding names them (a column: no metric; a section
    // or a name: neither).
    std::string where = f.section;
    for (const std::string* part : {&f.period, &f.metric}) {
      if (!part->empty()) where += "/" + *part;
    }
    std::cout << "  " << (f.severity == Severity::kError ? "error   " : "warning ") << f.rule << " "
              << where << ": " << f.message << "\n";
  }
}

// Whether `file` is an e-mail to read as one: not a PDF or an image, and named .eml or made of
// header lines. (A message whose body quotes "%PDF-" early may be taken for a PDF by its bytes:
// its header lines decide.)
bool IsMessageFile(const std::string& file) {
  Result<FileInfo> info = InspectFile(file);
  if (!info.ok() || info->kind == FileKind::kPng || info->kind == FileKind::kJpeg ||
      info->kind == FileKind::kTiff) {
    return false;
  }
  if (info->kind == FileKind::kPdf) {
    Result<std::string> bytes = ReadFileBytes(file);
    return bytes.ok() && LooksLikeMessage(std::string_view(*bytes).substr(0, 64 * 1024));
  }
  if (std::filesystem::path(file).extension() == ".eml") return true;
  Result<std::string> bytes = ReadFileBytes(file);
  return bytes.ok() && LooksLikeMessage(std::string_view(*bytes).substr(0, 64 * 1024));
}

// An e-mail: one record per document among its parts (none for a message without one). Returns
// whether every part that should be a document was read.
bool ExtractMessage(const std::string& file, const Processor& process, const ExtractCommand& cmd) {
  const int indent = cmd.pretty ? 2 : -1;
  Result<std::string> raw = ReadFileBytes(file);
  Result<Message> message = raw.ok() ? ParseMessage(*raw) : Result<Message>(raw.status());
  if (!message.ok()) {
    const std::string error = file + ": " + message.status().message();
    std::cerr << "tsuzuri: " << error << "\n";
    if (cmd.json) std::cout << ErrorJson(file, error, indent) << "\n";
    return false;
  }
  bool all_ok = true;
  for (const MailPart& part : message->parts) {
    const FileInfo info = InspectBytes(part.bytes);
    const std::string name = PartFileName(part, info.kind);
    const std::string path = file + "/" + name;
    std::string error;
    if (!part.error.empty()) {
      error = path + ": " + part.error;
    } else if (info.kind == FileKind::kUnknown) {
      if (!NamedAsDocument(name)) continue;  // not a document (a .docx, a signature)
      error = path + (info.size == 0 ? ": empty attachment"
                                     : ": named as a PDF or an image, but its bytes are not one");
    } else {
      Result<Processed> p = ProcessPart(part.bytes, info, name, path, process);
      if (p.ok()) {
        if (cmd.json) {
          std::cout << RecordJson(p->record, indent, &*message, part.part) << "\n";
        } else {
          PrintSummary(p->record);
        }
        std::cout.flush();
        continue;
      }
      error = p.status().message();
    }
    all_ok = false;
    std::cerr << "tsuzuri: " << error << "\n";
    if (cmd.json) std::cout << ErrorJson(name, error, indent, &*message, part.part) << "\n";
  }
  return all_ok;
}

}  // namespace

int RunExtract(const ExtractCommand& cmd) {
  const std::string dir = cmd.templates_dir.empty() ? DefaultTemplateDir() : cmd.templates_dir;
  Result<TemplateSet> templates = LoadTemplates(dir);
  if (!templates.ok()) {
    std::cerr << "tsuzuri: cannot load templates: " << templates.status().message() << "\n";
    return 2;
  }
  int exit_code = 0;
  const int indent = cmd.pretty ? 2 : -1;
  const Processor process = PipelineProcessor(*templates, cmd.extract);
  for (const std::string& file : cmd.files) {
    if (IsMessageFile(file)) {
      if (!ExtractMessage(file, process, cmd)) exit_code = 1;
      continue;
    }
    Result<Processed> p = ProcessFile(file, *templates, cmd.extract);
    if (!p.ok()) {
      std::cerr << "tsuzuri: " << p.status().message() << "\n";
      if (cmd.json) std::cout << ErrorJson(file, p.status().message(), indent) << "\n";
      exit_code = 1;
      continue;
    }
    if (cmd.json) {
      std::cout << RecordJson(p->record, indent) << "\n";
    } else {
      PrintSummary(p->record);
    }
    std::cout.flush();
  }
  return exit_code;
}

}  // namespace tsuzuri
