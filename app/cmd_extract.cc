#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/json_output.h"
#include "fields/pipeline.h"

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
  for (const std::string& file : cmd.files) {
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
