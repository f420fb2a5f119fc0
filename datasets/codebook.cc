#include "datasets/codebook.h"

#include <algorithm>
#include <set>

namespace tsuzuri {
namespace {

// The description of `name` in one of a template's codebook lists, or nullptr.
const CodebookEntry* Described(const std::vector<CodebookEntry>& list, const std::string& name) {
  for (const CodebookEntry& e : list) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

void AddCode(const Template& t, const std::string& kind, const std::string& name,
             const std::string& unit, const std::vector<CodebookEntry>& described, Codebook* out) {
  CodebookEntryRow row{kind, "", name, t.id, "", "", unit, ""};
  if (const CodebookEntry* e = Described(described, name)) {
    row.label = e->label;
    row.meaning = e->meaning;
  } else {
    out->undescribed.push_back(t.id + ": " + kind + " " + name);
  }
  out->rows.push_back(std::move(row));
}

}  // namespace

const CodebookEntryRow* Codebook::Find(const std::string& kind, const std::string& name,
                                       const std::string& template_id) const {
  const CodebookEntryRow* found = nullptr;
  for (const CodebookEntryRow& r : rows) {
    if (r.kind != kind || r.name != name || r.label.empty()) continue;
    if (!template_id.empty() && r.template_id == template_id) return &r;
    found = &r;
  }
  return found;
}

std::string Codebook::Label(const std::string& kind, const std::string& name,
                            const std::string& template_id) const {
  if (!template_id.empty()) {
    const CodebookEntryRow* r = Find(kind, name, template_id);
    return r ? r->label : name;
  }
  std::vector<std::string> labels;
  for (const CodebookEntryRow& r : rows) {
    if (r.kind == kind && r.name == name && !r.label.empty() &&
        std::find(labels.begin(), labels.end(), r.label) == labels.end()) {
      labels.push_back(r.label);
    }
  }
  if (labels.empty()) return name;
  std::string out;
  for (const std::string& l : labels) out += (out.empty() ? "" : "／") + l;
  return out;
}

Codebook MakeCodebook(const std::vector<const DataTable*>& tables, const TemplateSet& templates) {
  Codebook out;
  for (const DataTable* table : tables) {
    for (const Field& f : table->fields) {
      out.rows.push_back({"field", table->name, f.name, "", f.title, FieldTypeName(f.type), f.unit,
                          f.description});
    }
  }
  for (const Template& t : templates.templates) {
    std::set<std::string> metrics_seen, periods_seen;
    for (const SectionSpec& s : t.sections) {
      AddCode(t, "section", s.id, s.unit, t.codebook.sections, &out);
    }
    for (const SectionSpec& s : t.sections) {
      for (const std::string& m : s.metrics) {
        if (metrics_seen.insert(m).second) AddCode(t, "metric", m, s.unit, t.codebook.metrics, &out);
      }
    }
    for (const SectionSpec& s : t.sections) {
      for (const Labeled& p : s.periods) {
        if (periods_seen.insert(p.name).second) AddCode(t, "period", p.name, "", t.codebook.periods, &out);
      }
    }
  }
  out.rows.push_back({"empty_reason", "", "blank", "", "空欄", "", "",
                      "nothing is printed in the cell on the form"});
  out.rows.push_back({"empty_reason", "", "no_number", "", "数値なし", "", "",
                      "the cell has text (raw_text) but no number for this value: left blank in a "
                      "cell of several values (「うち往診: 回」), text that is not a number, or a "
                      "scan that could not be read"});
  out.rows.push_back({"empty_reason", "", "unreadable", "", "判読不能", "", "",
                      "a reviewer settled that the page does not show the value"});
  out.rows.push_back({"empty_reason", "", "not applicable", "", "該当なし", "", "",
                      "an empty institution: the table has no institution rows (referrals); a "
                      "period a table does not have has no row at all"});
  return out;
}

DataTable CodebookTable(const Codebook& codebook) {
  using T = FieldType;
  DataTable t;
  t.name = "codebook";
  t.title = "コードブック";
  t.description =
      "What every field of every table and every code (section, metric, period of each form "
      "version) means; the codes' labels and meanings come from the form templates.";
  t.fields = {
      {"kind", T::kString, "種類", "field, section, metric, period or empty_reason", ""},
      {"table", T::kString, "表名", "for a field: the table it belongs to", ""},
      {"name", T::kString, "名前", "the field name, or the code as it appears in the data", ""},
      {"template_id", T::kString, "様式の版", "for a code: the form version it belongs to", ""},
      {"label", T::kString, "表示名", "the Japanese label, as printed on the form for codes", ""},
      {"type", T::kString, "型", "for a field: integer, number, string or boolean", ""},
      {"unit", T::kString, "単位", "", ""},
      {"meaning", T::kString, "意味", "", ""},
  };
  t.row_count = codebook.rows.size();
  t.row = [&codebook](size_t i, std::vector<DataCell>* out) {
    const CodebookEntryRow& r = codebook.rows[i];
    auto text = [](const std::string& s) { return s.empty() ? DataCell() : DataCell(std::string_view(s)); };
    *out = {text(r.kind), text(r.table), text(r.name),  text(r.template_id),
            text(r.label), text(r.type), text(r.unit), text(r.meaning)};
  };
  return t;
}

}  // namespace tsuzuri
