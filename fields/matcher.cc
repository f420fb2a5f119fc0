#include "fields/matcher.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/utf8.h"
#include "normalize/era.h"
#include "normalize/numbers.h"
#include "normalize/pattern.h"

namespace tsuzuri {
namespace {

// One item of the reading flow: a text line or a table.
struct FlowItem {
  int page = 0;
  double y = 0;
  const Line* line = nullptr;
  const Table* table = nullptr;
};

std::vector<FlowItem> Flow(const Document& doc) {
  std::vector<FlowItem> flow;
  for (const Page& p : doc.pages) {
    std::vector<FlowItem> items;
    for (const Line& l : p.lines) items.push_back({p.number, l.box.y0, &l, nullptr});
    for (const Table& t : p.tables) items.push_back({p.number, t.box.y0, nullptr, &t});
    std::stable_sort(items.begin(), items.end(),
                     [](const FlowItem& a, const FlowItem& b) { return a.y < b.y; });
    flow.insert(flow.end(), items.begin(), items.end());
  }
  return flow;
}

// A column role and the x range it covers.
struct Column {
  std::string role;
  double x0 = 0, x1 = 0;
};

// A header cell matched to a role only by the loose match of OCR'd labels.
struct LooseLabel {
  std::string text, role, label;
};

// The columns found in a header row, and the last grid row of the header.
struct Header {
  std::vector<Column> columns;
  int last_row = -1;
  std::vector<LooseLabel> loose;
};

// The role of the column at the centre of `cell`, or "".
const std::string& RoleAt(const std::vector<Column>& columns, const Cell& cell) {
  static const std::string kNone;
  const double cx = cell.box.cx();
  for (const Column& c : columns) {
    if (cx >= c.x0 && cx <= c.x1) return c.role;
  }
  return kNone;
}

// Cells of a table grouped by their top grid row, rows in order.
std::map<int, std::vector<const Cell*>> Rows(const Table& t) {
  std::map<int, std::vector<const Cell*>> rows;
  for (const Cell& c : t.cells) rows[c.row].push_back(&c);
  return rows;
}

// `text` without what OCR makes of specks and line fragments before a header's or a name's first
// word: ASCII punctuation and spaces, 「・」「、」「。」, and dashes (「ー」「―」「─」...): no
// header label or institution name starts with one (「- 実績(補助金…」 is 実績(補助金…, 「ーー 計
// 画」 is 計画, 「:ふじみ野在宅クリニック」 is ふじみ野在宅クリニック).
std::string_view WithoutLeadingSpecks(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!std::ispunct(c) && !std::isspace(c)) break;
      ++i;
      continue;
    }
    size_t len = 0;
    const std::u32string one = utf8::Decode(text.substr(i, c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2));
    if (one.empty()) break;
    const char32_t cp = one[0];
    const bool speck = cp == U'・' || cp == U'、' || cp == U'。' || cp == U'ー' || cp == U'ｰ' ||
                       cp == U'･' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2500 ||
                       cp == 0x2212 || cp == 0x3000;
    if (!speck) break;
    len = utf8::Encode(std::u32string(1, cp)).size();
    i += len;
  }
  return text.substr(i);
}

// Edit distance between two strings, by code point.
size_t Distance(std::string_view a, std::string_view b) {
  const std::u32string x = utf8::Decode(a), y = utf8::Decode(b);
  std::vector<size_t> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

// The text a pattern matches when it is a plain label (「^連携する医療機関内の合計」 without its
// anchors); empty when it uses other regular-expression syntax.
std::string LiteralOf(std::string_view pattern) {
  if (!pattern.empty() && pattern.front() == '^') pattern.remove_prefix(1);
  if (!pattern.empty() && pattern.back() == '$') pattern.remove_suffix(1);
  if (pattern.find_first_of("\\[](){}*+?|.^$") != std::string_view::npos) return "";
  return std::string(pattern);
}

// Whether `c` was read by OCR (read twice, or with a confidence below certain).
bool IsOcr(const Cell& c) { return !c.second_raw_text.empty() || c.confidence < 1.0; }

// The one label among `candidates` (plain labels of patterns) that OCR'd `text` reads as but for
// a few characters: its start (for a header, whose label is followed by notes) or its whole
// (`whole`) within a quarter of the label's length in edit distance, at least one. Ties and
// labels that are not plain give nothing.
std::optional<size_t> LooseLabelMatch(std::string_view text,
                                      const std::vector<std::string>& candidates, bool whole) {
  const std::u32string t = utf8::Decode(text);
  std::optional<size_t> found;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::u32string label = utf8::Decode(candidates[i]);
    if (label.size() < 2) continue;
    const size_t allowed = std::max<size_t>(1, label.size() / 4);
    size_t best = allowed + 1;
    if (whole) {
      best = Distance(text, candidates[i]);
    } else {
      // The start of the text, as long as the label or one longer or shorter.
      for (size_t len : {label.size(), label.size() - 1, label.size() + 1}) {
        if (len > t.size()) continue;
        best = std::min(best, Distance(utf8::Encode(t.substr(0, len)), candidates[i]));
      }
    }
    if (best > allowed) continue;
    if (found) return std::nullopt;  // two labels fit: guess neither
    found = i;
  }
  return found;
}

// Whether header cell `c` matches `pattern`; a cell read by OCR also when specks before its first
// word are left out.
bool HeaderMatches(const Pattern& pattern, const Cell& c) {
  if (pattern.Search(c.text, nullptr)) return true;
  if (!IsOcr(c)) return false;
  const std::string_view rest = WithoutLeadingSpecks(c.text);
  return rest.size() != c.text.size() && pattern.Search(rest, nullptr);
}

// Finds the first row of `t` in which cells match at least `min_roles` of the labeled patterns;
// returns its columns.
std::optional<Header> FindHeader(const Table& t, const std::vector<Labeled>& roles,
                                 size_t min_roles) {
  for (const auto& [row, cells] : Rows(t)) {
    Header h;
    for (const Cell* c : cells) {
      for (const Labeled& r : roles) {
        if (HeaderMatches(r.pattern, *c)) {
          h.columns.push_back({r.name, c->box.x0, c->box.x1});
          h.last_row = std::max(h.last_row, c->row + c->row_span - 1);
          break;
        }
      }
    }
    // In a row that is a header (a role matched), an OCR'd cell that matches no role may match
    // a role not yet found loosely (「実貫」 for 実績), when the role's place among the columns
    // found (roles come left to right in template order) is where the cell is.
    if (!h.columns.empty()) {
      for (const Cell* c : cells) {
        if (!IsOcr(*c) || !RoleAt(h.columns, *c).empty()) continue;
        std::vector<std::string> labels;
        for (const Labeled& r : roles) {
          const bool taken = std::any_of(h.columns.begin(), h.columns.end(),
                                         [&](const Column& col) { return col.role == r.name; });
          labels.push_back(taken ? "" : LiteralOf(r.pattern.source()));
        }
        const std::string_view text = WithoutLeadingSpecks(c->text);
        const std::optional<size_t> at = LooseLabelMatch(text, labels, false);
        if (!at) continue;
        bool in_place = true;
        for (const Column& col : h.columns) {
          const size_t k = static_cast<size_t>(
              std::find_if(roles.begin(), roles.end(),
                           [&](const Labeled& r) { return r.name == col.role; }) -
              roles.begin());
          if ((k < *at && col.x0 >= c->box.x0) || (k > *at && col.x0 <= c->box.x0))
            in_place = false;
        }
        if (!in_place) continue;
        h.columns.push_back({roles[*at].name, c->box.x0, c->box.x1});
        h.last_row = std::max(h.last_row, c->row + c->row_span - 1);
        h.loose.push_back({std::string(text), roles[*at].name, labels[*at]});
      }
    }
    std::vector<std::string> distinct;
    for (const Column& c : h.columns) {
      if (std::find(distinct.begin(), distinct.end(), c.role) == distinct.end())
        distinct.push_back(c.role);
    }
    if (distinct.size() >= min_roles) return h;
  }
  return std::nullopt;
}

// The columns to read `t` with, and its first data row: from its own header row when it has one,
// else (a table continued from the previous page) the previous header's `columns`, from row 0.
// Nothing when there is neither.
std::optional<int> StartTable(const Table& t, const std::vector<Labeled>& roles, size_t min_roles,
                              std::vector<Column>& columns) {
  if (std::optional<Header> h = FindHeader(t, roles, min_roles)) {
    columns = h->columns;
    return h->last_row + 1;
  }
  if (columns.empty()) return std::nullopt;
  return 0;
}

struct Parsed {
  bool readable = false;  // a value pattern matched the whole cell
  bool loose = false;     // ... only by the loose match of an OCR'd cell
  std::map<std::string, std::optional<long long>> values;  // by placeholder name
  std::vector<std::string> unreadable;  // placeholders whose text is not a number
};

// The numbers of an OCR'd cell, in order, and its text without them. A minus is any dash or ▲△
// right before a digit (OCR reads 「－」 as ー 一 ―).
void SplitNumbers(const std::string& text, std::vector<std::string>* numbers, std::string* rest) {
  static const Pattern kNumber = *Pattern::Compile("[-‐―−ー一▲△]?[0-9]+(?:,[0-9]{3})*");
  size_t at = 0;
  for (const Match& m : kNumber.SearchAll(text)) {
    numbers->push_back(m.whole().text);
    rest->append(text, at, m.whole().begin - at);
    at = m.whole().end;
  }
  rest->append(text, at, std::string::npos);
}

// Reads a value cell with the section's value patterns. An OCR'd cell that no pattern matches
// whole may still be read loosely: when it holds exactly as many numbers as a pattern has
// placeholders and its other characters are within a third of the pattern's labels in edit
// distance (OCR garbles labels far more often than digits: 回→同, 訪→前). The rules check the
// numbers either way.
Parsed ParseValueCell(const SectionSpec& s, const std::string& text,
                      const std::vector<std::string>& names, bool loose_allowed = false) {
  Parsed out;
  for (const SectionSpec::ValuePattern& v : s.values) {
    Match m;
    if (!v.pattern.FullMatch(text, &m)) continue;
    out.readable = true;
    for (const std::string& name : names) {
      const auto at = std::find(v.fields.begin(), v.fields.end(), name);
      static const Capture kUnmatched;
      const Capture& c =
          at == v.fields.end() ? kUnmatched : m.group(static_cast<int>(at - v.fields.begin()) + 1);
      out.values[name] = std::nullopt;
      if (!c.matched || c.text.empty()) continue;  // a blank number: missing
      std::optional<Quantity> q = ParseQuantity(c.text);
      if (q && !q->high && q->unit.empty()) {
        out.values[name] = q->value;
      } else {
        out.unreadable.push_back(name);
      }
    }
    return out;
  }
  if (!loose_allowed || text.empty()) return out;
  std::vector<std::string> numbers;
  std::string rest;
  SplitNumbers(text, &numbers, &rest);
  for (const SectionSpec::ValuePattern& v : s.values) {
    if (numbers.size() != v.fields.size() || v.literal.empty()) continue;
    const size_t length = utf8::Decode(v.literal).size();
    if (3 * Distance(rest, v.literal) > length) continue;
    out.readable = out.loose = true;
    for (const std::string& name : names) {
      const auto at = std::find(v.fields.begin(), v.fields.end(), name);
      out.values[name] = std::nullopt;
      if (at == v.fields.end()) continue;
      std::optional<Quantity> q = ParseQuantity(numbers[at - v.fields.begin()]);
      if (q && !q->high) {
        out.values[name] = q->value;
      } else {
        out.unreadable.push_back(name);
      }
    }
    return out;
  }
  return out;
}

class SectionReader {
 public:
  SectionReader(const SectionSpec& spec, Record& record) : spec_(spec), record_(record) {}

  // Reads a table of this section. Returns false when the table has no header and there is no
  // header to continue from.
  // Whether a table of this section was read.
  bool found() const { return found_; }

  // After the last table: rows the template names that none of this section's tables had (their
  // label misread) would lose their values, or their check, without a word. A missing metric row
  // (referrals) is an error; so is a missing total row, and then the values read by OCR are
  // review: without the total, sum_of_rows cannot check them, and the total's own values may be
  // among the rows under a misread name.
  void Finish() {
    if (!found_) return;
    for (const Labeled& m : spec_.metric_rows) {
      if (metric_rows_seen_.count(m.name)) continue;
      record_.findings.push_back(Finding{"missing_row", Severity::kError, spec_.id, "", m.name,
                                         "no row matching 「" + m.pattern.source() +
                                             "」 in the table of " + spec_.id + ": its " + m.name +
                                             " values are not read"});
    }
    // With one institution row there is nothing to sum.
    if (spec_.layout != SectionSpec::Layout::kInstitutionRows || !spec_.total_row ||
        institution_rows_ < 2 || total_seen_) {
      return;
    }
    const std::string head = "no row matching 「" + spec_.total_row->source() +
                             "」 in the table of " + spec_.id + ": the rows ";
    if (total_like_.empty()) {
      // A page of a longer report, or a form without one: said, not doubted.
      record_.findings.push_back(Finding{"missing_row", Severity::kWarning, spec_.id, "", "",
                                         head + "are not checked against a total"});
      return;
    }
    record_.findings.push_back(
        Finding{"missing_row", Severity::kError, spec_.id, "", "",
                head + "cannot be checked against a total, and 「" + total_like_ +
                    "」 may be the total row misread; the values read by OCR need review"});
    for (Measure& m : record_.measures) {
      if (m.second_read || m.confidence < 1.0) m.status = ValueStatus::kReview;
    }
  }

  bool Read(const Table& t, int page) {
    std::vector<Labeled> roles = spec_.periods;
    if (spec_.institution_column)
      roles.insert(roles.begin(), Labeled{"@institution", *spec_.institution_column});
    const size_t min_roles = std::min<size_t>(2, roles.size());
    if (std::optional<Header> h = FindHeader(t, roles, min_roles)) {
      for (const LooseLabel& l : h->loose) {
        record_.findings.push_back(Finding{
            "loose_match", Severity::kWarning, spec_.id, l.role == "@institution" ? "" : l.role, "",
            "header 「" + l.text + "」 of " + spec_.id + " (page " + std::to_string(page) +
                ") read as 「" + l.label + "」: its label reads differently from the template's"});
      }
      // A column the template names but this header lacks (its label misread, or a form that
      // differs) would lose a whole column of values without a word: say so.
      for (const Labeled& r : roles) {
        const bool found = std::any_of(h->columns.begin(), h->columns.end(),
                                       [&](const Column& c) { return c.role == r.name; });
        if (found) continue;
        const bool names = r.name == "@institution";
        record_.findings.push_back(Finding{
            "missing_column", Severity::kError, spec_.id, names ? "" : r.name, "",
            std::string("no column matching 「") + r.pattern.source() + "」 in the header of " +
                spec_.id + " (page " + std::to_string(page) +
                "): " + (names ? "its rows" : "its " + r.name + " values") + " are not read"});
      }
    }
    const std::optional<int> first_row = StartTable(t, roles, min_roles, columns_);
    if (!first_row) return false;
    found_ = true;
    for (const auto& [row, cells] : Rows(t)) {
      if (row < *first_row) continue;
      if (spec_.layout == SectionSpec::Layout::kInstitutionRows) {
        ReadInstitutionRow(cells, page);
      } else {
        ReadMetricRow(cells, page);
      }
    }
    return true;
  }

 private:
  void ReadInstitutionRow(const std::vector<const Cell*>& cells, int page) {
    const Cell* name = nullptr;
    std::vector<std::pair<std::string, const Cell*>> values;
    for (const Cell* c : cells) {
      const std::string& role = RoleAt(columns_, *c);
      if (role == "@institution") {
        name = c;
      } else if (!role.empty()) {
        values.emplace_back(role, c);
      }
    }
    if (!name) return;
    bool any = !name->text.empty();
    for (const auto& v : values) any = any || !v.second->text.empty();
    if (!any) return;  // an empty spacer row
    bool is_total = spec_.total_row && spec_.total_row->Search(name->text, nullptr);
    // An OCR'd name loses what specks before it were read as (「:ふじみ野在宅クリニック」).
    std::string row_name = name->text;
    std::string second_name = name->second_text;
    if (IsOcr(*name)) {
      if (!WithoutLeadingSpecks(row_name).empty()) {
        row_name = std::string(WithoutLeadingSpecks(row_name));
      }
      if (!WithoutLeadingSpecks(second_name).empty()) {
        second_name = std::string(WithoutLeadingSpecks(second_name));
      }
    }
    // An OCR'd row named like the total row but for a few characters (「携する医療機関内の合計」),
    // or whose second reading is the total row's label, is the total row when the section has
    // none yet: sum_of_rows then checks it against the rows. It takes the label as its name
    // (the finding keeps what was read).
    if (!is_total && !total_seen_ && spec_.total_row && IsOcr(*name)) {
      const std::string label = LiteralOf(spec_.total_row->source());
      const int edits = static_cast<int>(utf8::Decode(label).size()) / 4;
      if ((!label.empty() && edits > 0 && FuzzyContains(name->text, label, edits)) ||
          (!name->second_text.empty() && spec_.total_row->Search(name->second_text, nullptr))) {
        is_total = true;
        if (!label.empty()) row_name = label;
        record_.findings.push_back(Finding{
            "loose_match", Severity::kWarning, spec_.id, "", "",
            "row 「" + name->text + "」 of " + spec_.id + " (page " + std::to_string(page) +
                ") read as the total row 「" + (label.empty() ? spec_.total_row->source() : label) +
                "」: its label reads differently from the template's"});
      }
    }
    total_seen_ = total_seen_ || is_total;
    institution_rows_ += is_total ? 0 : 1;
    // A row of a text layer whose name is the total row's label but for a few characters.
    if (!is_total && total_like_.empty()) {
      const std::string label = LiteralOf(spec_.total_row ? spec_.total_row->source() : "");
      const int edits = static_cast<int>(utf8::Decode(label).size()) / 4;
      if (!label.empty() && edits > 0 && FuzzyContains(name->text, label, edits)) {
        total_like_ = name->text;
      }
    }
    const size_t first_new = record_.measures.size();
    Emit(row_name, is_total, values, spec_.metrics, page);
    if (!is_total && !second_name.empty()) {
      for (size_t i = first_new; i < record_.measures.size(); ++i)
        record_.measures[i].second_institution = second_name;
    }
  }

  void ReadMetricRow(const std::vector<const Cell*>& cells, int page) {
    std::string metric, loose_label;
    size_t loose_metric = 0;
    std::vector<std::pair<std::string, const Cell*>> values;
    for (const Cell* c : cells) {
      const std::string& role = RoleAt(columns_, *c);
      if (!role.empty()) {
        values.emplace_back(role, c);
        continue;
      }
      for (const Labeled& m : spec_.metric_rows) {
        if (metric.empty() && m.pattern.Search(c->text, nullptr)) metric = m.name;
      }
      // An OCR'd row label may match a metric not yet read loosely (「送紹介数」 for 逆紹介数).
      if (metric.empty() && loose_label.empty() && IsOcr(*c) && !c->text.empty()) {
        std::vector<std::string> labels;
        for (const Labeled& m : spec_.metric_rows)
          labels.push_back(metric_rows_seen_.count(m.name) ? "" : LiteralOf(m.pattern.source()));
        if (std::optional<size_t> at = LooseLabelMatch(c->text, labels, true)) {
          loose_label = c->text;
          loose_metric = *at;
        }
      }
    }
    if (metric.empty() && !loose_label.empty()) {
      metric = spec_.metric_rows[loose_metric].name;
      record_.findings.push_back(
          Finding{"loose_match", Severity::kWarning, spec_.id, "", metric,
                  "row 「" + loose_label + "」 of " + spec_.id + " (page " + std::to_string(page) +
                      ") read as 「" + LiteralOf(spec_.metric_rows[loose_metric].pattern.source()) +
                      "」: its label reads differently from the template's"});
    }
    if (metric.empty()) return;
    metric_rows_seen_.insert(metric);
    Emit(std::nullopt, false, values, {metric}, page);
  }

  // Adds the measures of one row: periods in template order, metrics in `metrics` order.
  void Emit(std::optional<std::string> institution, bool is_total,
            const std::vector<std::pair<std::string, const Cell*>>& cells,
            const std::vector<std::string>& metrics, int page) {
    const bool metric_rows = spec_.layout == SectionSpec::Layout::kMetricRows;
    for (const Labeled& period : spec_.periods) {
      const Cell* cell = nullptr;
      for (const auto& [role, c] : cells) {
        if (role == period.name) cell = c;
      }
      if (!cell) continue;  // this table has no such column (e.g. deaths have no plan)
      std::vector<std::string> groups = metric_rows ? std::vector<std::string>{"value"} : metrics;
      const std::string of = is_total ? "the total row" : institution.value_or(metrics.front());
      // Cells read by OCR (a second reading, or a confidence under 1) may be read loosely.
      const bool ocr = IsOcr(*cell);
      Parsed parsed;
      if (!cell->text.empty()) parsed = ParseValueCell(spec_, cell->text, groups, ocr);
      if (parsed.loose) {
        std::string values;
        for (const std::string& g : groups) {
          auto v = parsed.values.find(g);
          values += (values.empty() ? "" : ", ") +
                    (v != parsed.values.end() && v->second ? std::to_string(*v->second) : "?");
        }
        record_.findings.push_back(
            Finding{"loose_match", Severity::kWarning, spec_.id, period.name, metrics.front(),
                    "read 「" + cell->text + "」 as " + values + " (" + of +
                        "): its labels read differently from the template's"});
      }
      if (!cell->text.empty() && (!parsed.readable || !parsed.unreadable.empty())) {
        record_.findings.push_back(Finding{"unreadable_value", Severity::kWarning, spec_.id,
                                           period.name, metrics.front(),
                                           "cannot read 「" + cell->text + "」 as " + spec_.id +
                                               " (" + period.name + ") of " + of});
      }
      for (size_t i = 0; i < metrics.size(); ++i) {
        Measure m;
        m.section = spec_.id;
        m.institution = institution;
        m.is_total = is_total;
        m.period = period.name;
        m.metric = metrics[i];
        const std::string& group = groups[metric_rows ? 0 : i];
        auto it = parsed.values.find(group);
        if (it != parsed.values.end()) m.value = it->second;
        if (!cell->second_raw_text.empty()) {
          m.second_read = true;
          Parsed second = ParseValueCell(spec_, cell->second_text, groups, true);
          auto sit = second.values.find(group);
          if (sit != second.values.end()) m.second_value = sit->second;
          for (const std::string& alternative : cell->alternative_texts) {
            Parsed other = ParseValueCell(spec_, alternative, groups, true);
            auto oit = other.values.find(group);
            if (oit == other.values.end() || !oit->second || oit->second == m.second_value ||
                std::find(m.alternative_values.begin(), m.alternative_values.end(), *oit->second) !=
                    m.alternative_values.end()) {
              continue;
            }
            m.alternative_values.push_back(*oit->second);
          }
        }
        m.unit = spec_.unit;
        m.page = page;
        m.confidence = cell->confidence;
        m.status = m.value ? ValueStatus::kOk : ValueStatus::kReview;
        m.box = cell->box;
        m.raw_text = cell->raw_text;
        // A number left blank (the whole cell, or one number of it) is missing; one that cannot
        // be read already has its unreadable_value finding.
        const bool unreadable =
            !cell->text.empty() &&
            (!parsed.readable || std::find(parsed.unreadable.begin(), parsed.unreadable.end(),
                                           group) != parsed.unreadable.end());
        if (!m.value && !unreadable) {
          record_.findings.push_back(
              Finding{"missing_value", Severity::kWarning, spec_.id, period.name, metrics[i],
                      "no value for " + metrics[i] + " (" + period.name + ") of " + of});
        }
        record_.measures.push_back(std::move(m));
      }
    }
  }

  const SectionSpec& spec_;
  Record& record_;
  std::vector<Column> columns_;
  bool found_ = false;
  bool total_seen_ = false;
  int institution_rows_ = 0;
  std::string total_like_;  // an institution row named almost like the total row
  std::set<std::string> metric_rows_seen_;
};

class InitiativesReader {
 public:
  InitiativesReader(const InitiativesSpec& spec, Record& record) : spec_(spec), record_(record) {}

  bool Read(const Table& t, int page) {
    std::vector<Labeled> roles = spec_.status_columns;
    roles.insert(roles.begin(), Labeled{"@content", *spec_.content_column});
    roles.insert(roles.begin(), Labeled{"@title", *spec_.title_column});
    const std::optional<int> first_row = StartTable(t, roles, 2, columns_);
    if (!first_row) return false;
    for (const auto& [row, cells] : Rows(t)) {
      if (row < *first_row) continue;
      ReadRow(cells, page);
    }
    return true;
  }

 private:
  void ReadRow(const std::vector<const Cell*>& cells, int page) {
    std::map<std::string, std::string> text;
    for (const Cell* c : cells) {
      const std::string& role = RoleAt(columns_, *c);
      if (!role.empty()) text[role] += c->text;
    }
    const std::string& title = text["@title"];
    Match m;
    if (!title.empty() && spec_.number->Search(title, &m) && m.group("no").matched) {
      Initiative in;
      in.no = std::stoi(m.group("no").text);
      std::string rest = title.substr(m.whole().end);
      if (size_t stop = rest.find(spec_.title_stop);
          !spec_.title_stop.empty() && stop != std::string::npos) {
        rest = rest.substr(0, stop);
      }
      in.title = rest;
      in.page = page;
      record_.initiatives.push_back(std::move(in));
    } else if (record_.initiatives.empty()) {
      return;  // nothing to continue
    }
    Initiative& in = record_.initiatives.back();
    in.content += text["@content"];
    for (const Labeled& s : spec_.status_columns) {
      std::string* field = s.name == "current"  ? &in.current
                           : s.name == "target" ? &in.target
                           : s.name == "actual" ? &in.actual
                                                : nullptr;
      if (field) *field += text[s.name];
    }
  }

  const InitiativesSpec& spec_;
  Record& record_;
  std::vector<Column> columns_;
};

}  // namespace

std::string DocumentText(const Document& doc) {
  std::string text;
  for (const FlowItem& item : Flow(doc)) {
    if (item.line) {
      text += item.line->text;
      text += '\n';
    } else {
      for (const Cell& c : item.table->cells) {
        text += c.text;
        text += '\n';
      }
    }
  }
  return text;
}

bool Recognizes(const Template& tmpl, const std::string& text) {
  for (const Pattern& p : tmpl.recognize_all) {
    if (!p.Search(text, nullptr)) return false;
  }
  if (tmpl.recognize_any.empty()) return true;
  for (const Pattern& p : tmpl.recognize_any) {
    if (p.Search(text, nullptr)) return true;
  }
  return false;
}

void MatchTemplate(const Template& tmpl, const Document& doc, Record& record) {
  record.form = tmpl.form;
  record.template_id = tmpl.id;
  const std::vector<FlowItem> flow = Flow(doc);

  // Fiscal year and group name: the first match in flow order, patterns in template order.
  std::vector<const std::string*> texts;
  for (const FlowItem& item : flow) {
    if (item.line) texts.push_back(&item.line->text);
    if (item.table) {
      for (const Cell& c : item.table->cells) texts.push_back(&c.text);
    }
  }
  auto first_match = [&texts](const Pattern& p, const char* group) -> std::optional<std::string> {
    Match m;
    for (const std::string* t : texts) {
      if (p.Search(*t, &m) && m.group(group).matched) return m.group(group).text;
    }
    return std::nullopt;
  };
  for (const Pattern& p : tmpl.fiscal_year) {
    if (std::optional<std::string> year = first_match(p, "year")) {
      record.fiscal_year = ParseFiscalYear(*year);
      if (record.fiscal_year) break;
    }
  }
  if (tmpl.group_name) record.group_name = first_match(*tmpl.group_name, "name");

  // The flow: headings switch the context; tables are read in it.
  std::optional<InitiativesReader> initiatives;
  if (tmpl.initiatives) initiatives.emplace(*tmpl.initiatives, record);
  std::vector<SectionReader> sections;
  std::vector<Record> per_section(tmpl.sections.size());
  for (size_t i = 0; i < tmpl.sections.size(); ++i)
    sections.emplace_back(tmpl.sections[i], per_section[i]);
  int context = -2;  // -2 none, -1 initiatives, i >= 0 section i
  std::vector<int> heading_page(tmpl.sections.size(), 0);  // where each heading was read
  for (const FlowItem& item : flow) {
    if (item.line) {
      if (tmpl.initiatives && tmpl.initiatives->heading &&
          tmpl.initiatives->heading->Search(item.line->text, nullptr)) {
        context = -1;
        continue;
      }
      for (size_t i = 0; i < tmpl.sections.size(); ++i) {
        if (tmpl.sections[i].heading &&
            tmpl.sections[i].heading->Search(item.line->text, nullptr)) {
          context = static_cast<int>(i);
          if (heading_page[i] == 0) heading_page[i] = item.page;
          break;
        }
      }
      continue;
    }
    // A table with an initiatives header is read as such wherever it stands.
    if (initiatives && (context == -1 || context == -2)) {
      if (initiatives->Read(*item.table, item.page)) {
        context = -1;
        continue;
      }
    }
    if (context >= 0) sections[context].Read(*item.table, item.page);
  }
  for (SectionReader& r : sections) r.Finish();
  // A section that is not read would lose its values without a word: when its heading was read
  // (its table not found on a skewed scan, or not recognized), or when two or more of the other
  // sections were read (the effect tables come together; its heading was misread). A report with
  // none of them, or one alone, is taken as it is (initiatives only, an excerpt).
  const long found = std::count_if(sections.begin(), sections.end(),
                                   [](const SectionReader& r) { return r.found(); });
  for (size_t i = 0; i < sections.size(); ++i) {
    if (sections[i].found() || (heading_page[i] == 0 && found < 2)) continue;
    const std::string& id = tmpl.sections[i].id;
    per_section[i].findings.push_back(
        Finding{"missing_section", Severity::kError, id, "", "",
                heading_page[i] > 0
                    ? "the heading of " + id + " is on page " + std::to_string(heading_page[i]) +
                          ", but no table of it was read: its values are missing"
                    : "no heading or table of " + id +
                          " was read, while the other effect tables were: its values "
                          "are missing"});
  }
  // Sections come out in template order whatever order the document prints them in.
  for (Record& r : per_section) {
    for (Measure& m : r.measures) record.measures.push_back(std::move(m));
    for (Finding& f : r.findings) record.findings.push_back(std::move(f));
  }
}

}  // namespace tsuzuri
