#include "datasets/values.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "datasets/table_reader.h"
#include "normalize/era.h"

namespace tsuzuri {
namespace {

struct MeasureBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// measures.id -> its cell box; measure_values has no boxes.
Status ReadBoxes(Database& db, std::unordered_map<long long, MeasureBox>* out) {
  std::unordered_map<long long, MeasureBox>& boxes = *out;
  return ReadByName(db, "measures", {"id", "box_x0", "box_y0", "box_x1", "box_y1"},
                        {"id", "box_x0", "box_y0", "box_x1", "box_y1"},
                        [&](const NamedRow& r, const std::vector<int>& c) {
                          boxes[*r.Int(c[0])] = MeasureBox{r.Real(c[1]).value_or(0), r.Real(c[2]).value_or(0),
                                                   r.Real(c[3]).value_or(0), r.Real(c[4]).value_or(0)};
                        });
}

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The canonical order (values.h). Compares in place: rows are sorted through their indices and
// moved once, since a ValueRow is large.
bool Before(const ValueRow& a, const ValueRow& b) {
  if (a.fiscal_year.has_value() != b.fiscal_year.has_value()) return a.fiscal_year.has_value();
  if (a.fiscal_year != b.fiscal_year) return *a.fiscal_year < *b.fiscal_year;
  if (a.group_name.has_value() != b.group_name.has_value()) return a.group_name.has_value();
  if (a.group_name != b.group_name) return *a.group_name < *b.group_name;
  if (a.file_name != b.file_name) return a.file_name < b.file_name;
  if (a.document_id != b.document_id) return a.document_id < b.document_id;
  if (a.measure_id.has_value() != b.measure_id.has_value()) return a.measure_id.has_value();
  return a.measure_id < b.measure_id;
}

std::vector<ValueRow> Sorted(std::vector<ValueRow> rows) {
  std::vector<uint32_t> order(rows.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&rows](uint32_t a, uint32_t b) { return Before(rows[a], rows[b]); });
  std::vector<ValueRow> out;
  out.reserve(rows.size());
  for (uint32_t i : order) out.push_back(std::move(rows[i]));
  return out;
}

}  // namespace

Result<std::vector<ValueRow>> ReadValues(Database& db, const ExportFilter& filter,
                                         ValuesSource* source) {
  Result<std::vector<std::string>> tables = db.TableNames();
  if (!tables.ok()) return tables.status();
  const bool effective =
      std::find(tables->begin(), tables->end(), "effective_values") != tables->end();
  const std::string view = effective ? "effective_values" : "measure_values";
  if (source) source->view = view;
  std::unordered_map<long long, MeasureBox> boxes;
  if (!effective) {
    if (Status b = ReadBoxes(db, &boxes); !b.ok()) return b;
  }
  enum {
    kId, kDocument, kFile, kForm, kTemplate, kYear, kGroup, kSection, kInstitution, kIsTotal,
    kPeriod, kMetric, kValue, kUnit, kStatus, kConfidence, kPage, kRaw, kX0, kY0, kX1, kY1,
    kSettlement, kSettledBy, kReadValue,
  };
  const std::vector<std::string> wanted = {
      "measure_id", "document_id", "file_name", "form", "template_id", "fiscal_year",
      "group_name", "section", "institution", "is_total", "period", "metric", "value", "unit",
      "status", "confidence", "page", "raw_text", "box_x0", "box_y0", "box_x1", "box_y1",
      "settlement", "settled_by", "read_value"};
  const std::vector<std::string> required(wanted.begin(), wanted.begin() + kX0);
  std::vector<ValueRow> rows;
  std::unordered_map<int, std::string> labels;
  Status s = ReadByName(db, view, wanted, required, [&](const NamedRow& r, const std::vector<int>& c) {
    const std::optional<int> year =
        r.Int(c[kYear]) ? std::optional<int>(static_cast<int>(*r.Int(c[kYear]))) : std::nullopt;
    const std::optional<std::string> form = r.Text(c[kForm]);
    const std::optional<std::string> group = r.Text(c[kGroup]);
    if (!filter.Keeps(year, form, group)) return;
    const std::string status = r.TextOr(c[kStatus]);
    if (filter.ok_only && status != "ok") return;
    ValueRow v;
    v.measure_id = r.Int(c[kId]);
    v.document_id = r.Int(c[kDocument]).value_or(0);
    v.file_name = r.TextOr(c[kFile]);
    v.form = form.value_or("");
    v.template_id = r.TextOr(c[kTemplate]);
    v.fiscal_year = year;
    if (year) {
      auto [it, added] = labels.try_emplace(*year);
      if (added) it->second = FiscalYearLabel(*year);
      v.fiscal_year_label = it->second;
    }
    v.group_name = group;
    v.section = r.TextOr(c[kSection]);
    v.institution = r.Text(c[kInstitution]);
    v.is_total = r.Int(c[kIsTotal]).value_or(0) != 0;
    v.period = r.TextOr(c[kPeriod]);
    v.metric = r.TextOr(c[kMetric]);
    v.value = r.Int(c[kValue]);
    v.read_value = effective ? r.Int(c[kReadValue]) : v.value;
    v.unit = r.TextOr(c[kUnit]);
    v.status = status;
    v.confidence = r.Real(c[kConfidence]);
    if (std::optional<long long> page = r.Int(c[kPage])) v.page = static_cast<int>(*page);
    v.raw_text = r.TextOr(c[kRaw]);
    v.settlement = r.Text(c[kSettlement]);
    v.settled_by = r.Text(c[kSettledBy]);
    if (effective) {
      v.has_box = r.Real(c[kX0]).has_value();
      v.box_x0 = r.Real(c[kX0]).value_or(0);
      v.box_y0 = r.Real(c[kY0]).value_or(0);
      v.box_x1 = r.Real(c[kX1]).value_or(0);
      v.box_y1 = r.Real(c[kY1]).value_or(0);
    } else if (auto it = boxes.find(v.measure_id.value_or(-1)); it != boxes.end()) {
      v.has_box = true;
      v.box_x0 = it->second.x0;
      v.box_y0 = it->second.y0;
      v.box_x1 = it->second.x1;
      v.box_y1 = it->second.y1;
    }
    if (!v.value) {
      if (v.settlement == "unreadable") {
        v.empty_reason = "unreadable";
      } else {
        v.empty_reason = IsBlank(v.raw_text) ? "blank" : "no_number";
      }
    }
    rows.push_back(std::move(v));
  });
  if (!s.ok()) return s;
  return Sorted(std::move(rows));
}

namespace {

std::string_view View(const std::optional<std::string>& s) {
  return s ? std::string_view(*s) : std::string_view();
}

}  // namespace

DataTable ValuesTable(const std::vector<ValueRow>& rows) {
  using T = FieldType;
  DataTable t;
  t.name = "values";
  t.title = "値";
  t.description =
      "One row per value read from a report (tidy: one value per row). Rows are ordered by fiscal "
      "year, group, file, then as the form prints them.";
  t.fields = {
      {"measure_id", T::kInteger, "値ID",
       "measures.id in the database; empty for a value a reviewer entered where nothing was read",
       ""},
      {"document_id", T::kInteger, "文書ID", "documents.id in the database", ""},
      {"file_name", T::kString, "ファイル名", "the file the value was read from", ""},
      {"form", T::kString, "様式", "the form, e.g. grouping-report", ""},
      {"template_id", T::kString, "様式の版",
       "the template (form version) that read it, e.g. grouping-report-r4", ""},
      {"fiscal_year", T::kInteger, "年度（西暦）",
       "the Western year the 年度 (April to March) starts in; empty when the report names none",
       ""},
      {"fiscal_year_ja", T::kString, "年度（和暦）", "the same 年度 in the Japanese era: 令和4年度",
       ""},
      {"group_name", T::kString, "グループ名",
       "the group as printed; empty when the report names none", ""},
      {"section", T::kString, "表",
       "which table of the form: patients, visits, deaths, referrals (codebook)", ""},
      {"institution", T::kString, "医療機関名",
       "the institution's row as printed; empty: not applicable (the table has no institution "
       "rows, e.g. referrals)",
       ""},
      {"is_total", T::kBoolean, "合計行",
       "1 for the row 「連携する医療機関内の合計」, 0 otherwise", ""},
      {"period", T::kString, "時点", "the column: current, plan, actual, before, after, diff "
                                     "(codebook: label and meaning per form version)", ""},
      {"metric", T::kString, "項目", "what is counted: patients, visits, ... (codebook)", ""},
      {"value", T::kInteger, "値",
       "the number, without unit; empty when the cell is blank or unreadable (empty_reason)", ""},
      {"read_value", T::kInteger, "読取値",
       "the number as read, before review (equal to value unless review corrected it)", ""},
      {"unit", T::kString, "単位", "名, 回 or 件", ""},
      {"status", T::kString, "状態",
       "ok, or review: a rule failed on it or it could not be read surely (findings)", ""},
      {"empty_reason", T::kString, "空欄の理由",
       "why value is empty: blank, no_number or unreadable (codebook); empty when there is a value",
       ""},
      {"settlement", T::kString, "確定の方法",
       "how review settled it: confirmed, corrected, as-printed, unreadable, entered, rules; "
       "empty: as read",
       ""},
      {"settled_by", T::kString, "確定者", "rules, or the reviewer's name; empty: as read", ""},
      {"confidence", T::kNumber, "読取信頼度",
       "0 to 1; 1 for a text layer; empty for an entered value", ""},
      {"page", T::kInteger, "ページ", "1-based page the value was read on", ""},
      {"box_x0", T::kNumber, "枠x0", "the cell on the page: left, points from the left edge", "pt"},
      {"box_y0", T::kNumber, "枠y0", "top, points from the top edge", "pt"},
      {"box_x1", T::kNumber, "枠x1", "right", "pt"},
      {"box_y1", T::kNumber, "枠y1", "bottom", "pt"},
      {"raw_text", T::kString, "印字", "the cell's text as printed", ""},
  };
  t.row_count = rows.size();
  t.row = [&rows](size_t i, std::vector<DataCell>* out) {
    const ValueRow& v = rows[i];
    std::vector<DataCell>& c = *out;
    c.assign(27, DataCell());
    if (v.measure_id) c[0] = *v.measure_id;
    c[1] = v.document_id;
    c[2] = std::string_view(v.file_name);
    c[3] = std::string_view(v.form);
    c[4] = std::string_view(v.template_id);
    if (v.fiscal_year) c[5] = static_cast<long long>(*v.fiscal_year);
    if (!v.fiscal_year_label.empty()) c[6] = std::string_view(v.fiscal_year_label);
    if (v.group_name) c[7] = View(v.group_name);
    c[8] = std::string_view(v.section);
    if (v.institution) c[9] = View(v.institution);
    c[10] = v.is_total ? 1LL : 0LL;
    c[11] = std::string_view(v.period);
    c[12] = std::string_view(v.metric);
    if (v.value) c[13] = *v.value;
    if (v.read_value) c[14] = *v.read_value;
    c[15] = std::string_view(v.unit);
    c[16] = std::string_view(v.status);
    if (v.empty_reason) c[17] = View(v.empty_reason);
    if (v.settlement) c[18] = View(v.settlement);
    if (v.settled_by) c[19] = View(v.settled_by);
    if (v.confidence) c[20] = *v.confidence;
    if (v.page) c[21] = static_cast<long long>(*v.page);
    if (v.has_box) {
      c[22] = v.box_x0;
      c[23] = v.box_y0;
      c[24] = v.box_x1;
      c[25] = v.box_y1;
    }
    c[26] = std::string_view(v.raw_text);
  };
  return t;
}

}  // namespace tsuzuri
