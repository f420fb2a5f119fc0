// JSON lines: a DataTable as one JSON object per row and line, keys in field order, NULL as null,
// booleans as true / false, numbers as numbers, text as UTF-8 strings (nlohmann-json).
// Thread safety: free functions over values.
#ifndef TSUZURI_DATASETS_JSONL_WRITER_H_
#define TSUZURI_DATASETS_JSONL_WRITER_H_

#include <ostream>

#include "core/status.h"
#include "datasets/table.h"

namespace tsuzuri {

// Writes `table` to `out`, each line ending in "\n". IOError when `out` fails.
Status WriteTableJsonl(const DataTable& table, std::ostream& out);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_JSONL_WRITER_H_
