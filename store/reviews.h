// The review layer in the store (docs/schema.md, "Review"): a person's settlements of values, kept
// apart from what was read. `reviews` is append-only; each row settles one value, named by its
// key (the document's content, section, institution, total row, period, metric), so settlements
// survive every re-reading of the document. The effective value of a key is its latest review's;
// `rechecks` holds what the template's rules said on the effective values after the last save.
// These functions read and write those tables; deciding what to write (re-validation, the version
// check) is review/'s.
//
// Ownership: plain values; every function uses the Database it is given and keeps nothing.
// Thread safety: as the Database (one thread at a time).
#ifndef TSUZURI_STORE_REVIEWS_H_
#define TSUZURI_STORE_REVIEWS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.h"
#include "core/record.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace tsuzuri {

// What names a value across re-readings of its document.
struct ValueKey {
  std::string sha256;  // the document's content
  std::string section;
  std::optional<std::string> institution;  // none in sections without institution rows
  bool is_total = false;
  std::string period, metric;

  bool operator==(const ValueKey&) const = default;
  auto operator<=>(const ValueKey&) const = default;
};

// How a person settled a value (reviews.action).
enum class Settlement {
  kConfirmed,   // the value as it stands is right
  kCorrected,   // the person typed the right value
  kAsPrinted,   // the document itself is inconsistent; the value is what is printed (a note says why)
  kUnreadable,  // the page does not show it; the value is none
  kEntered,     // a value the reading did not give at all, typed by the person
};
const char* SettlementName(Settlement s);  // "confirmed", "corrected", "as-printed", ...
std::optional<Settlement> ParseSettlement(std::string_view name);

// One row of `reviews`.
struct Review {
  long long id = 0;  // 0 until appended
  ValueKey key;
  Settlement action = Settlement::kConfirmed;
  std::optional<long long> old_value;  // the effective value before
  std::optional<long long> new_value;  // the effective value after (none: unreadable)
  std::string note;
  std::string reviewer;
  std::string reviewed_at;  // ISO 8601 UTC, set when appended
  std::string unit;         // entered values: the section's unit
  std::optional<int> page;  // entered values: the page the person entered it against
  std::optional<Box> box;   // entered values: the cell the person pointed at, when they did
};

// One row of `effective_values`: a value as it stands after review.
struct EffectiveValue {
  std::optional<long long> measure_id;  // none: a value a person entered
  long long document_id = 0;
  ValueKey key;
  std::optional<long long> value;       // effective
  std::optional<long long> read_value;  // as read
  std::string unit;
  std::string status;       // effective: "ok" | "review"
  std::string read_status;  // as read; empty for an entered value
  std::optional<double> confidence;
  std::optional<int> page;
  std::optional<Box> box;
  std::string raw_text;
  int readings = 1;                       // 2: OCR read the cell twice
  std::optional<long long> second_value;  // what the second reading gave
  std::optional<std::string> settlement;  // SettlementName or "rules"; none: as read
  std::optional<std::string> settled_by;  // the reviewer, or "rules"
  std::string note;
  long long review_id = 0;  // the key's latest review: the version a save names (0: none)
};

// A document as the review page needs it.
struct ReviewDocument {
  long long id = 0;
  std::string sha256;
  std::string file_name, path;
  std::optional<std::string> form;
  std::string template_id;
  std::optional<int> fiscal_year;
  std::optional<std::string> group_name;
  std::string ingested_at;
  struct PageSize {
    int number = 0;
    double width = 0, height = 0;  // points
    std::string method;            // "text" | "ocr"
  };
  std::vector<PageSize> pages;
};

// What the rules said of one value after the last save (`rechecks`).
struct Recheck {
  ValueKey key;
  std::string status;     // "ok" | "review"
  bool by_rules = false;  // it became ok only because the rules now hold
};

// The effective values of one document, in the order the measures were stored (entered values
// last).
Result<std::vector<EffectiveValue>> EffectiveValuesOf(Database& db, long long document_id);
// Every value whose effective status is review, by document, page, position on the page.
Result<std::vector<EffectiveValue>> ValuesInReview(Database& db);
// Loaded documents of a known form, by id; `id` 0: all of them.
Result<std::vector<ReviewDocument>> ReviewDocuments(Database& db, long long id = 0);
// The findings stored for a document at its reading, in order.
Result<std::vector<Finding>> StoredFindings(Database& db, long long document_id);

// The id of the latest review of `key`, 0 when it has none.
Result<long long> LatestReviewId(Database& db, const ValueKey& key);
// Every review of `key`, oldest first.
Result<std::vector<Review>> ReviewHistory(Database& db, const ValueKey& key);
// Appends `review` (its id and time are set by the store); returns the new id.
Result<long long> AppendReview(Database& db, const Review& review);
// Replaces the rechecks of the document with content `sha256`, as it is now (ingested_at).
Status ReplaceRechecks(Database& db, const std::string& sha256,
                       const std::vector<Recheck>& rechecks);
// Latest reviews whose key no longer exists (view orphan_reviews), by id.
Result<std::vector<Review>> OrphanReviews(Database& db);

// The smallest table cell of the document's page `page` that holds the point (x, y) (points);
// none when no cell does.
Result<std::optional<Box>> CellAt(Database& db, long long document_id, int page, double x,
                                  double y);

// How many values stand how, over the whole store (for `status`).
struct ReviewCounts {
  long long values = 0;
  long long by_person = 0;  // settled by a person (any action)
  long long by_rules = 0;   // ok only since the rules hold on corrected values
  long long in_review = 0;  // effective status review
  long long orphans = 0;    // settlements whose key no longer exists
};
Result<ReviewCounts> CountReviews(Database& db);

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_REVIEWS_H_
