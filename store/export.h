// Export: a table or view of the Database as CSV (RFC 4180: a header row, fields quoted when they
// hold a comma, a quote or a line break, quotes doubled), UTF-8. NULL is an empty field; numbers
// are written exactly (integers as they are, reals in their shortest round-trip form).
// Thread safety: free functions; the Database rule applies (one thread at a time).
#ifndef TSUZURI_STORE_EXPORT_H_
#define TSUZURI_STORE_EXPORT_H_

#include <ostream>
#include <string>

#include "core/status.h"
#include "store/database.h"

namespace tsuzuri {

struct CsvOptions {
  // Start with a UTF-8 byte order mark, which Excel needs to read Japanese text. Default: false.
  bool bom = false;
  // End records with "\r\n" (RFC 4180) instead of "\n". Default: false.
  bool crlf = false;
};

// One field as CSV text, quoted when needed.
std::string CsvField(const SqlValue& value);

// Writes `table` (one of db.TableNames()) to `out`. InvalidArgument for an unknown table, IOError
// when `out` fails, else the Database's Status.
Status WriteCsv(Database& db, const std::string& table, std::ostream& out,
                const CsvOptions& options = {});

}  // namespace tsuzuri

#endif  // TSUZURI_STORE_EXPORT_H_
