// Re-validation: the template's rules (fields/validate.h, CheckRules) run again on a document's
// effective values, as a person settled them. It says which rule instances fail now (the findings
// that stay open), what status each value then has, and which values the rules alone now settle.
// Nothing here writes; review/settle.h stores the outcome.
// Thread safety: free functions over values.
#ifndef TSUZURI_REVIEW_REVALIDATE_H_
#define TSUZURI_REVIEW_REVALIDATE_H_

#include <string>
#include <vector>

#include "core/record.h"
#include "fields/template.h"
#include "fields/validate.h"
#include "store/reviews.h"

namespace tsuzuri {

// The rules on one document's values.
struct Revalidation {
  // Every rule instance on the effective values; operands index `values`.
  std::vector<RuleInstance> instances;
  // What to store in `rechecks`: a row per value read (entered values are settled by a person).
  std::vector<Recheck> rechecks;
  // The findings of the instances that fail, in the rules' order.
  std::vector<Finding> open;
  // Per value (as `values`): whether it is review after the rules ran again.
  std::vector<bool> review;
  // Per value: the instances (indices into `instances`) that check it and fail.
  std::vector<std::vector<size_t>> failing;
};

// A record of the values as they stand (effective value; a value a person settled counts as
// certain), in the order given. Only what the rules read is filled in.
Record EffectiveRecord(const std::vector<EffectiveValue>& values);

// Runs the rules of `tmpl` on `values` (one document's effective values, EffectiveValuesOf). A
// value a person settled is ok; one in an instance that fails is review; one that was review as
// read is ok "by the rules" when every instance it is in that can be checked holds, at least one
// does, and one of those checks a value a person settled (it became consistent through a
// settlement); any other value keeps its status as read.
Revalidation Revalidate(const Template& tmpl, const std::vector<EffectiveValue>& values);

// The template of a stored document, by its id; nullptr when this tsuzuri has none of that id.
const Template* FindTemplate(const TemplateSet& templates, const std::string& template_id);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_REVALIDATE_H_
