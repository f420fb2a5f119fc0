// XLSX: a Dataset as an Excel workbook (libxlsxwriter), for analysts who open files in Excel:
//   README      what the file is, when and by which tsuzuri, from which templates and filters
//   <section>   a wide sheet per table of the form (patients, visits, deaths, referrals):
//               institutions as rows (the total row last), period × metric as columns
//   measures    the canonical values, long, as an Excel table (autofilter, frozen header)
//   group_years, findings, documents, codebook: the other tables of the dataset
// Numbers are numbers; codes, ids and names are text. Values to review are highlighted, with the
// finding as a cell comment. One value per cell, no merged cells, one header row, units in their
// own column (総務省's rules for machine-readable tables). Column widths follow the text (full-width
// characters count double).
// Thread safety: free functions over values.
#ifndef TSUZURI_DATASETS_XLSX_WRITER_H_
#define TSUZURI_DATASETS_XLSX_WRITER_H_

#include <string>
#include <string_view>

#include "core/status.h"
#include "datasets/dataset.h"

namespace tsuzuri {

// Writes `dataset` to the file `path` (replaced if it exists). IOError with libxlsxwriter's
// message when the file cannot be written.
Status WriteXlsx(const Dataset& dataset, const std::string& path);

// How many columns `text` takes on screen: full-width and wide characters (East Asian Width F and
// W, by ICU) count 2, others 1.
int DisplayWidth(std::string_view text);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_XLSX_WRITER_H_
