// Settling a value: the one write path of the review page and of its CLI twin (`tsuzuri review
// set|confirm|as-printed|unreadable`). A settlement appends a row to `reviews` (never changes what
// was read), then runs the template's rules again on the document's effective values and stores
// what they say (`rechecks`), in one transaction. Two reviewers at once: a save names the version
// of the value it was made on (the key's latest review id); a stale one is refused, nothing
// written.
// Thread safety: free functions; the Database is used by the calling thread.
#ifndef TSUZURI_REVIEW_SETTLE_H_
#define TSUZURI_REVIEW_SETTLE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/record.h"
#include "core/result.h"
#include "fields/template.h"
#include "review/queue.h"
#include "store/database.h"
#include "store/reviews.h"

namespace tsuzuri {

struct SettleRequest {
  std::string item_id;  // QueueItem::id
  Settlement action = Settlement::kConfirmed;
  // kCorrected, kEntered: required. kAsPrinted: the value as printed (default: as it stands).
  std::optional<long long> value;
  std::string note;      // required for kAsPrinted
  std::string reviewer;  // required
  // The version the person saw (QueueItem::value.review_id); none: not checked (a script that
  // settles without looking first).
  std::optional<long long> expected_version;
  // kEntered: the page and cell the person pointed at on the image, when they did.
  std::optional<int> page;
  std::optional<Box> box;
};

struct SettleOutcome {
  // True when the value was settled by someone else since `expected_version`: nothing written,
  // `message` says by whom and how.
  bool stale = false;
  std::string message;
  long long review_id = 0;
  QueueItem item;                       // the item as it stands after the save
  std::vector<Finding> closed, opened;  // rule findings the save closed, and made fail
  std::vector<std::string> by_rules;    // values the rules settle now (described)
};

// Settles one item. Fails with NotFound (no such item), InvalidArgument (a value or note
// missing, an action that does not fit: nothing to confirm on a value not read, entered on a
// value read), or the store's Status; a stale save is an outcome, not an error.
Result<SettleOutcome> Settle(Database& db, const TemplateSet& templates,
                             const SettleRequest& request);

// Runs the rules again for every document with settlements whose stored rechecks are missing or
// out of date (the document was re-read since). Returns how many documents it refreshed.
Result<int> RefreshRechecks(Database& db, const TemplateSet& templates);

// 「patients (plan) of A医院」: a value's key for people.
std::string DescribeKey(const ValueKey& key);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_SETTLE_H_
