#include "datasets/xlsx_writer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace tsuzuri {
namespace {

constexpr double kMaxWidth = 60;
constexpr const char* kAuthor = "tsuzuri";

// The workbook and its formats. Owns the lxw_workbook until Close(); a workbook not closed is
// closed (and its file written) by the destructor, whose result is then lost: call Close().
class Book {
 public:
  explicit Book(const std::string& path) {
    lxw_workbook_options options{};
    options.use_zip64 = LXW_TRUE;
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (!workbook_) return;
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_border(header_, LXW_BORDER_THIN);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
    review_ = workbook_add_format(workbook_);
    format_set_bg_color(review_, 0xFFEB9C);
    format_set_font_color(review_, 0x9C5700);
    wrap_ = workbook_add_format(workbook_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  ~Book() {
    if (workbook_) workbook_close(workbook_);
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  bool ok() const { return workbook_ != nullptr; }
  lxw_worksheet* AddSheet(const std::string& name) {
    return workbook_add_worksheet(workbook_, name.c_str());
  }
  lxw_format* header() const { return header_; }
  lxw_format* review() const { return review_; }
  lxw_format* wrap() const { return wrap_; }

  // Keeps the first failure of a libxlsxwriter call.
  void Check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR && status_.ok()) {
      status_ = Status::IOError(what + ": " + lxw_strerror(error));
    }
  }
  const Status& status() const { return status_; }

  Status Close(const std::string& path) {
    lxw_workbook* w = workbook_;
    workbook_ = nullptr;
    const lxw_error error = workbook_close(w);
    if (error != LXW_NO_ERROR) {
      return Status::IOError(path + ": cannot write the workbook (" + lxw_strerror(error) + ")");
    }
    return status_;
  }

 private:
  lxw_workbook* workbook_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* review_ = nullptr;
  lxw_format* wrap_ = nullptr;
  Status status_;
};

// Column widths from the longest text of each column.
class Widths {
 public:
  explicit Widths(size_t columns) : widths_(columns, 6) {}
  void Add(size_t column, std::string_view text) {
    if (column < widths_.size()) widths_[column] = std::max(widths_[column], DisplayWidth(text));
  }
  void Add(size_t column, int characters) {
    if (column < widths_.size()) widths_[column] = std::max(widths_[column], characters);
  }
  void Apply(Book& book, lxw_worksheet* sheet) const {
    for (size_t c = 0; c < widths_.size(); ++c) {
      const double width = std::min(kMaxWidth, widths_[c] + 2.0);
      book.Check(worksheet_set_column(sheet, c, c, width, nullptr), "column width");
    }
  }

 private:
  std::vector<int> widths_;
};

int Digits(long long n) { return static_cast<int>(std::to_string(n).size()); }

bool IsId(const Field& f) {
  return f.name.size() > 3 && f.name.compare(f.name.size() - 3, 3, "_id") == 0;
}

// Writes one cell of `field` at (row, col). Ids are text, booleans TRUE / FALSE, numbers numbers.
void WriteCell(Book& book, lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Field& field,
               const DataCell& cell, lxw_format* format, Widths* widths) {
  std::string scratch;
  if (const long long* n = std::get_if<long long>(&cell)) {
    if (IsId(field)) {
      scratch = std::to_string(*n);
      book.Check(worksheet_write_string(sheet, row, col, scratch.c_str(), format), field.name);
      widths->Add(col, scratch);
    } else if (field.type == FieldType::kBoolean) {
      book.Check(worksheet_write_boolean(sheet, row, col, *n != 0, format), field.name);
      widths->Add(col, 5);
    } else {
      book.Check(worksheet_write_number(sheet, row, col, static_cast<double>(*n), format),
                 field.name);
      widths->Add(col, Digits(*n));
    }
  } else if (const double* d = std::get_if<double>(&cell)) {
    book.Check(worksheet_write_number(sheet, row, col, *d, format), field.name);
    widths->Add(col, 8);
  } else if (const std::string_view* s = std::get_if<std::string_view>(&cell)) {
    scratch.assign(*s);
    book.Check(worksheet_write_string(sheet, row, col, scratch.c_str(), format), field.name);
    widths->Add(col, *s);
  } else if (format) {
    book.Check(worksheet_write_blank(sheet, row, col, format), field.name);
  }
}

void WriteHeader(Book& book, lxw_worksheet* sheet, const std::vector<std::string>& names,
                 Widths* widths) {
  for (size_t c = 0; c < names.size(); ++c) {
    book.Check(worksheet_write_string(sheet, 0, c, names[c].c_str(), book.header()), "header");
    widths->Add(c, names[c]);
  }
  worksheet_freeze_panes(sheet, 1, 0);
}

void Comment(Book& book, lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col,
             const std::string& text) {
  lxw_comment_options options{};
  options.author = const_cast<char*>(kAuthor);
  options.width = 360;
  options.height = 120;
  book.Check(worksheet_write_comment_opt(sheet, row, col, text.c_str(), &options), "comment");
}

std::vector<std::string> FieldNames(const DataTable& t) {
  std::vector<std::string> names;
  for (const Field& f : t.fields) names.push_back(f.name);
  return names;
}

// A table of the dataset on its own sheet, with an autofilter and a frozen header.
void WriteTableSheet(Book& book, const DataTable& table) {
  lxw_worksheet* sheet = book.AddSheet(table.name);
  Widths widths(table.fields.size());
  WriteHeader(book, sheet, FieldNames(table), &widths);
  std::vector<DataCell> cells;
  for (size_t i = 0; i < table.row_count; ++i) {
    table.row(i, &cells);
    for (size_t c = 0; c < cells.size(); ++c) {
      WriteCell(book, sheet, i + 1, c, table.fields[c], cells[c], nullptr, &widths);
    }
  }
  if (!table.fields.empty()) {
    book.Check(worksheet_autofilter(sheet, 0, 0, table.row_count, table.fields.size() - 1),
               table.name + " autofilter");
  }
  widths.Apply(book, sheet);
}

// The canonical values as an Excel table named "measures"; values to review highlighted, with
// their finding as a comment.
void WriteMeasuresSheet(Book& book, const Dataset& d, const DataTable& table) {
  lxw_worksheet* sheet = book.AddSheet("measures");
  const size_t n = table.fields.size();
  Widths widths(n);
  std::vector<std::string> names = FieldNames(table);
  for (size_t c = 0; c < n; ++c) widths.Add(c, names[c]);
  size_t value_col = n, status_col = n;
  for (size_t c = 0; c < n; ++c) {
    if (table.fields[c].name == "value") value_col = c;
    if (table.fields[c].name == "status") status_col = c;
  }
  std::vector<DataCell> cells;
  for (size_t i = 0; i < table.row_count; ++i) {
    table.row(i, &cells);
    const bool review = d.values[i].status != "ok";
    for (size_t c = 0; c < cells.size(); ++c) {
      lxw_format* f = review && (c == value_col || c == status_col) ? book.review() : nullptr;
      WriteCell(book, sheet, i + 1, c, table.fields[c], cells[c], f, &widths);
    }
    if (review && value_col < n) Comment(book, sheet, i + 1, value_col, d.ReviewNote(i));
  }
  if (table.row_count > 0) {
    std::vector<lxw_table_column> columns(n);
    std::vector<lxw_table_column*> column_list;
    for (size_t c = 0; c < n; ++c) {
      columns[c] = lxw_table_column{};
      columns[c].header = names[c].data();
      columns[c].header_format = book.header();
      column_list.push_back(&columns[c]);
    }
    column_list.push_back(nullptr);
    lxw_table_options options{};
    options.name = const_cast<char*>("measures");
    options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
    options.style_type_number = 1;
    options.columns = column_list.data();
    book.Check(worksheet_add_table(sheet, 0, 0, table.row_count, n - 1, &options),
               "measures table");
  } else {
    WriteHeader(book, sheet, names, &widths);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  widths.Apply(book, sheet);
}

// One wide row of a section sheet: a document's institution (or the document, in a table without
// institution rows) with the value of each (period, metric) column.
struct WideRow {
  size_t first;  // index of its first value in Dataset::values (for the identity columns)
  std::vector<std::optional<size_t>> cells;
};

void WriteSectionSheet(Book& book, const Dataset& d, const std::string& section) {
  // Columns in the order the form prints them, rows by document then as printed, total row last.
  std::vector<std::pair<std::string, std::string>> columns;  // (period, metric)
  std::map<std::pair<std::string, std::string>, size_t> column_of;
  for (const ValueRow& v : d.values) {
    if (v.section != section) continue;
    if (column_of.emplace(std::make_pair(v.period, v.metric), columns.size()).second) {
      columns.emplace_back(v.period, v.metric);
    }
  }
  std::vector<WideRow> rows;
  std::map<std::tuple<long long, std::string, bool>, size_t> row_of;
  long long current_document = -1;
  std::vector<WideRow> document_rows, totals;
  auto flush = [&]() {
    rows.insert(rows.end(), document_rows.begin(), document_rows.end());
    rows.insert(rows.end(), totals.begin(), totals.end());
    document_rows.clear();
    totals.clear();
    row_of.clear();
  };
  for (size_t i = 0; i < d.values.size(); ++i) {
    const ValueRow& v = d.values[i];
    if (v.section != section) continue;
    if (v.document_id != current_document) {
      flush();
      current_document = v.document_id;
    }
    std::vector<WideRow>& list = v.is_total ? totals : document_rows;
    auto [it, added] = row_of.emplace(
        std::make_tuple(v.document_id, v.institution.value_or(""), v.is_total), list.size());
    if (added) list.push_back(WideRow{i, std::vector<std::optional<size_t>>(columns.size())});
    list[it->second].cells[column_of[{v.period, v.metric}]] = i;
  }
  flush();

  lxw_worksheet* sheet = book.AddSheet(section);
  std::vector<std::string> header = {"年度（西暦）", "年度（和暦）", "グループ名", "ファイル名",
                                     "医療機関名", "合計行", "単位"};
  const size_t fixed = header.size();
  for (const auto& [period, metric] : columns) {
    header.push_back(d.codebook.Label("period", period) + " " + d.codebook.Label("metric", metric));
  }
  Widths widths(header.size());
  WriteHeader(book, sheet, header, &widths);
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string note = "period " + columns[c].first + ", metric " + columns[c].second;
    std::set<std::string> seen;
    for (const CodebookEntryRow& r : d.codebook.rows) {
      if (r.kind == "period" && r.name == columns[c].first && !r.meaning.empty() &&
          seen.insert(r.template_id).second) {
        note += "\n" + r.template_id + ": " + r.label + " = " + r.meaning;
      }
    }
    Comment(book, sheet, 0, fixed + c, note);
  }
  const Field text{"", FieldType::kString, "", "", ""};
  const Field number{"", FieldType::kInteger, "", "", ""};
  const Field boolean{"", FieldType::kBoolean, "", "", ""};
  for (size_t r = 0; r < rows.size(); ++r) {
    const ValueRow& first = d.values[rows[r].first];
    const lxw_row_t row = r + 1;
    auto opt_text = [](const std::optional<std::string>& s) {
      return s ? DataCell(std::string_view(*s)) : DataCell();
    };
    WriteCell(book, sheet, row, 0, number,
              first.fiscal_year ? DataCell(static_cast<long long>(*first.fiscal_year)) : DataCell(),
              nullptr, &widths);
    WriteCell(book, sheet, row, 1, text, DataCell(std::string_view(first.fiscal_year_label)), nullptr,
              &widths);
    WriteCell(book, sheet, row, 2, text, opt_text(first.group_name), nullptr, &widths);
    WriteCell(book, sheet, row, 3, text, DataCell(std::string_view(first.file_name)), nullptr, &widths);
    WriteCell(book, sheet, row, 4, text, opt_text(first.institution), nullptr, &widths);
    WriteCell(book, sheet, row, 5, boolean, DataCell(first.is_total ? 1LL : 0LL), nullptr, &widths);
    WriteCell(book, sheet, row, 6, text, DataCell(std::string_view(first.unit)), nullptr, &widths);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (!rows[r].cells[c]) continue;
      const size_t i = *rows[r].cells[c];
      const ValueRow& v = d.values[i];
      const bool review = v.status != "ok";
      WriteCell(book, sheet, row, fixed + c, number, v.value ? DataCell(*v.value) : DataCell(),
                review ? book.review() : nullptr, &widths);
      if (review) Comment(book, sheet, row, fixed + c, d.ReviewNote(i));
    }
  }
  book.Check(worksheet_autofilter(sheet, 0, 0, rows.size(), header.size() - 1), "autofilter");
  worksheet_freeze_panes(sheet, 1, 5);
  // Printed landscape, one page wide, the header on every page.
  worksheet_set_landscape(sheet);
  worksheet_fit_to_pages(sheet, 1, 0);
  book.Check(worksheet_repeat_rows(sheet, 0, 0), "print titles");
  widths.Apply(book, sheet);
}

void WriteReadme(Book& book, const Dataset& d, const std::vector<std::string>& sections) {
  lxw_worksheet* sheet = book.AddSheet("README");
  size_t review = 0;
  for (const ValueRow& v : d.values) review += v.status != "ok";
  std::vector<std::pair<std::string, std::string>> lines = {
      {"内容", "tsuzuri export: values read from report forms, with their status and source"},
      {"作成日時", d.info.generated_at},
      {"tsuzuri", d.info.tsuzuri_version},
      {"データベース", d.info.database},
      {"値の出典", d.info.values_view +
                       (d.info.values_view == "effective_values"
                            ? " (values after review)"
                            : " (values as read; no review recorded in this database)")},
      {"絞り込み", d.info.filter},
      {"文書数", std::to_string(d.documents.size())},
      {"値の数", std::to_string(d.values.size()) + " (" + std::to_string(review) + " to review)"},
      {"指摘数", std::to_string(d.findings.size())},
  };
  for (const std::string& t : d.info.templates) lines.emplace_back("様式テンプレート", t);
  for (const std::string& s : sections) {
    lines.emplace_back("シート " + s, d.codebook.Label("section", s) +
                                          ": institutions as rows (total row last), period × "
                                          "metric as columns");
  }
  lines.insert(lines.end(), {
      {"シート measures", "every value, one per row (the canonical table; the same rows as the "
                         "CSV, JSON lines and data package exports)"},
      {"シート group_years", "one row per group and fiscal year: totals and the change from the "
                            "previous year; same_group_evidence says why reports are one group"},
      {"シート findings", "the validation rules' findings"},
      {"シート documents", "the documents covered, failed ones with their error"},
      {"シート codebook", "what every column and code means (labels and meanings from the form "
                         "templates)"},
      {"要確認", "cells highlighted in yellow have status review: their comment gives the "
                "finding"},
      {"空欄", "an empty value cell: blank on the form, no number in the cell's text, or "
              "unreadable (measures.empty_reason, codebook); an empty institution: the table has "
              "no institution rows"},
      {"形式", "one value per cell, no merged cells, one header row, numbers without units "
              "(units in their own column), Western year with the era year beside it"},
  });
  for (const std::string& u : d.codebook.undescribed) {
    lines.emplace_back("コードブック未記載", u);
  }
  Widths widths(2);
  WriteHeader(book, sheet, {"項目", "内容"}, &widths);
  for (size_t r = 0; r < lines.size(); ++r) {
    book.Check(worksheet_write_string(sheet, r + 1, 0, lines[r].first.c_str(), nullptr), "README");
    book.Check(worksheet_write_string(sheet, r + 1, 1, lines[r].second.c_str(), nullptr), "README");
    widths.Add(0, lines[r].first);
    widths.Add(1, lines[r].second);
  }
  widths.Apply(book, sheet);
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  const char* s = text.data();
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++width;
      ++i;
      continue;
    }
    UChar32 cp;
    U8_NEXT(s, i, length, cp);
    const int eaw = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
    width += (eaw == U_EA_FULLWIDTH || eaw == U_EA_WIDE) ? 2 : 1;
  }
  return width;
}

Status WriteXlsx(const Dataset& d, const std::string& path) {
  Book book(path);
  if (!book.ok()) return Status::IOError(path + ": cannot create the workbook");
  std::vector<std::string> sections;
  for (const ValueRow& v : d.values) {
    if (std::find(sections.begin(), sections.end(), v.section) == sections.end()) {
      sections.push_back(v.section);
    }
  }
  WriteReadme(book, d, sections);
  for (const std::string& s : sections) WriteSectionSheet(book, d, s);
  const std::vector<DataTable> tables = d.Tables();
  WriteMeasuresSheet(book, d, tables[0]);
  for (size_t t = 1; t < tables.size(); ++t) WriteTableSheet(book, tables[t]);
  return book.Close(path);
}

}  // namespace tsuzuri
