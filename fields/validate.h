// Validation: applies a template's rules to a record's measures. A failed rule adds a Finding with
// the numbers and marks the values involved `review`; the document's numbers are never changed.
// A rule with a null operand is not evaluated (the matcher already gave the null value its
// missing_value or unreadable_value finding).
//
// Findings come ordered: by section (template order); in a section the findings about single
// values (missing, unreadable, OCR) by period and metric, then the rules' in template order, each
// by period, metric and row as printed.
// Thread safety: free functions over values.
#ifndef TSUZURI_FIELDS_VALIDATE_H_
#define TSUZURI_FIELDS_VALIDATE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/record.h"
#include "fields/template.h"

namespace tsuzuri {

struct ValidateOptions {
  // A value read by OCR with a lower confidence (0..1) is review. Default: 0.5. Tesseract's
  // confidence seldom flags its errors (the rules and the second reading do); this catches the
  // cells it was unsure of.
  double min_confidence = 0.5;
  // ... unless both readings give the value and it is in at least this many rule instances that
  // hold, every operand with a value (a visits value: its row's equation and its column's sum).
  // Default: 2 (docs/ocr.md); 0: none spare it.
  int min_rules_held = 2;
};

// Checks `record` against the template: the institution names of same_rows sections, values read
// twice that disagree (settled only when exactly one of a value's candidates, its readings and
// the recognizer's other choices, satisfies every rule that checks it: ocr_repair), values both
// readings agree on in a rule that fails (changed only to a 0 the recognizer considered, when only
// that satisfies every rule: ocr_repair), low OCR confidence (but for values rules that hold
// check, options.min_rules_held), then the template's rules.
void Validate(const Template& tmpl, Record& record, const ValidateOptions& options = {});

// One instance of a template rule on a record's values (a sum_of_rows of one period and metric, an
// equation in one row).
struct RuleInstance {
  std::string rule;             // the rule's id
  std::vector<size_t> operands;  // the values it checks: indices into record.measures
  bool evaluated = false;        // every operand has a value, so the rule could be checked
  bool holds = true;             // false: it fails (then `finding` is what Validate adds)
  Finding finding;
};

// Every instance of the template's rules on `record`'s values as they stand, section by section in
// Validate's order: the rules alone (no second readings, no confidence, no repairs). Changes
// nothing. Re-validation after review runs this on the effective values.
std::vector<RuleInstance> CheckRules(const Template& tmpl, const Record& record);

// An institution name read by OCR that is printed nowhere in the record's initiatives text while a
// name one character different is (OCR misreads a name the same way in every table: 坂→阪): the
// values of that institution are review, with an institution_name finding naming both. Names
// read from a text layer are not checked. Run after Validate (the finding goes last).
void CheckNamesAgainstText(Record& record);

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_VALIDATE_H_
