#include "datasets/table_reader.h"

#include <algorithm>
#include <cmath>

namespace tsuzuri {

std::optional<long long> NamedRow::Int(int column) const {
  if (column < 0) return std::nullopt;
  const SqlValue& v = cells_[column];
  if (const long long* i = std::get_if<long long>(&v)) return *i;
  if (const double* d = std::get_if<double>(&v)) return std::llround(*d);
  return std::nullopt;
}

std::optional<double> NamedRow::Real(int column) const {
  if (column < 0) return std::nullopt;
  const SqlValue& v = cells_[column];
  if (const double* d = std::get_if<double>(&v)) return *d;
  if (const long long* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

std::optional<std::string> NamedRow::Text(int column) const {
  if (column < 0) return std::nullopt;
  const SqlValue& v = cells_[column];
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  if (const long long* i = std::get_if<long long>(&v)) return std::to_string(*i);
  return std::nullopt;
}

std::string NamedRow::TextOr(int column, const std::string& fallback) const {
  std::optional<std::string> t = Text(column);
  return t ? *t : fallback;
}

std::vector<int> ColumnPositions(const std::vector<std::string>& columns,
                                 const std::vector<std::string>& wanted) {
  std::vector<int> out;
  out.reserve(wanted.size());
  for (const std::string& w : wanted) {
    auto it = std::find(columns.begin(), columns.end(), w);
    out.push_back(it == columns.end() ? -1 : static_cast<int>(it - columns.begin()));
  }
  return out;
}

Status ReadByName(Database& db, const std::string& table, const std::vector<std::string>& wanted,
                  const std::vector<std::string>& required,
                  const std::function<void(const NamedRow&, const std::vector<int>&)>& on_row) {
  std::vector<int> positions;
  return db.ReadTable(
      table,
      [&](const std::vector<std::string>& columns) {
        positions = ColumnPositions(columns, wanted);
        for (const std::string& r : required) {
          if (std::find(columns.begin(), columns.end(), r) == columns.end()) {
            return Status::InvalidArgument(table + " has no column '" + r +
                                           "' (a database of another tsuzuri version?)");
          }
        }
        return Status::Ok();
      },
      [&](const std::vector<SqlValue>& row) {
        on_row(NamedRow(row), positions);
        return Status::Ok();
      });
}

}  // namespace tsuzuri
