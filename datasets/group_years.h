// group_years: one row per group and fiscal year with the group's totals (the total row of each
// table, and the referrals, which have no institution rows) and the change from the group's
// previous year.
//
// Which reports are the same group across years (docs/datasets.md, "Groups across years"): years
// are taken in order; a report joins the group of an earlier year's report when it prints a group
// name one of the group's reports printed, else when it shares at least half of its institutions
// with the group's latest report (half of the larger list, names compared as printed). A name match wins over institutions; among several candidates the one
// sharing most institutions, then the latest year, then the first in the canonical order wins; a
// group takes one report per year. Each row says why in same_group_evidence ("group name
// 「…」", "3 of 4 institutions shared with 2021 (a.pdf)", or "first report of the group").
// Group ids (G1, G2, ...) are numbered in the canonical order of each group's first report.
// Plain values; thread-safe to read.
#ifndef TSUZURI_DATASETS_GROUP_YEARS_H_
#define TSUZURI_DATASETS_GROUP_YEARS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "datasets/codebook.h"
#include "datasets/documents.h"
#include "datasets/table.h"
#include "datasets/values.h"

namespace tsuzuri {

struct GroupYear {
  std::string group_id;  // G1, G2, ...
  std::optional<std::string> group_name;
  int fiscal_year = 0;
  std::string fiscal_year_label;
  long long document_id = 0;
  std::string file_name;
  int institutions = 0;  // institution rows (total row not counted)
  std::optional<int> previous_fiscal_year;  // the group's previous report, any earlier year
  std::string same_group_evidence;
  std::vector<std::optional<long long>> totals;   // one per GroupYears::columns
  std::vector<std::optional<long long>> changes;  // totals - previous year's (Y - 1 only)
  std::string to_review;  // "visits current, plan": totals whose status is review
};

struct GroupYears {
  std::vector<std::pair<std::string, std::string>> columns;  // (metric, period), form order
  std::vector<std::string> units;                            // per column
  std::vector<GroupYear> rows;  // by fiscal year, then group id
};

// Group-years of the documents of a known form with a fiscal year among `documents`, with totals
// from `values` (both in the canonical order).
GroupYears MakeGroupYears(const std::vector<DocumentRow>& documents,
                          const std::vector<ValueRow>& values);

// The table over `g` (which must outlive it); titles from `codebook`.
DataTable GroupYearsTable(const GroupYears& g, const Codebook& codebook);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_GROUP_YEARS_H_
