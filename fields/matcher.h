// Matcher: reads a record out of a normalized document with one template. Generic: everything it
// knows about a form comes from the Template. Validation is separate (fields/validate.h).
//
// The document is read as a flow: for each page, its text lines and tables top to bottom. A text
// line that matches a section heading opens that section; a table whose header row matches the
// section's column patterns is read with that header; a table without a header row continues the
// section it follows (a table split across pages), its columns matched by position.
// Thread safety: free functions over values.
#ifndef TSUZURI_FIELDS_MATCHER_H_
#define TSUZURI_FIELDS_MATCHER_H_

#include <string>

#include "core/page.h"
#include "core/record.h"
#include "fields/template.h"

namespace tsuzuri {

// All normalized text of a document (lines and cells, in flow order), one item per line.
std::string DocumentText(const Document& doc);

// Whether `tmpl` recognizes a document whose text is `text` (from DocumentText).
bool Recognizes(const Template& tmpl, const std::string& text);

// Fills form, template_id, fiscal_year, group_name, initiatives and measures of `record` from
// `doc` (cells and lines already normalized). Values that are blank or unreadable are null with
// status review and a finding: missing_value (blank) or unreadable_value (text that no value
// pattern reads as numbers).
void MatchTemplate(const Template& tmpl, const Document& doc, Record& record);

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_MATCHER_H_
