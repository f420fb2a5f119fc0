#include "review/item_json.h"

#include <nlohmann/json.hpp>

namespace tsuzuri {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json FindingJson(const Finding& f) {
  return {{"rule", f.rule},     {"severity", SeverityName(f.severity)},
          {"section", f.section}, {"period", f.period},
          {"metric", f.metric}, {"message", f.message}};
}

json BoxJson(const std::optional<Box>& b) {
  if (!b) return nullptr;
  return json::array({b->x0, b->y0, b->x1, b->y1});
}

json ToJson(const QueueItem& item) {
  const EffectiveValue& v = item.value;
  json findings = json::array();
  for (const Finding& f : item.findings) findings.push_back(FindingJson(f));
  json related = json::array();
  for (const Box& b : item.related) related.push_back(BoxJson(b));
  return {{"id", item.id},
          {"missing", item.missing},
          {"what", DescribeKey(v.key)},
          {"document_id", item.document_id},
          {"file_name", item.file_name},
          {"form", Opt(item.form)},
          {"fiscal_year", Opt(item.fiscal_year)},
          {"group_name", Opt(item.group_name)},
          {"section", v.key.section},
          {"institution", Opt(v.key.institution)},
          {"is_total", v.key.is_total},
          {"period", v.key.period},
          {"metric", v.key.metric},
          {"value", Opt(v.value)},
          {"read_value", Opt(v.read_value)},
          {"unit", v.unit},
          {"status", v.status},
          {"read_status", v.read_status},
          {"confidence", Opt(v.confidence)},
          {"page", Opt(v.page)},
          {"box", BoxJson(v.box)},
          {"raw_text", v.raw_text},
          {"readings", v.readings},
          {"second_value", Opt(v.second_value)},
          {"settlement", Opt(v.settlement)},
          {"settled_by", Opt(v.settled_by)},
          {"note", v.note},
          {"version", v.review_id},
          {"findings", findings},
          {"related", related}};
}

json List(const std::vector<Finding>& findings) {
  json out = json::array();
  for (const Finding& f : findings) out.push_back(FindingJson(f));
  return out;
}

}  // namespace

std::string ItemJson(const QueueItem& item) {
  return ToJson(item).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string OutcomeJson(const SettleOutcome& o) {
  json out = {{"stale", o.stale},
              {"message", o.message},
              {"review_id", o.review_id},
              {"item", ToJson(o.item)},
              {"closed", List(o.closed)},
              {"opened", List(o.opened)},
              {"by_rules", o.by_rules}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tsuzuri
