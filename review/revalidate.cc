#include "review/revalidate.h"

#include <algorithm>

namespace tsuzuri {

Record EffectiveRecord(const std::vector<EffectiveValue>& values) {
  Record record;
  record.measures.reserve(values.size());
  for (const EffectiveValue& v : values) {
    Measure m;
    m.section = v.key.section;
    m.institution = v.key.institution;
    m.is_total = v.key.is_total;
    m.period = v.key.period;
    m.metric = v.key.metric;
    m.value = v.value;
    m.unit = v.unit;
    m.page = v.page.value_or(0);
    m.confidence = v.confidence.value_or(1.0);
    m.status = v.status == "review" ? ValueStatus::kReview : ValueStatus::kOk;
    if (v.box) m.box = *v.box;
    m.raw_text = v.raw_text;
    record.measures.push_back(std::move(m));
  }
  return record;
}

Revalidation Revalidate(const Template& tmpl, const std::vector<EffectiveValue>& values) {
  Revalidation out;
  out.instances = CheckRules(tmpl, EffectiveRecord(values));
  auto by_person = [&](size_t i) {
    return values[i].settled_by.has_value() && *values[i].settled_by != "rules";
  };
  std::vector<bool> failing(values.size(), false), held(values.size(), false),
      held_with_person(values.size(), false);
  out.failing.resize(values.size());
  out.review.resize(values.size(), false);
  for (size_t n = 0; n < out.instances.size(); ++n) {
    const RuleInstance& r = out.instances[n];
    if (!r.evaluated) continue;
    if (!r.holds) out.open.push_back(r.finding);
    const bool person = std::any_of(r.operands.begin(), r.operands.end(), by_person);
    for (size_t i : r.operands) {
      if (!r.holds) {
        failing[i] = true;
        out.failing[i].push_back(n);
      } else {
        held[i] = true;
        if (person) held_with_person[i] = true;
      }
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    const EffectiveValue& v = values[i];
    if (!v.measure_id) continue;  // entered: settled by the person who typed it, so ok
    Recheck c;
    c.key = v.key;
    if (by_person(i)) {
      c.status = "ok";
    } else if (failing[i]) {
      c.status = "review";
    } else if (v.read_status == "review" && held[i] && held_with_person[i]) {
      c.status = "ok";
      c.by_rules = true;
    } else {
      c.status = v.read_status.empty() ? "ok" : v.read_status;
    }
    out.review[i] = c.status == "review";
    out.rechecks.push_back(std::move(c));
  }
  return out;
}

const Template* FindTemplate(const TemplateSet& templates, const std::string& template_id) {
  for (const Template& t : templates.templates) {
    if (t.id == template_id) return &t;
  }
  return nullptr;
}

}  // namespace tsuzuri
