// Data package: a Dataset as a folder of CSV files (one per table: values.csv, group_years.csv,
// findings.csv, documents.csv, codebook.csv) and a datapackage.json (Frictionless Data Package with
// a Table Schema per resource): every field's type, Japanese title, description and unit; the
// codes of section, metric and period as categories with their Japanese labels and, per form
// version, their meaning (現状: 補助金交付申請の前月から過去6箇月間の状況); what an empty value means.
// Thread safety: free functions over values.
#ifndef TSUZURI_DATASETS_DATAPACKAGE_H_
#define TSUZURI_DATASETS_DATAPACKAGE_H_

#include <string>

#include "core/status.h"
#include "datasets/csv_writer.h"
#include "datasets/dataset.h"

namespace tsuzuri {

// The datapackage.json text of `dataset` with CSV files in `format`.
std::string DataPackageJson(const Dataset& dataset, const CsvFormat& format);

// Writes the folder `dir` (created; it must not exist or be empty). IOError when a file cannot be
// written; the CSV writer's InvalidArgument for text the encoding cannot hold.
Status WriteDataPackage(const Dataset& dataset, const std::string& dir, const CsvFormat& format);

}  // namespace tsuzuri

#endif  // TSUZURI_DATASETS_DATAPACKAGE_H_
