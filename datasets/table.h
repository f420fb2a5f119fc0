// DataTable: what every export writer (CSV, JSON lines, XLSX, data package) writes: named, typed,
// labelled fields and rows of cells, read one row at a time. A DataTable does not own its rows: `row`
// reads them from the Dataset it was made from (datasets/dataset.h), which must outlive it, so a
// writer never copies 100,000 values into a second structure.
// Thread safety: a DataTable is only read; its row function may be called from one thread at a time.
#ifndef TSUZURI_DATASETS_TABLE_H_
#define TSUZURI_DATASETS_TABLE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tsuzuri {

// Field types, as Frictionless Table Schema names them (integer, number, string, boolean).
enum class FieldType { kInteger, kNumber, kString, kBoolean };

// "integer", "number", "string", "boolean".
const char* FieldTypeName(FieldType type);

struct Field {
  std::string name;         // machine name, ASCII snake_case: fiscal_year
  FieldType type = FieldType::kString;
  std::string title;        // Japanese label: 年度
  std::string description;  // what it means, and what an empty cell means
  std::string unit;         // when every value has one unit (名, 回, 件); else empty
};

// One cell: empty (NULL), an integer (booleans are 0 / 1), a real, or text viewed in place.
using DataCell = std::variant<std::monostate, long long, double, std::string_view>;

struct DataTable {
  std::string name;         // file and sheet name: values, group_years, ...
  std::string title;        // Japanese title
  std::string description;  // one paragraph
  std::vector<Field> fields;
  size_t row_count = 0;
  // Fills `cells` (resized to fields.size()) with row `i` (< row_count). Text cells view memory
  // owned by the Dataset, valid until the next call.
  std::function<void(size_t i, std::vector<DataCell>* cells)> row;
};

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_TABLE_H_
