// The review queue: what needs a person. Values whose effective status is review, values the
// form expects that the reading did not give (a missing row, column or table: the matcher's
// missing_row / missing_column / missing_section findings say where), each with the findings
// that explain it. Ordered so a reviewer works one document at a time (by document, page, and
// place on the page). Item ids: the measure's id for a value read ("412"), "n<document>.<k>" for
// a value the reading did not give (its place in the document's list of missing keys).
// Thread safety: free functions; the Database is used by the calling thread.
#ifndef TSUZURI_REVIEW_QUEUE_H_
#define TSUZURI_REVIEW_QUEUE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/record.h"
#include "core/result.h"
#include "fields/template.h"
#include "store/database.h"
#include "store/reviews.h"

namespace tsuzuri {

// One thing a person settles.
struct QueueItem {
  std::string id;
  bool missing = false;  // the reading did not give this value at all
  long long document_id = 0;
  std::string file_name;
  std::optional<std::string> form;
  std::optional<int> fiscal_year;
  std::optional<std::string> group_name;
  EffectiveValue value;            // for a missing value: its key, unit, status review, no value
  std::vector<Finding> findings;   // why it needs a person, rule failures first
  std::vector<Box> related;        // cells of the other values of its failing rules (same page)
};

// Filters of the queue; an empty field does not filter.
struct QueueFilter {
  std::string form, group, section, rule;
  std::optional<int> fiscal_year;
  std::optional<long long> document_id;
  bool Matches(const QueueItem& item) const;
};

// The queue over the whole store (or what `filter` keeps). Documents whose template this tsuzuri
// does not have still list their values in review (without rule findings).
Result<std::vector<QueueItem>> BuildQueue(Database& db, const TemplateSet& templates,
                                          const QueueFilter& filter = {});

// One item by id, whether or not it still needs a person (a value settled already shows how).
// NotFound when no value or missing key has that id.
Result<QueueItem> FindItem(Database& db, const TemplateSet& templates, const std::string& id);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_QUEUE_H_
