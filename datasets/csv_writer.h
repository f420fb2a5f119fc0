// CSV: a DataTable as RFC 4180 text (a header row of field names, fields quoted when they hold a comma,
// a quote or a line break, quotes doubled, an empty field for NULL). Two dialects: plain (UTF-8,
// no BOM, LF: pandas, R, DuckDB) and Excel (UTF-8 with a BOM, CRLF: a double-click in Excel on
// Japanese Windows shows the text right), either of them optionally in CP932.
// Thread safety: free functions over values.
#ifndef TSUZURI_DATASETS_CSV_WRITER_H_
#define TSUZURI_DATASETS_CSV_WRITER_H_

#include <ostream>

#include "core/status.h"
#include "datasets/encoding.h"
#include "datasets/table.h"

namespace tsuzuri {

struct CsvFormat {
  bool bom = false;   // a UTF-8 byte order mark first (never with CP932, which has none)
  bool crlf = false;  // "\r\n" line ends instead of "\n"
  TextEncoding encoding = TextEncoding::kUtf8;

  static CsvFormat Plain(TextEncoding e = TextEncoding::kUtf8) { return {false, false, e}; }
  static CsvFormat Excel(TextEncoding e = TextEncoding::kUtf8) {
    return {e == TextEncoding::kUtf8, true, e};
  }
};

// Writes `table` to `out`. InvalidArgument naming the table, row and field when a text cannot be
// encoded (a character CP932 lacks); IOError when `out` fails.
Status WriteTableCsv(const DataTable& table, std::ostream& out, const CsvFormat& format);

// One cell as CSV text (UTF-8), quoted when needed; reals in their shortest round-trip form.
void AppendCsvCell(const DataCell& cell, std::string* out);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_CSV_WRITER_H_
