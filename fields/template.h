// Template: what tsuzuri knows about one version of one form, read from a YAML file in
// templates/ (format: docs/templates.md). Form knowledge is data: a new year's variant of a form is
// a new file, not new code. A TemplateSet is loaded once and then only read.
// Thread safety: a loaded TemplateSet is immutable and may be shared by threads.
#ifndef TSUZURI_FIELDS_TEMPLATE_H_
#define TSUZURI_FIELDS_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/result.h"
#include "normalize/pattern.h"

namespace tsuzuri {

// A named regular expression over normalized text (docs/normalize.md).
struct Labeled {
  std::string name;
  Pattern pattern;
};

// The three-initiatives table.
struct InitiativesSpec {
  std::optional<Pattern> heading;  // a text line before the table, e.g. 必要な3つの取組
  std::optional<Pattern> title_column, content_column;  // header cells
  std::vector<Labeled> status_columns;  // current / target / actual header cells, in order
  std::optional<Pattern>
      number;  // group "no": the initiative number at the start of the title cell (required)
  std::string title_stop = "※";  // the title ends before this
};

// One effect table.
struct SectionSpec {
  enum class Layout {
    kInstitutionRows,  // a row per institution (and a total row), a column per period
    kMetricRows,       // a row per metric, a column per period (table 4)
  };
  std::string id;                  // patients, visits, deaths, referrals
  std::optional<Pattern> heading;  // the text line that opens the section
  Layout layout = Layout::kInstitutionRows;
  std::optional<Pattern> institution_column;  // header cell of the names column
  std::optional<Pattern> total_row;           // name of the total row
  std::vector<Labeled> periods;               // header cells of the value columns, in order
  std::vector<Labeled> metric_rows;           // kMetricRows: row labels, in order
  std::vector<std::string> metrics;           // output order of the section's metrics
  // A value cell, written with {metric} placeholders (「合計回数:{visits}回(…」); in kMetricRows
  // the one placeholder is {value}. Tried in order; the first that matches the whole cell is used.
  struct ValuePattern {
    Pattern pattern;                  // placeholders expanded to capture groups
    std::vector<std::string> fields;  // the placeholder name of capture group i + 1
    std::string literal;              // the printed labels: the pattern without placeholders
                                      // and regex syntax, for the loose match of OCR'd cells
  };
  std::vector<ValuePattern> values;
  std::string unit;
};

// A validation rule (docs/templates.md, "Rules").
struct RuleSpec {
  enum class Kind {
    kRowEquation,     // per row and period, over metrics:   visits = visits_oushin + visits_houmon
    kPeriodEquation,  // per row and metric, over periods:   diff = after - before
    kSumOfRows,       // per metric and period: institution rows add up to the total row
  };
  std::string id;
  Kind kind = Kind::kRowEquation;
  Severity severity = Severity::kError;
  std::vector<std::string> sections;
  // kRowEquation / kPeriodEquation: lhs (op) sum of signed terms.
  std::string lhs;
  std::string op = "=";                          // "=" or "<="
  std::vector<std::pair<int, std::string>> rhs;  // (+1 | -1, name)
  // Message with {placeholders}: {row}, {lhs}, {rhs}, and any metric/period name.
  std::string message;
};

// What the codebook of an export says about the form's values (docs/templates.md, "codebook"):
// the Japanese label of each section, metric and period as printed, and what it means (a period's
// time span, a metric's definition). Data only: nothing is matched against it.
struct CodebookEntry {
  std::string name;     // the section, metric or period name, e.g. current
  std::string label;    // as printed on the form, e.g. 現状
  std::string meaning;  // e.g. 補助金交付申請の前月から過去6箇月間の状況; may be empty
};
struct CodebookSpec {
  std::vector<CodebookEntry> sections, metrics, periods;  // in the file's order
};

struct Template {
  std::string id;                      // unique, e.g. grouping-report-r4
  std::string form;                    // the form it reads, e.g. grouping-report
  std::string title;                   // a human name
  int version = 1;                     // the template file's own version
  std::string origin;                  // the file it was read from
  std::vector<Pattern> recognize_all;  // every one must occur in the document's text
  std::vector<Pattern> recognize_any;  // at least one must occur (when any are given)
  std::vector<Pattern> fiscal_year;    // group "year": tried in order over lines and cells
  std::optional<Pattern> group_name;   // group "name"
  std::optional<InitiativesSpec> initiatives;
  std::vector<SectionSpec> sections;
  std::vector<RuleSpec> rules;
  // Sections that list the same institutions in the same order: their names are cross-checked
  // row by row (OCR garbles names; the majority reading wins, with a finding).
  std::vector<std::string> same_rows;
  // Labels and meanings for the codebook; empty when the file has no `codebook` key. Every name
  // in it is a section, metric or period of this template.
  CodebookSpec codebook;
};

struct TemplateSet {
  std::vector<Template> templates;  // tried in order; the first that recognizes a document wins
};

// Parses one template from YAML text. `origin` names it in errors. Fails with InvalidArgument
// saying where and what (a missing key, a bad regular expression, an unknown rule kind).
Result<Template> ParseTemplate(std::string_view yaml, const std::string& origin);

// Loads every *.yaml file of `dir`, in name order. Fails on the first bad file, or when two
// templates share an id, or when the folder has none.
Result<TemplateSet> LoadTemplates(const std::string& dir);

// Where templates are looked for when no folder is given: $TSUZURI_TEMPLATES, else the installed
// share/tsuzuri/templates beside the executable, else the source tree's templates/.
std::string DefaultTemplateDir();

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_TEMPLATE_H_
