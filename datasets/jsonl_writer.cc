#include "datasets/jsonl_writer.h"

#include <nlohmann/json.hpp>

namespace tsuzuri {

Status WriteTableJsonl(const DataTable& table, std::ostream& out) {
  std::vector<DataCell> cells;
  std::string buffer;
  for (size_t i = 0; i < table.row_count; ++i) {
    table.row(i, &cells);
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (size_t f = 0; f < cells.size(); ++f) {
      const Field& field = table.fields[f];
      nlohmann::ordered_json& v = row[field.name];
      if (const long long* n = std::get_if<long long>(&cells[f])) {
        if (field.type == FieldType::kBoolean) {
          v = *n != 0;
        } else {
          v = *n;
        }
      } else if (const double* d = std::get_if<double>(&cells[f])) {
        v = *d;
      } else if (const std::string_view* s = std::get_if<std::string_view>(&cells[f])) {
        v = std::string(*s);
      }
    }
    try {
      buffer += row.dump();
    } catch (const nlohmann::json::exception& e) {
      return Status::InvalidArgument(table.name + ", row " + std::to_string(i + 1) + ": " +
                                     e.what());
    }
    buffer += '\n';
    if (buffer.size() >= (1 << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
      if (!out) return Status::IOError("cannot write the JSON lines output");
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.flush();
  if (!out) return Status::IOError("cannot write the JSON lines output");
  return Status::Ok();
}

}  // namespace tsuzuri
