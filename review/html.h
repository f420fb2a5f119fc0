// The review page's HTML, rendered on the server: the queue with its filters, the item being
// reviewed (the page image zoomed to its cell, its value, readings and findings, the keys to
// press), and the end of the queue. Everything the script needs is in data- attributes (the
// Content-Security-Policy allows no inline script). Text is escaped here, once.
// Thread safety: free functions over values.
#ifndef TSUZURI_REVIEW_HTML_H_
#define TSUZURI_REVIEW_HTML_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "review/queue.h"
#include "store/reviews.h"

namespace tsuzuri {

// What one rendering of the page shows.
struct PageView {
  std::string csrf_token;
  std::string reviewer;
  std::string db_path;
  QueueFilter filter;
  std::vector<QueueItem> queue;          // as filtered
  std::optional<size_t> current;         // index in `queue`; none with `item` set: not queued
  std::optional<QueueItem> item;         // the item shown (none: the queue is done)
  std::optional<ReviewDocument> document;
  std::vector<Review> history;           // of the item's key
  std::string next_id;                   // the item after this one ("" at the end)
  double dpi = 150;
  std::vector<std::string> forms, groups, sections, rules;  // filter choices
  std::vector<int> years;
};

std::string EscapeHtml(std::string_view text);
// "form=a&year=2022": the filter as a query string (values percent-encoded), "" when none.
std::string FilterQuery(const QueueFilter& filter);

std::string RenderPage(const PageView& view);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_HTML_H_
