#include "fields/validate.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "core/kana.h"
#include "core/utf8.h"

namespace tsuzuri {
namespace {

// The measures of one section arranged by row (institution rows and the total row as printed;
// a metric_rows table is one row), period and metric. Pointers into the record's measures.
struct SectionView {
  struct Row {
    std::optional<std::string> institution;
    bool is_total = false;
    std::map<std::pair<std::string, std::string>, Measure*> cells;  // (period, metric)
  };
  std::vector<Row> rows;

  static Measure* Get(const Row& r, const std::string& period, const std::string& metric) {
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

std::string Fill(const std::string& message, const std::map<std::string, std::string>& values) {
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
  return r.institution ? *r.institution : metric;
}

// 「patients (current) of A医院」, 「patients (plan) of the total row」; a value of no institution
// (referrals): 「emergency_admissions (diff)」.
std::string Describe(const Measure& m) {
  const std::string what = m.metric + " (" + m.period + ")";
  if (m.is_total) return what + " of the total row";
  return m.institution ? what + " of " + *m.institution : what;
}

const std::string& NameOf(const Labeled& l) { return l.name; }
const std::string& NameOf(const std::string& s) { return s; }

// A failed rule: its finding and the values it involved.
struct Failure {
  Finding finding;
  std::vector<Measure*> involved;
};

// An equation over one row: names are metrics (row equations: fixed period) or periods (period
// equations: fixed metric). Returns the failure, or nothing when it holds or cannot be evaluated.
std::optional<Failure> CheckEquation(const RuleSpec& rule, const SectionSpec& spec,
                                     const SectionView::Row& r, const std::string& period,
                                     const std::string& metric) {
  const bool by_metric = rule.kind == RuleSpec::Kind::kRowEquation;
  auto get = [&](const std::string& name) {
    return by_metric ? SectionView::Get(r, period, name) : SectionView::Get(r, name, metric);
  };
  Measure* lhs = get(rule.lhs);
  if (!lhs || !lhs->value) return std::nullopt;
  std::map<std::string, std::string> vals{{"row", RowLabel(r, metric)},
                                          {"lhs", std::to_string(*lhs->value)},
                                          {rule.lhs, std::to_string(*lhs->value)}};
  long long sum = 0;
  std::vector<Measure*> involved{lhs};
  for (const auto& [sign, name] : rule.rhs) {
    Measure* t = get(name);
    if (!t || !t->value) return std::nullopt;
    sum += sign * *t->value;
    vals[name] = std::to_string(*t->value);
    involved.push_back(t);
  }
  const bool holds = rule.op == "<=" ? *lhs->value <= sum : *lhs->value == sum;
  if (holds) return std::nullopt;
  vals["rhs"] = std::to_string(sum);
  return Failure{{rule.id, rule.severity, spec.id, period, by_metric ? rule.lhs : metric,
                  Fill(rule.message, vals)},
                 std::move(involved)};
}

// Calls `each(rule, period, metric)` for every place a rule of the template applies in this
// section, in order: rule, period, metric (a row equation at its left-hand metric, a period
// equation at its left-hand period, sum_of_rows everywhere).
void ForEachRulePlace(
    const Template& tmpl, const SectionSpec& spec,
    const std::function<void(const RuleSpec&, const std::string&, const std::string&)>& each) {
  for (const RuleSpec& rule : tmpl.rules) {
    if (std::find(rule.sections.begin(), rule.sections.end(), spec.id) == rule.sections.end())
      continue;
    for (const Labeled& period : spec.periods) {
      for (const std::string& metric : spec.metrics) {
        if (rule.kind == RuleSpec::Kind::kRowEquation && metric != rule.lhs) continue;
        if (rule.kind == RuleSpec::Kind::kPeriodEquation && period.name != rule.lhs) continue;
        each(rule, period.name, metric);
      }
    }
  }
}

// Every failure of the template's rules in one section, in order: rule, period, metric, row.
// Reads the values; changes nothing.
std::vector<Failure> Evaluate(const Template& tmpl, const SectionSpec& spec,
                              const SectionView& view) {
  std::vector<Failure> out;
  ForEachRulePlace(
      tmpl, spec, [&](const RuleSpec& rule, const std::string& period, const std::string& metric) {
        if (rule.kind != RuleSpec::Kind::kSumOfRows) {
          for (const SectionView::Row& r : view.rows) {
            if (auto f = CheckEquation(rule, spec, r, period, metric)) out.push_back(std::move(*f));
          }
          return;
        }
        const SectionView::Row* total = nullptr;
        for (const SectionView::Row& r : view.rows) {
          if (r.is_total) total = &r;
        }
        if (!total) return;
        Measure* t = SectionView::Get(*total, period, metric);
        if (!t || !t->value) return;
        long long sum = 0;
        std::vector<Measure*> involved{t};
        bool complete = true;
        for (const SectionView::Row& r : view.rows) {
          if (r.is_total) continue;
          Measure* m = SectionView::Get(r, period, metric);
          if (!m) continue;
          if (!m->value) complete = false;
          if (m->value) sum += *m->value;
          involved.push_back(m);
        }
        if (!complete || involved.size() < 2 || sum == *t->value) return;
        out.push_back(Failure{{rule.id, rule.severity, spec.id, period, metric,
                               Fill(rule.message, {{"lhs", std::to_string(*t->value)},
                                                   {"rhs", std::to_string(sum)},
                                                   {"row", RowLabel(*total, metric)}})},
                              std::move(involved)});
      });
  return out;
}

bool ReadByOcr(const Measure& m) { return m.second_read || m.confidence < 1.0; }

// Calls `each(rule, period, metric, operands, row)` for every instance of a rule in this section
// whose operands are all there (a value, or a blank): a sum_of_rows with its total row and at
// least one other row (`row` empty), an equation in each row that has all its operands (`row`
// the row's label).
void ForEachRuleInstance(
    const Template& tmpl, const SectionSpec& spec, const SectionView& view,
    const std::function<void(const RuleSpec&, const std::string&, const std::string&,
                             const std::vector<Measure*>&, const std::string&)>& each) {
  ForEachRulePlace(
      tmpl, spec, [&](const RuleSpec& rule, const std::string& period, const std::string& metric) {
        if (rule.kind == RuleSpec::Kind::kSumOfRows) {
          std::vector<Measure*> operands;
          for (const SectionView::Row& r : view.rows) {
            if (Measure* m = SectionView::Get(r, period, metric)) operands.push_back(m);
          }
          const bool has_total = std::any_of(operands.begin(), operands.end(),
                                             [](const Measure* m) { return m->is_total; });
          if (has_total && operands.size() >= 2) each(rule, period, metric, operands, "");
          return;
        }
        // A row or period equation: its operands in this row, when the row has them all.
        const bool by_metric = rule.kind == RuleSpec::Kind::kRowEquation;
        std::vector<std::string> names{rule.lhs};
        for (const auto& [sign, name] : rule.rhs) names.push_back(name);
        for (const SectionView::Row& r : view.rows) {
          std::vector<Measure*> operands;
          for (const std::string& name : names) {
            Measure* m =
                by_metric ? SectionView::Get(r, period, name) : SectionView::Get(r, name, metric);
            if (m) operands.push_back(m);
          }
          if (operands.size() == names.size()) {
            each(rule, period, metric, operands, RowLabel(r, metric));
          }
        }
      });
}

// Rule instances that cannot be evaluated because an operand is blank or unreadable, while other
// operands were read by OCR: those values went unchecked by the detector that OCR needs (its
// confidence does not flag its errors; the rules do), so they need review. One Failure each, its
// `involved` the OCR'd values that are still ok. Reads the values; changes nothing.
std::vector<Failure> Unchecked(const Template& tmpl, const SectionSpec& spec,
                               const SectionView& view) {
  std::vector<Failure> out;
  ForEachRuleInstance(
      tmpl, spec, view,
      [&](const RuleSpec& rule, const std::string& period, const std::string& metric,
          const std::vector<Measure*>& operands, const std::string& row) {
        std::vector<std::string> blank;
        std::vector<Measure*> unchecked;
        for (Measure* m : operands) {
          if (!m->value) {
            blank.push_back(
                m->is_total
                    ? "the total row"
                    : (rule.kind == RuleSpec::Kind::kSumOfRows
                           ? m->institution.value_or(m->metric)
                           : (rule.kind == RuleSpec::Kind::kRowEquation ? m->metric : m->period)));
          } else if (ReadByOcr(*m) && m->status == ValueStatus::kOk) {
            unchecked.push_back(m);
          }
        }
        if (blank.empty() || unchecked.empty()) return;
        std::string missing;
        for (const std::string& b : blank) {
          missing += (missing.empty() ? "" : ", ") + b;
        }
        out.push_back(Failure{{"unchecked", Severity::kWarning, spec.id, period, metric,
                               rule.id + (row.empty() ? "" : " (" + row + ")") + ": not checked, " +
                                   missing + " has no value; the values read by OCR need review"},
                              std::move(unchecked)});
      });
  return out;
}

// A rule instance as a key: the rule's id and its operands (the same operands make the same
// instance, as Evaluate's Failure::involved and ForEachRuleInstance give them).
std::string InstanceKey(const std::string& rule, std::vector<const Measure*> operands) {
  std::sort(operands.begin(), operands.end());
  std::string key = rule;
  for (const Measure* m : operands) key += " " + std::to_string(reinterpret_cast<uintptr_t>(m));
  return key;
}

// How many rule instances of this section check each value as things stand (its operands all
// have a value), but for the instances in `ignored` (InstanceKey).
std::map<const Measure*, int> CheckedCount(const Template& tmpl, const SectionSpec& spec,
                                           const SectionView& view,
                                           const std::set<std::string>& ignored) {
  std::map<const Measure*, int> out;
  ForEachRuleInstance(
      tmpl, spec, view,
      [&](const RuleSpec& rule, const std::string&, const std::string&,
          const std::vector<Measure*>& operands, const std::string&) {
        if (!std::all_of(operands.begin(), operands.end(),
                         [](const Measure* m) { return m->value.has_value(); })) {
          return;
        }
        if (ignored.count(InstanceKey(rule.id, {operands.begin(), operands.end()}))) {
          return;
        }
        for (const Measure* m : operands) ++out[m];
      });
  return out;
}

// The values some rule instance of this section checks, but for the instances in `ignored`.
std::set<const Measure*> Checked(const Template& tmpl, const SectionSpec& spec,
                                 const SectionView& view, const std::set<std::string>& ignored) {
  std::set<const Measure*> out;
  for (const auto& [m, count] : CheckedCount(tmpl, spec, view, ignored)) out.insert(m);
  return out;
}

// How many rule instances of this section that hold (every operand has a value and none fails)
// each value is in.
std::map<const Measure*, int> RulesHeld(const Template& tmpl, const SectionSpec& spec,
                                        const SectionView& view) {
  std::set<std::string> failing;
  for (const Failure& f : Evaluate(tmpl, spec, view)) {
    failing.insert(InstanceKey(f.finding.rule, {f.involved.begin(), f.involved.end()}));
  }
  return CheckedCount(tmpl, spec, view, failing);
}

std::string ValueText(const std::optional<long long>& v) {
  return v ? std::to_string(*v) : "nothing";
}

// The alternative values of `m` that differ from its value only where a digit became 0: the
// digit both readings misread alike on the bench scans (the slashed 0 of IPAGothic read as 6 or
// 9, docs/ocr.md). Empty when `m` has no value.
std::vector<long long> ZeroAlternatives(const Measure& m) {
  std::vector<long long> out;
  if (!m.value) return out;
  const std::string read = std::to_string(*m.value);
  for (long long v : m.alternative_values) {
    const std::string alt = std::to_string(v);
    if (alt.size() != read.size() || alt == read) continue;
    bool zeros = true;
    for (size_t i = 0; i < alt.size(); ++i) zeros = zeros && (alt[i] == read[i] || alt[i] == '0');
    if (zeros) out.push_back(v);
  }
  return out;
}

// The slashed 0 of IPAGothic is read 9 by one reading and 6 by the other, or lost by one
// (「40」 read 4 and 49; docs/ocr.md): where the two readings of `m` give two different digits of
// 6, 8 and 9 at one place, the values with a 0 there instead (every combination of such places,
// each other digit as first read); where one reading is the other with one more digit of 6, 8
// and 9 at the end, the value with a 0 there; where one reading is the other with a 0 before one
// of its 6, 8 or 9 (209 and 29), the value with that digit a 0 (20). Empty when the readings
// differ otherwise.
std::vector<long long> ZerosBetweenReadings(const Measure& m) {
  std::vector<long long> out;
  if (!m.value || !m.second_value) return out;
  const std::string a = std::to_string(*m.value), b = std::to_string(*m.second_value);
  auto loop = [](char c) { return c == '6' || c == '8' || c == '9'; };
  if (a.size() != b.size()) {
    const std::string& shorter = a.size() < b.size() ? a : b;
    const std::string& longer = a.size() < b.size() ? b : a;
    if (longer.size() != shorter.size() + 1) return out;
    if (longer.compare(0, shorter.size(), shorter) == 0 && loop(longer.back())) {
      out.push_back(std::stoll(shorter + "0"));
    }
    // One reading gives 0 and a 6, 8 or 9 where the other gives that digit alone (「20」 read 29
    // and 209): the 0 read twice over, once as the digit.
    for (size_t i = 0; i < shorter.size(); ++i) {
      if (!loop(shorter[i]) || longer[i] != '0') continue;
      if (longer.compare(0, i, shorter, 0, i) != 0 ||
          longer.compare(i + 1, std::string::npos, shorter, i) != 0) {
        continue;
      }
      std::string zero = shorter;
      zero[i] = '0';
      out.push_back(std::stoll(zero));
    }
    return out;
  }
  std::vector<size_t> places;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (!loop(a[i]) || !loop(b[i])) return {};
    places.push_back(i);
  }
  if (places.empty() || places.size() > 3) return out;
  for (size_t subset = 1; subset < (size_t{1} << places.size()); ++subset) {
    std::string v = a;
    for (size_t k = 0; k < places.size(); ++k) {
      if (subset & (size_t{1} << k)) v[places[k]] = '0';
    }
    out.push_back(std::stoll(v));
  }
  return out;
}

// 「 (its recognizer also considered 0, 8)」: `values` but `m`'s first reading; empty when there
// are none.
// 「0, 8」: `values` but `m`'s first reading.
std::string ValueList(const Measure& m, const std::vector<long long>& values) {
  std::string list;
  for (long long v : values) {
    if (v != m.value) list += (list.empty() ? "" : ", ") + std::to_string(v);
  }
  return list;
}

std::string AlternativesText(const Measure& m, const std::vector<long long>& values) {
  const std::string list = ValueList(m, values);
  return list.empty() ? "" : " (its recognizer also considered " + list + ")";
}

// Values read twice (OCR) whose readings disagree. Each has candidates: the first reading, the
// second, and the values the second reading's recognizer also considered (alternative_values).
// Values both readings agree on join them when a rule instance fails on them and the recognizer
// considered a 0 for one of their digits: their candidates are the reading and those zeros
// (ZeroAlternatives) only. Their other alternatives are not tried: on the clean bench scans,
// trying them "repaired" two of the documents' own mistakes (差 8 where 9 is right, read 8 twice
// with 9 among the choices; an 8 in rows that do not sum, with 6), while the misreads both
// readings shared that the choices mended were all 0s (docs/ocr.md).
// Values that share a rule instance (directly or through others) form a group; groups are settled
// apart, as no rule joins them. In a group every combination of candidates is tried; a rule
// instance that fails in every one (another value of it, read alike, is wrong, or the document
// is) cannot tell them apart and is set aside; a combination is valid when no other rule
// instance that uses a value of the group fails. A value that takes the same candidate in every
// valid combination, and that a rule instance not set aside checks there, is settled: when that
// is not its first reading, it becomes that (an ocr_repair finding with the readings); it is ok
// (the rules, run next, mark it review again if an instance set aside fails on it). The others
// (no valid combination, several values possible, or nothing that checks the value) are review
// with an ocr_disagreement finding; values whose readings agree are then left as read, for the
// rules to flag.
void ResolveReadings(const Template& tmpl, const SectionSpec& spec, const SectionView& view,
                     std::vector<Finding>& out) {
  std::vector<Measure*> split;
  for (const SectionView::Row& r : view.rows) {
    for (const auto& [key, m] : r.cells) {
      if (m->second_read && m->second_value != m->value) split.push_back(m);
    }
  }
  // Values both readings agree on, in a rule instance that fails, whose recognizer considered a
  // 0 where they read another digit: candidates too, with only those zeros as alternatives.
  std::set<const Measure*> agreeing;
  for (const Failure& f : Evaluate(tmpl, spec, view)) {
    for (Measure* m : f.involved) {
      if (!m->second_read || m->second_value != m->value || ZeroAlternatives(*m).empty()) continue;
      if (agreeing.insert(m).second) split.push_back(m);
    }
  }
  if (split.empty()) return;
  std::map<const Measure*, size_t> index;
  for (size_t i = 0; i < split.size(); ++i) index[split[i]] = i;
  std::vector<size_t> parent(split.size());
  for (size_t i = 0; i < split.size(); ++i) parent[i] = i;
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  ForEachRuleInstance(tmpl, spec, view,
                      [&](const RuleSpec&, const std::string&, const std::string&,
                          const std::vector<Measure*>& operands, const std::string&) {
                        std::optional<size_t> joined;
                        for (const Measure* m : operands) {
                          auto it = index.find(m);
                          if (it == index.end()) continue;
                          if (joined) parent[root(it->second)] = root(*joined);
                          joined = it->second;
                        }
                      });
  std::map<size_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < split.size(); ++i) groups[root(i)].push_back(i);

  constexpr size_t kMaxCombinations = 4096;
  // Per value: its candidates; those some valid combination gives it; whether a rule checks it.
  std::vector<std::vector<std::optional<long long>>> candidates(split.size());
  std::vector<std::set<size_t>> possible(split.size());
  std::vector<bool> checked(split.size(), false);
  for (const auto& [unused, members] : groups) {
    // First, second, then (when the combinations stay few enough) the alternatives.
    size_t combinations = kMaxCombinations + 1;
    for (bool alternatives : {true, false}) {
      combinations = 1;
      for (size_t i : members) {
        Measure* m = split[i];
        std::vector<std::optional<long long>> c{m->value};
        if (!agreeing.count(m)) c.push_back(m->second_value);
        if (alternatives) {
          auto add = [&c](const std::vector<long long>& values) {
            for (long long v : values) {
              if (std::find(c.begin(), c.end(), std::optional<long long>(v)) == c.end()) {
                c.push_back(v);
              }
            }
          };
          add(agreeing.count(m) ? ZeroAlternatives(*m) : m->alternative_values);
          add(ZerosBetweenReadings(*m));
        }
        combinations = std::min(combinations * c.size(), kMaxCombinations + 1);
        candidates[i] = std::move(c);
      }
      if (combinations <= kMaxCombinations) break;
    }
    if (combinations > kMaxCombinations) continue;  // too many to try: review
    std::set<const Measure*> in_group;
    std::vector<std::optional<long long>> first;
    for (size_t i : members) {
      in_group.insert(split[i]);
      first.push_back(split[i]->value);
    }
    // Each complete combination with the rule instances that fail on a value of the group; the
    // instances that fail in every one fail whatever is chosen (another value, read alike, is
    // wrong, or the document is): they cannot tell the candidates apart and are set aside.
    auto choose = [&](size_t n, std::vector<size_t>& pick) {
      bool complete = true;
      for (size_t k = 0; k < members.size(); ++k) {
        const size_t i = members[k];
        pick[k] = n % candidates[i].size();
        n /= candidates[i].size();
        split[i]->value = candidates[i][pick[k]];
        complete = complete && split[i]->value.has_value();
      }
      return complete;
    };
    std::vector<size_t> pick(members.size(), 0);
    std::vector<std::pair<size_t, std::set<std::string>>> tried;  // combination, failing
    std::set<std::string> always;
    for (size_t n = 0; n < combinations; ++n) {
      if (!choose(n, pick)) continue;
      std::set<std::string> failing;
      for (const Failure& f : Evaluate(tmpl, spec, view)) {
        const bool ours = std::any_of(f.involved.begin(), f.involved.end(),
                                      [&](const Measure* m) { return in_group.count(m) > 0; });
        if (ours)
          failing.insert(InstanceKey(f.finding.rule, {f.involved.begin(), f.involved.end()}));
      }
      if (tried.empty()) {
        always = failing;
      } else {
        std::set<std::string> both;
        std::set_intersection(always.begin(), always.end(), failing.begin(), failing.end(),
                              std::inserter(both, both.end()));
        always = std::move(both);
      }
      tried.emplace_back(n, std::move(failing));
    }
    bool checked_known = false;
    for (const auto& [n, failing] : tried) {
      if (failing.size() != always.size()) continue;  // fails where another choice does not
      choose(n, pick);
      if (!checked_known) {  // alike in every complete combination
        const std::set<const Measure*> by_rules = Checked(tmpl, spec, view, always);
        for (size_t i : members) checked[i] = by_rules.count(split[i]) > 0;
        checked_known = true;
      }
      for (size_t k = 0; k < members.size(); ++k) possible[members[k]].insert(pick[k]);
    }
    for (size_t k = 0; k < members.size(); ++k) split[members[k]]->value = first[k];
  }
  for (size_t i = 0; i < split.size(); ++i) {
    Measure* m = split[i];
    // Settled: one candidate in every valid combination, and a rule checks the value there.
    // Readings that agree: changed only when settled on a 0; otherwise left to the rules.
    if (agreeing.count(m)) {
      if (possible[i].size() != 1 || !checked[i] || *possible[i].begin() == 0) continue;
      const std::optional<long long> value = candidates[i][*possible[i].begin()];
      out.push_back({"ocr_repair", Severity::kWarning, spec.id, m->period, m->metric,
                     Describe(*m) + ": both readings give " + ValueText(m->value) + ", but " +
                         ValueList(*m, ZeroAlternatives(*m)) +
                         " was also seen (the recognizer's other choices, or a read at another "
                         "scale); only " +
                         ValueText(value) + " satisfies every rule"});
      m->value = value;
      m->status = ValueStatus::kOk;
      continue;
    }
    if (possible[i].size() != 1 || !checked[i]) {
      m->status = ValueStatus::kReview;
      out.push_back({"ocr_disagreement", Severity::kWarning, spec.id, m->period, m->metric,
                     Describe(*m) + ": read " + ValueText(m->value) + ", a second reading gives " +
                         ValueText(m->second_value) + AlternativesText(*m, m->alternative_values)});
      continue;
    }
    const size_t chosen = *possible[i].begin();
    if (chosen == 0) continue;  // the first reading, confirmed by the rules
    const std::optional<long long> value = candidates[i][chosen];
    // Neither reading nor among the recognizer's choices: a 0 from ZerosBetweenReadings.
    const bool zero_between =
        chosen != 1 && value &&
        std::count(m->alternative_values.begin(), m->alternative_values.end(), *value) == 0;
    out.push_back({"ocr_repair", Severity::kWarning, spec.id, m->period, m->metric,
                   Describe(*m) + ": read " + ValueText(m->value) + ", a second reading gives " +
                       ValueText(m->second_value) +
                       (chosen == 1 ? "" : AlternativesText(*m, m->alternative_values)) +
                       (zero_between ? " (a 0 is read 6, 8 or 9, or lost)" : "") + "; only " +
                       ValueText(value) + " satisfies every rule"});
    m->value = value;
    m->status = ValueStatus::kOk;
  }
}

// Of the names with `best` votes, the one with the most voicing marks, when they all differ by
// marks alone and one has more than each other (「こもれび」 and 「こもれひ」): a mark is lost
// far more often than one is seen that is not there (docs/ocr.md). Null otherwise.
const std::string* MostMarked(const std::map<std::string, int>& votes, int best) {
  const std::string* most = nullptr;
  int most_marks = -1, runner_up = -1;
  std::u32string shared;
  for (const auto& [name, count] : votes) {
    if (count != best) continue;
    std::u32string plain;
    const int marks = kana::CountMarks(name, &plain);
    if (most == nullptr && runner_up < 0) {
      shared = plain;
    } else if (plain != shared) {
      return nullptr;
    }
    if (marks > most_marks) {
      runner_up = most_marks;
      most_marks = marks;
      most = &name;
    } else {
      runner_up = std::max(runner_up, marks);
    }
  }
  return runner_up >= 0 && most_marks > runner_up ? most : nullptr;
}

// Tables listed in same_rows name the same institutions in the same order. A row's name has a
// reading per table, and a second one per table where OCR read the name cell twice (the second at
// another scale). Where the readings of a row disagree, the majority of them names the row; on a
// tie, the name with the most voicing marks when the tied names differ by marks alone
// (MostMarked), else the name the second readings agree on, when they do (measured on the bench
// scans: of 43 name cells whose two readings disagreed, the second was right 34 times, the first 4
// times; docs/ocr.md); otherwise each table keeps its own. Either way every value of that row, in
// every table, needs review (a finding says why): OCR can misread a name the same way every time it
// reads it (「やまびこ在宅診療所」 read 「やまびこご在宅診療所」 in tables 1 and 3), so a majority
// does not make a name right. The values are returned in `review`, to be marked once the rules have
// run (a repair by the rules must not clear it).
void CrossCheckNames(const Template& tmpl, std::vector<Measure>& measures,
                     std::map<std::string, std::vector<Finding>>& out,
                     std::vector<Measure*>& review) {
  if (tmpl.same_rows.empty()) return;
  std::vector<std::pair<std::string, std::vector<SectionView::Row>>> lists;
  size_t longest = 0;
  for (const std::string& id : tmpl.same_rows) {
    std::vector<SectionView::Row> rows;
    for (SectionView::Row& r : View(id, measures).rows) {
      if (!r.is_total && r.institution && !r.cells.empty()) rows.push_back(std::move(r));
    }
    if (rows.empty()) continue;
    longest = std::max(longest, rows.size());
    lists.emplace_back(id, std::move(rows));
  }
  auto second_of = [](const SectionView::Row& r) -> const std::optional<std::string>& {
    return r.cells.begin()->second->second_institution;
  };
  for (size_t i = 0; i < longest; ++i) {
    std::map<std::string, int> votes, second_votes;
    int present = 0, seconds = 0;
    std::string readings;
    for (const auto& [id, rows] : lists) {
      if (i >= rows.size()) continue;
      const std::string& first = *rows[i].institution;
      ++votes[first];
      ++present;
      readings += (readings.empty() ? "" : ", ") + id + " 「" + first + "」";
      if (const std::optional<std::string>& second = second_of(rows[i])) {
        ++votes[*second];
        ++second_votes[*second];
        ++present;
        ++seconds;
        if (*second != first) readings += " (read again: 「" + *second + "」)";
      }
    }
    if (votes.size() <= 1) continue;
    std::string name;
    int best = 0;
    bool tie = false;
    for (const auto& [n, count] : votes) {
      if (count > best) {
        name = n;
        best = count;
        tie = false;
      } else if (count == best) {
        tie = true;
      }
    }
    if (tie || 2 * best <= present) {
      name.clear();
      if (const std::string* marked = MostMarked(votes, best)) {
        name = *marked;
      } else if (second_votes.size() == 1 && seconds >= 2 &&
                 votes[second_votes.begin()->first] == best) {
        name = second_votes.begin()->first;
      }
    }
    bool said = false;
    for (auto& [id, rows] : lists) {
      if (i >= rows.size()) continue;
      for (auto& [key, m] : rows[i].cells) review.push_back(m);
      if (*rows[i].institution == name) continue;
      const std::string row = "row " + std::to_string(i + 1) + " names: " + readings;
      if (!name.empty()) {
        out[id].push_back({"institution_name", Severity::kWarning, id, "", "",
                           row + "; read as 「" + name + "」; the row's values need review"});
        for (auto& [key, m] : rows[i].cells) m->institution = name;
      } else {
        out[id].push_back({"institution_name", Severity::kError, id, "", "",
                           row + "; no majority, the row's values need review"});
      }
      said = true;
    }
    // Every table read the name alike and a second reading differs: said once, in the first.
    if (!said) {
      for (auto& [id, rows] : lists) {
        if (i >= rows.size()) continue;
        out[id].push_back({"institution_name", Severity::kWarning, id, "", "",
                           "row " + std::to_string(i + 1) + " names: " + readings + "; read as 「" +
                               name + "」; the row's values need review"});
        break;
      }
    }
  }
}

}  // namespace

void Validate(const Template& tmpl, Record& record, const ValidateOptions& options) {
  std::map<std::string, std::vector<Finding>> early;  // by section: found before the rules
  for (const Finding& f : record.findings) early[f.section].push_back(f);
  std::vector<Measure*> names_in_doubt;
  CrossCheckNames(tmpl, record.measures, early, names_in_doubt);

  std::vector<Finding> findings;
  for (const SectionSpec& spec : tmpl.sections) {
    SectionView view = View(spec.id, record.measures);
    std::vector<Finding> own = early[spec.id];
    early.erase(spec.id);
    ResolveReadings(tmpl, spec, view, own);
    const std::map<const Measure*, int> held =
        options.min_rules_held > 0 ? RulesHeld(tmpl, spec, view) : std::map<const Measure*, int>{};
    for (const SectionView::Row& r : view.rows) {
      for (const auto& [key, m] : r.cells) {
        if (!m->value || m->confidence >= options.min_confidence) continue;
        if (options.min_rules_held > 0 && m->second_value == m->value) {
          const auto h = held.find(m);
          if (h != held.end() && h->second >= options.min_rules_held) continue;
        }
        m->status = ValueStatus::kReview;
        own.push_back({"low_confidence", Severity::kWarning, spec.id, m->period, m->metric,
                       Describe(*m) + ": OCR confidence " +
                           std::to_string(static_cast<int>(m->confidence * 100)) + " %"});
      }
    }
    // Findings before the rules: by period and metric, each keeping its row order.
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
    for (Failure& f : Evaluate(tmpl, spec, view)) {
      for (Measure* m : f.involved) m->status = ValueStatus::kReview;
      findings.push_back(std::move(f.finding));
    }
    for (Failure& f : Unchecked(tmpl, spec, view)) {
      for (Measure* m : f.involved) m->status = ValueStatus::kReview;
      findings.push_back(std::move(f.finding));
    }
  }
  for (Measure* m : names_in_doubt) m->status = ValueStatus::kReview;
  // Findings about no section of the template keep their place at the end.
  for (auto& [section, rest] : early) findings.insert(findings.end(), rest.begin(), rest.end());
  record.findings = std::move(findings);
}

std::vector<RuleInstance> CheckRules(const Template& tmpl, const Record& record) {
  std::vector<Measure> measures = record.measures;  // View needs them mutable; nothing changes
  std::map<const Measure*, size_t> index;
  for (size_t i = 0; i < measures.size(); ++i) index[&measures[i]] = i;
  std::vector<RuleInstance> out;
  for (const SectionSpec& spec : tmpl.sections) {
    SectionView view = View(spec.id, measures);
    std::map<std::string, Finding> failing;
    for (Failure& f : Evaluate(tmpl, spec, view)) {
      failing.emplace(InstanceKey(f.finding.rule, {f.involved.begin(), f.involved.end()}),
                      std::move(f.finding));
    }
    ForEachRuleInstance(
        tmpl, spec, view,
        [&](const RuleSpec& rule, const std::string&, const std::string&,
            const std::vector<Measure*>& operands, const std::string&) {
          RuleInstance instance;
          instance.rule = rule.id;
          for (const Measure* m : operands) instance.operands.push_back(index.at(m));
          instance.evaluated = std::all_of(operands.begin(), operands.end(),
                                           [](const Measure* m) { return m->value.has_value(); });
          auto f = failing.find(InstanceKey(rule.id, {operands.begin(), operands.end()}));
          if (f != failing.end()) {
            instance.holds = false;
            instance.finding = f->second;
          }
          out.push_back(std::move(instance));
        });
  }
  return out;
}

namespace {

// Whether `a` and `b` differ by exactly one substitution, insertion or deletion.
bool OneEditApart(std::u32string_view a, std::u32string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return b.size() == a.size() + 1;  // equal when the sizes are equal
  if (a.size() == b.size()) return a.substr(i + 1) == b.substr(i + 1);
  return a.substr(i) == b.substr(i + 1);
}

}  // namespace

void CheckNamesAgainstText(Record& record) {
  std::u32string text;
  for (const Initiative& i : record.initiatives) {
    for (const std::string* t : {&i.title, &i.content, &i.current, &i.target, &i.actual}) {
      text += utf8::Decode(*t);
      text += U'\n';
    }
  }
  if (text.empty()) return;
  // Names of institution rows read by OCR, in order of first appearance.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Measure& m : record.measures) {
    if (!m.institution || m.is_total || (!m.second_read && m.confidence >= 1.0)) continue;
    if (seen.insert(*m.institution).second) names.push_back(*m.institution);
  }
  for (const std::string& name : names) {
    const std::u32string n = utf8::Decode(name);
    if (n.size() < 4 || text.find(n) != std::u32string::npos) continue;
    // A stretch of the text one edit away: one character different (坂 read 阪), one too many
    // (OCR doubles a kana at its voicing mark: あけぼの read あけばぼの) or one missing. Its first
    // or last character is the name's, so the stretch does not borrow from the words around, and
    // it neither starts nor ends with punctuation or a space (「:ふじみ野在宅クリニック」 is
    // one edit from 「さふじみ野在宅クリニック」, but the name is 「ふじみ野在宅クリニック」).
    auto outside_names = [](char32_t c) {
      return c < 0x80 ? !std::isalnum(static_cast<int>(c))
                      : c == U'、' || c == U'。' || c == U'・' || c == U'「' || c == U'」' ||
                            c == U'\u3000';
    };
    std::u32string near;
    for (size_t len : {n.size(), n.size() - 1, n.size() + 1}) {
      for (size_t at = 0; at + len <= text.size() && near.empty(); ++at) {
        const std::u32string_view w(text.data() + at, len);
        if (w.front() != n.front() && w.back() != n.back()) continue;
        if (outside_names(w.front()) || outside_names(w.back())) continue;
        if (OneEditApart(n, w)) near = std::u32string(w);
      }
      if (!near.empty()) break;
    }
    if (near.empty()) continue;
    // The initiatives' spelling names the row, unless another row of a table with this row
    // already has that name (two institutions whose names differ by one character). The same
    // name in another table is the same institution (its name read differently there).
    const std::string printed = utf8::Encode(near);
    std::set<std::string> sections;
    for (const Measure& m : record.measures) {
      if (m.institution == name) sections.insert(m.section);
    }
    const bool taken =
        std::any_of(record.measures.begin(), record.measures.end(), [&](const Measure& m) {
          return m.institution == printed && sections.count(m.section) > 0;
        });
    std::string section;
    for (Measure& m : record.measures) {
      if (m.institution != name) continue;
      if (section.empty()) section = m.section;
      m.status = ValueStatus::kReview;
      if (!taken) m.institution = printed;
    }
    record.findings.push_back(
        {"institution_name", Severity::kWarning, section, "", "",
         "「" + name + "」 (read by OCR) is printed nowhere in the initiatives, 「" + printed +
             "」 is: " + (taken ? "the name may be misread" : "the row is named as printed there") +
             "; its values need review"});
  }
}

}  // namespace tsuzuri
