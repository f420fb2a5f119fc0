#include "review/queue.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "review/revalidate.h"

namespace tsuzuri {
namespace {

bool IsMissingRule(const std::string& rule) {
  return rule == "missing_row" || rule == "missing_column" || rule == "missing_section";
}

bool IsTemplateRule(const Template* tmpl, const std::string& rule) {
  if (tmpl == nullptr) return false;
  return std::any_of(tmpl->rules.begin(), tmpl->rules.end(),
                     [&](const RuleSpec& r) { return r.id == rule; });
}

// A document with everything the queue says about it.
struct DocumentState {
  ReviewDocument doc;
  const Template* tmpl = nullptr;
  std::vector<EffectiveValue> values;
  std::vector<Finding> stored;
  Revalidation rules;
  // Keys the form expects that the reading did not give (entered ones included: an id stays).
  std::vector<EffectiveValue> missing;
  // The names of the document's institution rows, and "total row": what a finding may name.
  std::vector<std::string> rows;
};

// The keys of sections the matcher said are incomplete (missing_row, missing_column,
// missing_section) that no value read has: every row (the institutions of the sections that list
// the same rows, and the total row) by every period and metric of the section.
std::vector<EffectiveValue> MissingKeys(const DocumentState& s) {
  std::vector<EffectiveValue> out;
  if (s.tmpl == nullptr) return out;
  std::set<std::string> incomplete;
  for (const Finding& f : s.stored) {
    // Errors only: a missing total row said as a warning is a form (or a page) without one.
    if (IsMissingRule(f.rule) && f.severity == Severity::kError) incomplete.insert(f.section);
  }
  if (incomplete.empty()) return out;
  std::set<ValueKey> read;
  for (const EffectiveValue& v : s.values) {
    if (v.measure_id) read.insert(v.key);
  }
  const auto& same = s.tmpl->same_rows;
  for (const SectionSpec& spec : s.tmpl->sections) {
    if (!incomplete.count(spec.id)) continue;
    struct Row {
      std::optional<std::string> institution;
      bool is_total = false;
    };
    std::vector<Row> rows;
    std::vector<std::string> metrics = spec.metrics;
    std::optional<int> page;
    if (spec.layout == SectionSpec::Layout::kMetricRows) {
      rows.push_back({std::nullopt, false});
      if (metrics.empty()) {
        for (const Labeled& m : spec.metric_rows) metrics.push_back(m.name);
      }
    } else {
      const bool listed = std::find(same.begin(), same.end(), spec.id) != same.end();
      std::optional<std::string> total;
      std::set<std::string> seen;
      for (const EffectiveValue& v : s.values) {
        const bool mine = v.key.section == spec.id;
        if (!mine && !(listed && std::find(same.begin(), same.end(), v.key.section) != same.end()))
          continue;
        if (v.key.is_total) {
          if (!total || mine) total = v.key.institution;
          continue;
        }
        if (v.key.institution && seen.insert(*v.key.institution).second) {
          rows.push_back({v.key.institution, false});
        }
      }
      if (total && spec.total_row) rows.push_back({total, true});
    }
    for (const EffectiveValue& v : s.values) {
      if (v.key.section == spec.id && v.page) page = v.page;
    }
    for (const Row& row : rows) {
      for (const Labeled& period : spec.periods) {
        for (const std::string& metric : metrics) {
          EffectiveValue v;
          v.document_id = s.doc.id;
          v.key = {s.doc.sha256, spec.id, row.institution, row.is_total, period.name, metric};
          if (read.count(v.key)) continue;
          v.unit = spec.unit;
          v.status = "review";
          v.page = page;
          out.push_back(std::move(v));
        }
      }
    }
  }
  return out;
}

Result<DocumentState> LoadDocument(Database& db, const TemplateSet& templates,
                                   ReviewDocument doc) {
  DocumentState s;
  s.doc = std::move(doc);
  s.tmpl = FindTemplate(templates, s.doc.template_id);
  Result<std::vector<EffectiveValue>> values = EffectiveValuesOf(db, s.doc.id);
  if (!values.ok()) return values.status();
  s.values = std::move(*values);
  Result<std::vector<Finding>> stored = StoredFindings(db, s.doc.id);
  if (!stored.ok()) return stored.status();
  s.stored = std::move(*stored);
  if (s.tmpl != nullptr) s.rules = Revalidate(*s.tmpl, s.values);
  s.missing = MissingKeys(s);
  std::set<std::string> seen;
  s.rows.push_back("total row");
  for (const EffectiveValue& v : s.values) {
    if (v.key.institution && !v.key.is_total && seen.insert(*v.key.institution).second) {
      s.rows.push_back(*v.key.institution);
    }
  }
  return s;
}

// Whether a stored finding (not a rule's: those are run again) is about value `v`: same section,
// its period and metric when it names them, and its message naming v's row when it names a row.
bool About(const Finding& f, const EffectiveValue& v, const std::vector<std::string>& rows) {
  if (f.section != v.key.section) return false;
  if (!f.period.empty() && f.period != v.key.period) return false;
  if (!f.metric.empty() && f.metric != v.key.metric) return false;
  const std::string mine = v.key.is_total ? "total row" : v.key.institution.value_or("");
  bool names_a_row = false;
  for (const std::string& r : rows) {
    if (f.message.find(r) != std::string::npos) names_a_row = true;
  }
  if (!names_a_row || mine.empty()) return true;
  return f.message.find(mine) != std::string::npos;
}

QueueItem MakeItem(const DocumentState& s, const EffectiveValue& v, std::optional<size_t> index,
                   std::string id) {
  QueueItem item;
  item.id = std::move(id);
  item.missing = !index.has_value() && !v.measure_id;
  item.document_id = s.doc.id;
  item.file_name = s.doc.file_name;
  item.form = s.doc.form;
  item.fiscal_year = s.doc.fiscal_year;
  item.group_name = s.doc.group_name;
  item.value = v;
  if (index && *index < s.rules.failing.size()) {
    for (size_t n : s.rules.failing[*index]) {
      const RuleInstance& r = s.rules.instances[n];
      item.findings.push_back(r.finding);
      for (size_t o : r.operands) {
        const EffectiveValue& other = s.values[o];
        if (o != *index && other.box && other.page == v.page) item.related.push_back(*other.box);
      }
    }
  }
  for (const Finding& f : s.stored) {
    if (IsTemplateRule(s.tmpl, f.rule)) continue;
    if (item.missing ? (IsMissingRule(f.rule) && f.section == v.key.section)
                     : About(f, v, s.rows)) {
      item.findings.push_back(f);
    }
  }
  return item;
}

// The document's items that need a person, in order: values by page and place, then missing keys
// not yet entered.
void AddItems(const DocumentState& s, std::vector<QueueItem>& out) {
  std::vector<size_t> order;
  for (size_t i = 0; i < s.values.size(); ++i) {
    if (!s.values[i].measure_id) continue;
    const bool person = s.values[i].settled_by && *s.values[i].settled_by != "rules";
    if (person) continue;
    // The status after the rules ran again on the values as settled.
    const bool review =
        s.tmpl != nullptr ? s.rules.review[i] : s.values[i].status == "review";
    if (review) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const EffectiveValue &x = s.values[a], &y = s.values[b];
    const double xy = x.box ? x.box->y0 : 0, yy = y.box ? y.box->y0 : 0;
    const double xx = x.box ? x.box->x0 : 0, yx = y.box ? y.box->x0 : 0;
    return std::tuple(x.page.value_or(0), xy, xx) < std::tuple(y.page.value_or(0), yy, yx);
  });
  for (size_t i : order) {
    out.push_back(MakeItem(s, s.values[i], i, std::to_string(*s.values[i].measure_id)));
  }
  std::set<ValueKey> entered;
  for (const EffectiveValue& v : s.values) {
    if (!v.measure_id) entered.insert(v.key);
  }
  for (size_t k = 0; k < s.missing.size(); ++k) {
    if (entered.count(s.missing[k].key)) continue;
    out.push_back(MakeItem(s, s.missing[k], std::nullopt,
                           "n" + std::to_string(s.doc.id) + "." + std::to_string(k + 1)));
  }
}

}  // namespace

bool QueueFilter::Matches(const QueueItem& item) const {
  if (!form.empty() && item.form != form) return false;
  if (!group.empty() && item.group_name != group) return false;
  if (!section.empty() && item.value.key.section != section) return false;
  if (fiscal_year && item.fiscal_year != fiscal_year) return false;
  if (document_id && item.document_id != *document_id) return false;
  if (!rule.empty() && std::none_of(item.findings.begin(), item.findings.end(),
                                    [&](const Finding& f) { return f.rule == rule; })) {
    return false;
  }
  return true;
}

Result<std::vector<QueueItem>> BuildQueue(Database& db, const TemplateSet& templates,
                                          const QueueFilter& filter) {
  Result<std::vector<ReviewDocument>> docs = ReviewDocuments(db, filter.document_id.value_or(0));
  if (!docs.ok()) return docs.status();
  std::vector<QueueItem> out;
  for (ReviewDocument& d : *docs) {
    if (!filter.form.empty() && d.form != filter.form) continue;
    if (!filter.group.empty() && d.group_name != filter.group) continue;
    if (filter.fiscal_year && d.fiscal_year != filter.fiscal_year) continue;
    Result<DocumentState> s = LoadDocument(db, templates, std::move(d));
    if (!s.ok()) return s.status();
    std::vector<QueueItem> items;
    AddItems(*s, items);
    for (QueueItem& item : items) {
      if (filter.Matches(item)) out.push_back(std::move(item));
    }
  }
  return out;
}

Result<QueueItem> FindItem(Database& db, const TemplateSet& templates, const std::string& id) {
  long long document_id = 0;
  std::optional<long long> measure_id;
  size_t missing_index = 0;
  // A whole number in [from, to), nothing else.
  auto number = [&id](size_t from, size_t to, auto& out) {
    if (from >= to) return false;
    const auto [end, error] = std::from_chars(id.data() + from, id.data() + to, out);
    return error == std::errc() && end == id.data() + to;
  };
  bool valid = false;
  if (!id.empty() && id[0] == 'n') {
    const size_t dot = id.find('.');
    valid = dot != std::string::npos && number(1, dot, document_id) &&
            number(dot + 1, id.size(), missing_index);
  } else {
    long long m = 0;
    valid = number(0, id.size(), m);
    if (valid) measure_id = m;
  }
  if (!valid) {
    return Status::InvalidArgument("'" + id +
                                   "' is not an item id (a number, or n<document>.<k> for a "
                                   "value the reading did not give)");
  }
  if (measure_id) {
    Status s = db.Query("SELECT document_id FROM measures WHERE id = ?1", {*measure_id},
                        [&](const std::vector<SqlValue>& r) {
                          document_id = std::get<long long>(r[0]);
                          return Status::Ok();
                        });
    if (!s.ok()) return s;
  }
  Result<std::vector<ReviewDocument>> docs =
      document_id > 0 ? ReviewDocuments(db, document_id) : std::vector<ReviewDocument>{};
  if (!docs.ok()) return docs.status();
  if (docs->empty()) return Status::NotFound("no item " + id);
  Result<DocumentState> s = LoadDocument(db, templates, std::move(docs->front()));
  if (!s.ok()) return s.status();
  if (measure_id) {
    for (size_t i = 0; i < s->values.size(); ++i) {
      if (s->values[i].measure_id == measure_id) return MakeItem(*s, s->values[i], i, id);
    }
    return Status::NotFound("no item " + id);
  }
  if (missing_index < 1 || missing_index > s->missing.size()) {
    return Status::NotFound("no item " + id);
  }
  const EffectiveValue& key = s->missing[missing_index - 1];
  for (size_t i = 0; i < s->values.size(); ++i) {
    if (!s->values[i].measure_id && s->values[i].key == key.key) {
      QueueItem item = MakeItem(*s, s->values[i], i, id);  // entered already: shows how
      return item;
    }
  }
  return MakeItem(*s, key, std::nullopt, id);
}

}  // namespace tsuzuri
