#include "datasets/group_years.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "normalize/era.h"

namespace tsuzuri {
namespace {

struct Report {
  const DocumentRow* document = nullptr;
  std::set<std::string> institutions;
  std::map<std::pair<std::string, std::string>, const ValueRow*> totals;  // (metric, period)
};

struct Group {
  std::string id;
  const Report* last = nullptr;
  std::set<std::string> names;  // every group name its reports printed
};

int Shared(const std::set<std::string>& a, const std::set<std::string>& b) {
  int n = 0;
  for (const std::string& s : a) n += b.count(s);
  return n;
}

// How strongly `report` continues `group`: (2 name | 1 institutions | 0 no, shared, last year).
std::tuple<int, int, int> Continues(const Report& report, const Group& group) {
  const Report& prev = *group.last;
  const int shared = Shared(report.institutions, prev.institutions);
  const int year = *prev.document->fiscal_year;
  if (report.document->group_name && group.names.count(*report.document->group_name)) {
    return {2, shared, year};
  }
  const size_t larger = std::max(report.institutions.size(), prev.institutions.size());
  if (shared > 0 && static_cast<size_t>(shared) * 2 >= larger) return {1, shared, year};
  return {0, 0, 0};
}

std::string Evidence(const Report& report, const Group& group, int kind) {
  const DocumentRow& prev = *group.last->document;
  const std::string where =
      std::to_string(*prev.fiscal_year) + " (" + prev.file_name + ")";
  if (kind == 2) return "group name 「" + *report.document->group_name + "」 as before, last in " + where;
  const size_t larger =
      std::max(report.institutions.size(), group.last->institutions.size());
  return std::to_string(Shared(report.institutions, group.last->institutions)) + " of " +
         std::to_string(larger) + " institutions shared with " + where;
}

}  // namespace

GroupYears MakeGroupYears(const std::vector<DocumentRow>& documents,
                          const std::vector<ValueRow>& values) {
  GroupYears out;
  std::vector<Report> reports;
  std::unordered_map<long long, size_t> report_of;
  for (const DocumentRow& d : documents) {
    if (d.status != "loaded" || !d.form || !d.fiscal_year) continue;
    report_of[d.document_id] = reports.size();
    reports.push_back(Report{&d, {}, {}});
  }
  std::set<std::pair<std::string, std::string>> known;
  for (const ValueRow& v : values) {
    auto it = report_of.find(v.document_id);
    if (it == report_of.end()) continue;
    Report& r = reports[it->second];
    if (v.institution && !v.is_total) r.institutions.insert(*v.institution);
    if (!v.is_total && v.institution) continue;
    const std::pair<std::string, std::string> key{v.metric, v.period};
    r.totals.emplace(key, &v);
    if (known.insert(key).second) {
      out.columns.push_back(key);
      out.units.push_back(v.unit);
    }
  }
  // Documents come in the canonical order, which is by year first: groups form in that order.
  std::vector<Group> groups;
  for (const Report& r : reports) {
    int best = -1;
    std::tuple<int, int, int> best_score{0, 0, 0};
    for (size_t g = 0; g < groups.size(); ++g) {
      if (*groups[g].last->document->fiscal_year >= *r.document->fiscal_year) continue;
      const std::tuple<int, int, int> score = Continues(r, groups[g]);
      if (std::get<0>(score) > 0 && score > best_score) {
        best = static_cast<int>(g);
        best_score = score;
      }
    }
    GroupYear row;
    row.group_name = r.document->group_name;
    row.fiscal_year = *r.document->fiscal_year;
    row.fiscal_year_label = FiscalYearLabel(row.fiscal_year);
    row.document_id = r.document->document_id;
    row.file_name = r.document->file_name;
    row.institutions = static_cast<int>(r.institutions.size());
    const Report* previous = nullptr;
    if (best < 0) {
      groups.push_back(Group{"G" + std::to_string(groups.size() + 1), &r, {}});
      if (r.document->group_name) groups.back().names.insert(*r.document->group_name);
      row.group_id = groups.back().id;
      row.same_group_evidence = "first report of the group";
    } else {
      Group& g = groups[best];
      row.group_id = g.id;
      row.same_group_evidence = Evidence(r, g, std::get<0>(best_score));
      previous = g.last;
      row.previous_fiscal_year = *previous->document->fiscal_year;
      g.last = &r;
      if (r.document->group_name) g.names.insert(*r.document->group_name);
    }
    for (const auto& key : out.columns) {
      auto it = r.totals.find(key);
      const ValueRow* v = it == r.totals.end() ? nullptr : it->second;
      row.totals.push_back(v ? v->value : std::nullopt);
      if (v && v->status != "ok") {
        row.to_review += (row.to_review.empty() ? "" : ", ") + key.first + " " + key.second;
      }
      std::optional<long long> change;
      if (v && v->value && previous && row.previous_fiscal_year == row.fiscal_year - 1) {
        auto p = previous->totals.find(key);
        if (p != previous->totals.end() && p->second->value) change = *v->value - *p->second->value;
      }
      row.changes.push_back(change);
    }
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(out.rows.begin(), out.rows.end(), [](const GroupYear& a, const GroupYear& b) {
    const int ga = std::stoi(a.group_id.substr(1)), gb = std::stoi(b.group_id.substr(1));
    return std::tie(a.fiscal_year, ga) < std::tie(b.fiscal_year, gb);
  });
  return out;
}

DataTable GroupYearsTable(const GroupYears& g, const Codebook& codebook) {
  using T = FieldType;
  DataTable t;
  t.name = "group_years";
  t.title = "グループ別年度集計";
  t.description =
      "One row per group and fiscal year: the group's totals (the total row of each table, and "
      "the referrals) and the change from the group's previous year. Which reports are one group "
      "across years: same_group_evidence, and docs/datasets.md.";
  t.fields = {
      {"group_id", T::kString, "グループID", "G1, G2, ...: the same group across years", ""},
      {"group_name", T::kString, "グループ名", "as printed; empty when the report names none", ""},
      {"fiscal_year", T::kInteger, "年度（西暦）", "", ""},
      {"fiscal_year_ja", T::kString, "年度（和暦）", "", ""},
      {"document_id", T::kInteger, "文書ID", "the report", ""},
      {"file_name", T::kString, "ファイル名", "", ""},
      {"institutions", T::kInteger, "医療機関数", "institution rows of the report", ""},
      {"previous_fiscal_year", T::kInteger, "前回の年度",
       "the group's previous report; empty for its first", ""},
      {"same_group_evidence", T::kString, "同一グループの根拠",
       "why this report continues the group: the same group name, or the institutions shared", ""},
      {"to_review", T::kString, "要確認の合計", "totals with status review (metric period)", ""},
  };
  for (size_t i = 0; i < g.columns.size(); ++i) {
    const auto& [metric, period] = g.columns[i];
    const std::string label =
        codebook.Label("metric", metric) + " " + codebook.Label("period", period);
    t.fields.push_back({metric + "_" + period, T::kInteger, label,
                        "the group's total; empty when blank, unreadable or not on the form",
                        g.units[i]});
  }
  for (size_t i = 0; i < g.columns.size(); ++i) {
    const auto& [metric, period] = g.columns[i];
    const std::string label = codebook.Label("metric", metric) + " " +
                              codebook.Label("period", period) + " 前年度差";
    t.fields.push_back({metric + "_" + period + "_change", T::kInteger, label,
                        "this year's total minus the group's total of the year before; empty "
                        "when either is missing or the group has no report the year before",
                        g.units[i]});
  }
  t.row_count = g.rows.size();
  const size_t n = g.columns.size();
  t.row = [&g, n](size_t i, std::vector<DataCell>* out) {
    const GroupYear& r = g.rows[i];
    std::vector<DataCell>& c = *out;
    c.assign(10 + 2 * n, DataCell());
    c[0] = std::string_view(r.group_id);
    if (r.group_name) c[1] = std::string_view(*r.group_name);
    c[2] = static_cast<long long>(r.fiscal_year);
    c[3] = std::string_view(r.fiscal_year_label);
    c[4] = r.document_id;
    c[5] = std::string_view(r.file_name);
    c[6] = static_cast<long long>(r.institutions);
    if (r.previous_fiscal_year) c[7] = static_cast<long long>(*r.previous_fiscal_year);
    c[8] = std::string_view(r.same_group_evidence);
    if (!r.to_review.empty()) c[9] = std::string_view(r.to_review);
    for (size_t k = 0; k < n; ++k) {
      if (r.totals[k]) c[10 + k] = *r.totals[k];
      if (r.changes[k]) c[10 + n + k] = *r.changes[k];
    }
  };
  return t;
}

}  // namespace tsuzuri
