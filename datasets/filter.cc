#include "datasets/filter.h"

#include <algorithm>

namespace tsuzuri {
namespace {

template <typename T>
bool In(const std::vector<T>& list, const std::optional<T>& v) {
  return list.empty() || (v && std::find(list.begin(), list.end(), *v) != list.end());
}

template <typename T>
std::string Join(const std::vector<T>& list) {
  std::string out;
  for (const T& v : list) {
    if (!out.empty()) out += ", ";
    if constexpr (std::is_same_v<T, int>) {
      out += std::to_string(v);
    } else {
      out += v;
    }
  }
  return out;
}

}  // namespace

bool ExportFilter::Keeps(const std::optional<int>& fiscal_year,
                         const std::optional<std::string>& form,
                         const std::optional<std::string>& group_name) const {
  return In(years, fiscal_year) && In(forms, form) && In(groups, group_name);
}

std::string ExportFilter::Describe() const {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!years.empty()) add("year " + Join(years));
  if (!forms.empty()) add("form " + Join(forms));
  if (!groups.empty()) add("group " + Join(groups));
  add(ok_only ? "status ok (values to review left out)" : "status all (values to review marked)");
  return out;
}

}  // namespace tsuzuri
