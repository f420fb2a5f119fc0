#include "review/settle.h"

#include <algorithm>
#include <set>

#include "review/revalidate.h"

namespace tsuzuri {
namespace {

// A rule instance by its rule and the keys of its operands: the same instance before and after a
// save, whatever the values.
using InstanceId = std::pair<std::string, std::set<ValueKey>>;

std::vector<std::pair<InstanceId, Finding>> Failing(const Revalidation& r,
                                                    const std::vector<EffectiveValue>& values) {
  std::vector<std::pair<InstanceId, Finding>> out;
  for (const RuleInstance& i : r.instances) {
    if (!i.evaluated || i.holds) continue;
    InstanceId id{i.rule, {}};
    for (size_t o : i.operands) id.second.insert(values[o].key);
    out.emplace_back(std::move(id), i.finding);
  }
  return out;
}

std::string ValueText(const std::optional<long long>& v) {
  return v ? std::to_string(*v) : "none";
}

Status Check(const SettleRequest& r, const QueueItem& item) {
  if (r.reviewer.empty()) return Status::InvalidArgument("a reviewer's name is needed");
  const bool read = item.value.measure_id.has_value();
  const bool entered = !read && item.value.review_id > 0;
  switch (r.action) {
    case Settlement::kConfirmed:
      if (!read && !entered) {
        return Status::InvalidArgument("item " + item.id +
                                       " was not read: there is nothing to confirm; type its "
                                       "value, or mark it unreadable");
      }
      break;
    case Settlement::kCorrected:
    case Settlement::kEntered:
      if (!r.value) return Status::InvalidArgument("a value is needed");
      break;
    case Settlement::kAsPrinted:
      if (r.note.empty()) {
        return Status::InvalidArgument(
            "'as printed' needs a note saying how the document is inconsistent");
      }
      if (!read && !entered && !r.value) return Status::InvalidArgument("a value is needed");
      break;
    case Settlement::kUnreadable:
      break;
  }
  return Status::Ok();
}

Result<std::vector<EffectiveValue>> ValuesOf(Database& db, long long document_id) {
  return EffectiveValuesOf(db, document_id);
}

}  // namespace

std::string DescribeKey(const ValueKey& k) {
  std::string s = k.metric + " (" + k.period + ")";
  if (k.is_total) return s + " of the total row";
  if (k.institution) return s + " of " + *k.institution;
  return s;
}

Result<SettleOutcome> Settle(Database& db, const TemplateSet& templates,
                             const SettleRequest& request) {
  SettleOutcome out;
  Status s = db.InWriteTransaction([&]() -> Status {
    Result<QueueItem> item = FindItem(db, templates, request.item_id);
    if (!item.ok()) return item.status();
    if (Status c = Check(request, *item); !c.ok()) return c;
    const ValueKey key = item->value.key;
    Result<long long> latest = LatestReviewId(db, key);
    if (!latest.ok()) return latest.status();
    if (request.expected_version && *request.expected_version != *latest) {
      Result<std::vector<Review>> history = ReviewHistory(db, key);
      if (!history.ok()) return history.status();
      out.stale = true;
      out.message = DescribeKey(key) + " was settled meanwhile";
      if (!history->empty()) {
        const Review& last = history->back();
        out.message += " by " + last.reviewer + " (" + SettlementName(last.action) + ", " +
                       ValueText(last.new_value) + ", " + last.reviewed_at + ")";
      }
      out.message += "; nothing was saved: look at it again";
      out.item = std::move(*item);
      return Status::Ok();  // nothing written; the transaction commits empty
    }
    const bool read = item->value.measure_id.has_value();
    Review r;
    r.key = key;
    r.action = request.action;
    if (!read && item->value.review_id == 0 && request.action != Settlement::kUnreadable &&
        request.action != Settlement::kAsPrinted) {
      r.action = Settlement::kEntered;  // a value the reading did not give
    } else if (read && request.action == Settlement::kEntered) {
      r.action = Settlement::kCorrected;
    }
    r.old_value = item->value.value;
    switch (r.action) {
      case Settlement::kConfirmed:
        r.new_value = item->value.value;
        break;
      case Settlement::kUnreadable:
        r.new_value = std::nullopt;
        break;
      case Settlement::kAsPrinted:
        r.new_value = request.value ? request.value : item->value.value;
        break;
      default:
        r.new_value = request.value;
    }
    r.note = request.note;
    r.reviewer = request.reviewer;
    r.unit = item->value.unit;
    if (!read) {
      r.page = request.page ? request.page : item->value.page;
      r.box = request.box;
    }

    Result<std::vector<ReviewDocument>> doc = ReviewDocuments(db, item->document_id);
    if (!doc.ok()) return doc.status();
    const Template* tmpl =
        doc->empty() ? nullptr : FindTemplate(templates, doc->front().template_id);
    Result<std::vector<EffectiveValue>> before = ValuesOf(db, item->document_id);
    if (!before.ok()) return before.status();

    Result<long long> id = AppendReview(db, r);
    if (!id.ok()) return id.status();
    out.review_id = *id;

    Result<std::vector<EffectiveValue>> after = ValuesOf(db, item->document_id);
    if (!after.ok()) return after.status();
    if (tmpl != nullptr) {
      const Revalidation was = Revalidate(*tmpl, *before);
      const Revalidation now = Revalidate(*tmpl, *after);
      if (Status w = ReplaceRechecks(db, key.sha256, now.rechecks); !w.ok()) return w;
      const auto failing_before = Failing(was, *before), failing_now = Failing(now, *after);
      auto contains = [](const auto& list, const InstanceId& id) {
        return std::any_of(list.begin(), list.end(), [&](const auto& p) { return p.first == id; });
      };
      for (const auto& [iid, f] : failing_before) {
        if (!contains(failing_now, iid)) out.closed.push_back(f);
      }
      for (const auto& [iid, f] : failing_now) {
        if (!contains(failing_before, iid)) out.opened.push_back(f);
      }
      for (const Recheck& c : now.rechecks) {
        if (!c.by_rules) continue;
        const bool already = std::any_of(was.rechecks.begin(), was.rechecks.end(),
                                          [&](const Recheck& o) { return o.key == c.key && o.by_rules; });
        if (!already) out.by_rules.push_back(DescribeKey(c.key));
      }
    }
    Result<QueueItem> now_item = FindItem(db, templates, request.item_id);
    if (!now_item.ok()) return now_item.status();
    out.item = std::move(*now_item);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int> RefreshRechecks(Database& db, const TemplateSet& templates) {
  std::vector<long long> stale;
  Status s = db.Query(
      "SELECT d.id FROM documents AS d WHERE d.status = 'loaded' "
      "AND EXISTS (SELECT 1 FROM reviews AS r WHERE r.sha256 = d.sha256) "
      "AND NOT EXISTS (SELECT 1 FROM rechecks AS c WHERE c.sha256 = d.sha256 "
      "AND c.ingested_at = d.ingested_at)",
      {}, [&](const std::vector<SqlValue>& r) {
        stale.push_back(std::get<long long>(r[0]));
        return Status::Ok();
      });
  if (!s.ok()) return s;
  int refreshed = 0;
  for (long long id : stale) {
    s = db.InWriteTransaction([&]() -> Status {
      Result<std::vector<ReviewDocument>> doc = ReviewDocuments(db, id);
      if (!doc.ok()) return doc.status();
      if (doc->empty()) return Status::Ok();
      const Template* tmpl = FindTemplate(templates, doc->front().template_id);
      if (tmpl == nullptr) return Status::Ok();
      Result<std::vector<EffectiveValue>> values = EffectiveValuesOf(db, id);
      if (!values.ok()) return values.status();
      ++refreshed;
      return ReplaceRechecks(db, doc->front().sha256, Revalidate(*tmpl, *values).rechecks);
    });
    if (!s.ok()) return s;
  }
  return refreshed;
}

}  // namespace tsuzuri
