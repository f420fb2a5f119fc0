// Validation: applies a template's rules to a record's measures. A failed rule adds a Finding with
// the numbers and marks the values involved `review`; the document's numbers are never changed.
// A rule with a null operand is not evaluated (the matcher already gave the null value its
// missing_value or unreadable_value finding).
//
// Findings come ordered: by section (template order), then the matcher's findings before the
// template's rules (in their order), then period, metric and row in the order they are printed.
// Thread safety: free functions over values.
#ifndef TSUZURI_FIELDS_VALIDATE_H_
#define TSUZURI_FIELDS_VALIDATE_H_

#include "core/record.h"
#include "fields/template.h"

namespace tsuzuri {

void Validate(const Template& tmpl, Record& record);

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_VALIDATE_H_
