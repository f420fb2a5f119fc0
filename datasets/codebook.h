// Codebook: what every column and every code of an export means. Column descriptions come from
// the tables (datasets/table.h); the sections, metrics and periods of each form version, with
// their Japanese labels and meanings (現状: 補助金交付申請の前月から過去6箇月間の状況), come from the
// templates' `codebook` blocks (docs/templates.md), so the codebook cannot drift from the forms.
// Plain values; thread-safe to read.
#ifndef TSUZURI_DATASETS_CODEBOOK_H_
#define TSUZURI_DATASETS_CODEBOOK_H_

#include <string>
#include <vector>

#include "datasets/table.h"
#include "fields/template.h"

namespace tsuzuri {

struct CodebookEntryRow {
  std::string kind;         // field, section, metric, period, empty_reason
  std::string table;        // for kind field: the table (values, group_years, ...); else empty
  std::string name;         // the field name or the code as it appears in the data
  std::string template_id;  // for codes: the form version they belong to; else empty
  std::string label;        // Japanese label as printed on the form, or the field's title
  std::string type;         // for fields: integer, number, string, boolean
  std::string unit;         // 名, 回, 件 for a section's or metric's values; pt for boxes
  std::string meaning;
};

struct Codebook {
  std::vector<CodebookEntryRow> rows;
  // Codes a template reads but does not describe ("grouping-report-r4: period plan"): the codebook
  // has a row for each with an empty label, and the README says so.
  std::vector<std::string> undescribed;

  // The entry for code `name` of `kind` in template `template_id`, else in the last template that
  // has it; nullptr when none does.
  const CodebookEntryRow* Find(const std::string& kind, const std::string& name,
                               const std::string& template_id = "") const;
  // The label of `name` in `template_id`; without a template, the labels of every template that
  // differ joined with 「／」 (取組目標／計画); `name` when there is none.
  std::string Label(const std::string& kind, const std::string& name,
                    const std::string& template_id = "") const;
};

// The codebook of `tables` (their fields) and of every template in `templates`.
Codebook MakeCodebook(const std::vector<const DataTable*>& tables, const TemplateSet& templates);

// The codebook as a table (over `codebook`, which must outlive it).
DataTable CodebookTable(const Codebook& codebook);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_CODEBOOK_H_
