#include "datasets/csv_writer.h"

#include <charconv>
#include <cmath>

namespace tsuzuri {
namespace {

bool NeedsQuotes(std::string_view s) { return s.find_first_of(",\"\r\n") != std::string_view::npos; }

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendNumber(double d, std::string* out) {
  if (!std::isfinite(d)) {
    out->append(std::isnan(d) ? "NaN" : (d > 0 ? "Inf" : "-Inf"));
    return;
  }
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, d);
  out->append(buf, r.ptr);
}

}  // namespace

void AppendCsvCell(const DataCell& cell, std::string* out) {
  if (const long long* i = std::get_if<long long>(&cell)) {
    char buf[24];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, *i);
    out->append(buf, r.ptr);
  } else if (const double* d = std::get_if<double>(&cell)) {
    AppendNumber(*d, out);
  } else if (const std::string_view* s = std::get_if<std::string_view>(&cell)) {
    if (NeedsQuotes(*s)) {
      AppendQuoted(*s, out);
    } else {
      out->append(*s);
    }
  }
}

Status WriteTableCsv(const DataTable& table, std::ostream& out, const CsvFormat& format) {
  Result<std::unique_ptr<TextEncoder>> encoder = TextEncoder::Create(format.encoding);
  if (!encoder.ok()) return encoder.status();
  const char* eol = format.crlf ? "\r\n" : "\n";
  const bool utf8 = format.encoding == TextEncoding::kUtf8;
  std::string buffer;
  if (format.bom && utf8) buffer = "\xEF\xBB\xBF";
  for (size_t f = 0; f < table.fields.size(); ++f) {
    if (f > 0) buffer.push_back(',');
    AppendCsvCell(DataCell(std::string_view(table.fields[f].name)), &buffer);
  }
  buffer.append(eol);
  std::vector<DataCell> cells;
  std::string line;
  for (size_t i = 0; i < table.row_count; ++i) {
    table.row(i, &cells);
    line.clear();
    for (size_t f = 0; f < cells.size(); ++f) {
      if (f > 0) line.push_back(',');
      AppendCsvCell(cells[f], &line);
    }
    line.append(eol);
    if (utf8) {
      buffer.append(line);
    } else if (Status s = (*encoder)->Append(line, &buffer); !s.ok()) {
      // Find the field to name it.
      std::string probe;
      for (size_t f = 0; f < cells.size(); ++f) {
        const std::string_view* text = std::get_if<std::string_view>(&cells[f]);
        if (text && !(*encoder)->Append(*text, &probe).ok()) {
          return Status::InvalidArgument(table.name + ", row " + std::to_string(i + 1) +
                                         ", field " + table.fields[f].name + ": " + s.message());
        }
      }
      return Status::InvalidArgument(table.name + ", row " + std::to_string(i + 1) + ": " +
                                     s.message());
    }
    if (buffer.size() >= (1 << 20)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
      if (!out) return Status::IOError("cannot write the CSV output");
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.flush();
  if (!out) return Status::IOError("cannot write the CSV output");
  return Status::Ok();
}

}  // namespace tsuzuri
