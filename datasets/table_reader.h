// Reading the store's tables and views by column name (Database::ReadTable), so that the datasets
// stage does not depend on a view's column order and works on every backend that offers
// ReadTable. Internal to datasets/.
// Thread safety: the Database rule applies (one thread at a time).
#ifndef TSUZURI_DATASETS_TABLE_READER_H_
#define TSUZURI_DATASETS_TABLE_READER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace tsuzuri {

// One row of a table read by ReadByName, with its columns looked up by the index Column() gave.
class NamedRow {
 public:
  explicit NamedRow(const std::vector<SqlValue>& cells) : cells_(cells) {}
  // -1 (a column the table lacks) reads as NULL.
  std::optional<long long> Int(int column) const;
  std::optional<double> Real(int column) const;
  std::optional<std::string> Text(int column) const;
  std::string TextOr(int column, const std::string& fallback = "") const;

 private:
  const std::vector<SqlValue>& cells_;
};

// The position of each of `wanted` among `columns`, -1 where absent.
std::vector<int> ColumnPositions(const std::vector<std::string>& columns,
                                 const std::vector<std::string>& wanted);

// Reads `table` whole, calling `on_row` with the row and the positions of `wanted` (in that
// order). Fails with the Database's Status, or InvalidArgument naming a `required` column that
// the table lacks.
Status ReadByName(Database& db, const std::string& table, const std::vector<std::string>& wanted,
                  const std::vector<std::string>& required,
                  const std::function<void(const NamedRow&, const std::vector<int>&)>& on_row);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_TABLE_READER_H_
