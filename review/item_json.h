// The JSON form of review items and save outcomes: `tsuzuri review list --json` (one object per
// line), `review show --json`, and the review page's answers to its script. Fields are described
// in docs/review.md.
// Thread safety: free functions over values.
#ifndef TSUZURI_REVIEW_ITEM_JSON_H_
#define TSUZURI_REVIEW_ITEM_JSON_H_

#include <string>

#include "review/queue.h"
#include "review/settle.h"

namespace tsuzuri {

// One item as a JSON object on one line.
std::string ItemJson(const QueueItem& item);
// A save's outcome: {"stale", "message", "review_id", "item", "closed", "opened", "by_rules"}.
std::string OutcomeJson(const SettleOutcome& outcome);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_ITEM_JSON_H_
