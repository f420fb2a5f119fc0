#include "store/export.h"

#include <charconv>
#include <cmath>

namespace tsuzuri {
namespace {

std::string Quoted(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string RealText(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "Inf" : "-Inf");
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

}  // namespace

std::string CsvField(const SqlValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return "";
  if (const long long* i = std::get_if<long long>(&value)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&value)) return RealText(*d);
  return Quoted(std::get<std::string>(value));
}

Status WriteCsv(Database& db, const std::string& table, std::ostream& out,
                const CsvOptions& options) {
  const char* eol = options.crlf ? "\r\n" : "\n";
  if (options.bom) out << "\xEF\xBB\xBF";
  std::string line;
  Status status = db.ReadTable(
      table,
      [&](const std::vector<std::string>& columns) {
        line.clear();
        for (size_t i = 0; i < columns.size(); ++i) {
          if (i > 0) line += ',';
          line += Quoted(columns[i]);
        }
        out << line << eol;
        return Status::Ok();
      },
      [&](const std::vector<SqlValue>& row) {
        line.clear();
        for (size_t i = 0; i < row.size(); ++i) {
          if (i > 0) line += ',';
          line += CsvField(row[i]);
        }
        out << line << eol;
        if (!out) return Status::IOError("cannot write the CSV output");
        return Status::Ok();
      });
  if (!status.ok()) return status;
  out.flush();
  if (!out) return Status::IOError("cannot write the CSV output");
  return Status::Ok();
}

}  // namespace tsuzuri
