#include "fields/validate.h"

#include <algorithm>
#include <map>
#include <string>

namespace tsuzuri {
namespace {

// The measures of one section arranged by row (institution rows and the total row as printed;
// a metric_rows table is one row), period and metric.
struct SectionView {
  struct Row {
    std::optional<std::string> institution;
    bool is_total = false;
    std::map<std::pair<std::string, std::string>, Measure*> cells;  // (period, metric)
  };
  std::vector<Row> rows;

  Measure* Get(Row& r, const std::string& period, const std::string& metric) const {
    auto it = r.cells.find({period, metric});
    return it == r.cells.end() ? nullptr : it->second;
  }
};

SectionView View(const std::string& section, std::vector<Measure>& measures) {
  SectionView v;
  for (Measure& m : measures) {
    if (m.section != section) continue;
    if (v.rows.empty() || v.rows.back().institution != m.institution ||
        v.rows.back().is_total != m.is_total || v.rows.back().cells.count({m.period, m.metric})) {
      v.rows.push_back({m.institution, m.is_total, {}});
    }
    v.rows.back().cells[{m.period, m.metric}] = &m;
  }
  return v;
}

std::string Fill(std::string message, const std::map<std::string, std::string>& values) {
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '{') {
      const size_t close = message.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(message.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out += message[i];
  }
  return out;
}

std::string RowLabel(const SectionView::Row& r, const std::string& metric) {
  if (r.institution) return *r.institution;
  return metric;
}

const std::string& NameOf(const Labeled& l) { return l.name; }
const std::string& NameOf(const std::string& s) { return s; }

bool Holds(long long lhs, const std::string& op, long long rhs) {
  return op == "<=" ? lhs <= rhs : lhs == rhs;
}

void Review(std::initializer_list<Measure*> ms) {
  for (Measure* m : ms) {
    if (m) m->status = ValueStatus::kReview;
  }
}

}  // namespace

void Validate(const Template& tmpl, Record& record) {
  std::vector<Finding> findings;
  for (const SectionSpec& spec : tmpl.sections) {
    SectionView view = View(spec.id, record.measures);
    // The matcher's findings (missing and unreadable values) come first, by period and metric;
    // within one period and metric they keep their row order.
    std::vector<Finding> own;
    for (const Finding& f : record.findings) {
      if (f.section == spec.id) own.push_back(f);
    }
    auto index = [](const auto& list, const std::string& name) {
      for (size_t i = 0; i < list.size(); ++i) {
        if (NameOf(list[i]) == name) return i;
      }
      return list.size();
    };
    std::stable_sort(own.begin(), own.end(), [&](const Finding& a, const Finding& b) {
      return std::pair(index(spec.periods, a.period), index(spec.metrics, a.metric)) <
             std::pair(index(spec.periods, b.period), index(spec.metrics, b.metric));
    });
    findings.insert(findings.end(), own.begin(), own.end());
    for (const RuleSpec& rule : tmpl.rules) {
      if (std::find(rule.sections.begin(), rule.sections.end(), spec.id) == rule.sections.end()) continue;
      for (const Labeled& period : spec.periods) {
        for (const std::string& metric : spec.metrics) {
          switch (rule.kind) {
            case RuleSpec::Kind::kRowEquation: {
              if (metric != rule.lhs) continue;
              for (SectionView::Row& r : view.rows) {
                Measure* lhs = view.Get(r, period.name, rule.lhs);
                if (!lhs || !lhs->value) continue;
                std::map<std::string, std::string> vals{{"row", RowLabel(r, metric)},
                                                        {"lhs", std::to_string(*lhs->value)},
                                                        {rule.lhs, std::to_string(*lhs->value)}};
                long long sum = 0;
                bool complete = true;
                std::vector<Measure*> terms;
                for (const auto& [sign, name] : rule.rhs) {
                  Measure* t = view.Get(r, period.name, name);
                  if (!t || !t->value) {
                    complete = false;
                    break;
                  }
                  sum += sign * *t->value;
                  vals[name] = std::to_string(*t->value);
                  terms.push_back(t);
                }
                if (!complete || Holds(*lhs->value, rule.op, sum)) continue;
                vals["rhs"] = std::to_string(sum);
                lhs->status = ValueStatus::kReview;
                for (Measure* t : terms) t->status = ValueStatus::kReview;
                findings.push_back({rule.id, rule.severity, spec.id, period.name, rule.lhs,
                                    Fill(rule.message, vals)});
              }
              break;
            }
            case RuleSpec::Kind::kSumOfRows: {
              SectionView::Row* total = nullptr;
              for (SectionView::Row& r : view.rows) {
                if (r.is_total) total = &r;
              }
              if (!total) continue;
              Measure* t = view.Get(*total, period.name, metric);
              if (!t || !t->value) continue;
              long long sum = 0;
              bool complete = true;
              std::vector<Measure*> parts;
              for (SectionView::Row& r : view.rows) {
                if (r.is_total) continue;
                Measure* m = view.Get(r, period.name, metric);
                if (!m) continue;
                if (!m->value) {
                  complete = false;
                  break;
                }
                sum += *m->value;
                parts.push_back(m);
              }
              if (!complete || parts.empty() || sum == *t->value) continue;
              t->status = ValueStatus::kReview;
              for (Measure* m : parts) m->status = ValueStatus::kReview;
              findings.push_back({rule.id, rule.severity, spec.id, period.name, metric,
                                  Fill(rule.message, {{"lhs", std::to_string(*t->value)},
                                                      {"rhs", std::to_string(sum)},
                                                      {"row", "total"}})});
              break;
            }
            case RuleSpec::Kind::kPeriodEquation: {
              if (period.name != rule.lhs) continue;
              for (SectionView::Row& r : view.rows) {
                Measure* lhs = view.Get(r, rule.lhs, metric);
                if (!lhs || !lhs->value) continue;
                std::map<std::string, std::string> vals{{"row", RowLabel(r, metric)},
                                                        {"lhs", std::to_string(*lhs->value)},
                                                        {rule.lhs, std::to_string(*lhs->value)}};
                long long sum = 0;
                bool complete = true;
                std::vector<Measure*> terms;
                for (const auto& [sign, name] : rule.rhs) {
                  Measure* t = view.Get(r, name, metric);
                  if (!t || !t->value) {
                    complete = false;
                    break;
                  }
                  sum += sign * *t->value;
                  vals[name] = std::to_string(*t->value);
                  terms.push_back(t);
                }
                if (!complete || Holds(*lhs->value, rule.op, sum)) continue;
                vals["rhs"] = std::to_string(sum);
                Review({lhs});
                for (Measure* t : terms) t->status = ValueStatus::kReview;
                findings.push_back({rule.id, rule.severity, spec.id, period.name, metric,
                                    Fill(rule.message, vals)});
              }
              break;
            }
          }
        }
      }
    }
  }
  // Findings about no section (none today) keep their place at the end.
  for (const Finding& f : record.findings) {
    if (std::none_of(tmpl.sections.begin(), tmpl.sections.end(),
                     [&](const SectionSpec& s) { return s.id == f.section; })) {
      findings.push_back(f);
    }
  }
  record.findings = std::move(findings);
}

}  // namespace tsuzuri
