#include "fields/template.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fields/rule_parser.h"

namespace tsuzuri {
namespace {

// Parsing errors travel as this exception inside this file only; ParseTemplate turns it into a
// Status.
struct TemplateError {
  std::string message;
};

std::string Where(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return "";
  return " (line " + std::to_string(m.line + 1) + ")";
}

std::string Str(const YAML::Node& parent, const std::string& key, bool required = true) {
  const YAML::Node n = parent[key];
  if (!n) {
    if (required) throw TemplateError{"missing key '" + key + "'" + Where(parent)};
    return "";
  }
  if (!n.IsScalar()) throw TemplateError{"'" + key + "' must be a string" + Where(n)};
  return n.as<std::string>();
}

Pattern Compile(const std::string& regex, const std::string& what, const YAML::Node& at) {
  Result<Pattern> p = Pattern::Compile(regex);
  if (!p.ok()) throw TemplateError{what + ": " + p.status().message() + Where(at)};
  return std::move(p).value();
}

std::optional<Pattern> OptionalPattern(const YAML::Node& parent, const std::string& key) {
  const YAML::Node n = parent[key];
  if (!n) return std::nullopt;
  if (!n.IsScalar()) throw TemplateError{"'" + key + "' must be a regular expression" + Where(n)};
  return Compile(n.as<std::string>(), key, n);
}

std::vector<Pattern> PatternList(const YAML::Node& n, const std::string& what) {
  std::vector<Pattern> out;
  if (!n) return out;
  if (n.IsScalar()) {
    out.push_back(Compile(n.as<std::string>(), what, n));
    return out;
  }
  if (!n.IsSequence())
    throw TemplateError{what + " must be a list of regular expressions" + Where(n)};
  for (const YAML::Node& item : n) out.push_back(Compile(item.as<std::string>(), what, item));
  return out;
}

// An ordered map of name: regex (YAML keeps the order of a mapping as written).
std::vector<Labeled> LabeledList(const YAML::Node& n, const std::string& what) {
  std::vector<Labeled> out;
  if (!n) return out;
  if (!n.IsMap()) throw TemplateError{what + " must map names to regular expressions" + Where(n)};
  for (const auto& kv : n) {
    const std::string name = kv.first.as<std::string>();
    out.push_back(
        Labeled{name, Compile(kv.second.as<std::string>(), what + "." + name, kv.second)});
  }
  return out;
}

std::vector<std::string> StringList(const YAML::Node& n, const std::string& what) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) return {n.as<std::string>()};
  if (!n.IsSequence()) throw TemplateError{what + " must be a list" + Where(n)};
  for (const YAML::Node& item : n) out.push_back(item.as<std::string>());
  return out;
}

InitiativesSpec ParseInitiatives(const YAML::Node& n) {
  InitiativesSpec s;
  s.number = Compile(Str(n, "number"), "initiatives.number", n["number"]);
  s.heading = OptionalPattern(n, "heading");
  s.title_column = OptionalPattern(n, "title_column");
  s.content_column = OptionalPattern(n, "content_column");
  if (!s.title_column || !s.content_column) {
    throw TemplateError{"initiatives needs title_column and content_column" + Where(n)};
  }
  s.status_columns = LabeledList(n["status_columns"], "initiatives.status_columns");
  if (n["title_stop"]) s.title_stop = Str(n, "title_stop");
  return s;
}

// Replaces each {name} (name: a letter, then letters, digits or _) with a lazy capture group and
// records the names in group order. Regex quantifiers such as {2} or {1,3} are left alone.
std::string ExpandPlaceholders(const std::string& regex, std::vector<std::string>* fields) {
  std::string out;
  for (size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '{' && (i == 0 || regex[i - 1] != '\\') && i + 1 < regex.size() &&
        std::isalpha(static_cast<unsigned char>(regex[i + 1]))) {
      const size_t close = regex.find('}', i);
      if (close != std::string::npos) {
        fields->push_back(regex.substr(i + 1, close - i - 1));
        out += "(.*?)";
        i = close;
        continue;
      }
    }
    out += regex[i];
  }
  return out;
}

// The literal text of a value pattern: placeholders and regex syntax dropped, escapes resolved
// (「合計回数:{visits}回\\(うち…」 → 「合計回数:回(うち…」).
std::string Literal(const std::string& regex) {
  std::string out;
  for (size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\' && i + 1 < regex.size()) {
      out += regex[++i];
    } else if (c == '{' && i + 1 < regex.size() &&
               std::isalpha(static_cast<unsigned char>(regex[i + 1]))) {
      const size_t close = regex.find('}', i);
      i = close == std::string::npos ? regex.size() : close;
    } else if (std::string_view("^$()[]|*+?.").find(c) == std::string_view::npos) {
      out += c;
    }
  }
  return out;
}

std::vector<SectionSpec::ValuePattern> ValueList(const YAML::Node& n, const std::string& what) {
  std::vector<SectionSpec::ValuePattern> out;
  if (!n) return out;
  if (!n.IsSequence() && !n.IsScalar()) throw TemplateError{what + " must be a list" + Where(n)};
  std::vector<YAML::Node> items;
  if (n.IsScalar()) {
    items.push_back(n);
  } else {
    for (const YAML::Node& item : n) items.push_back(item);
  }
  for (const YAML::Node& item : items) {
    std::vector<std::string> fields;
    const std::string regex = ExpandPlaceholders(item.as<std::string>(), &fields);
    if (fields.empty())
      throw TemplateError{what + ": a value pattern needs a {placeholder}" + Where(item)};
    out.push_back({Compile(regex, what, item), std::move(fields), Literal(item.as<std::string>())});
  }
  return out;
}

SectionSpec ParseSection(const YAML::Node& n) {
  SectionSpec s;
  s.id = Str(n, "id");
  const std::string where = "section " + s.id;
  const std::string layout = n["layout"] ? Str(n, "layout") : "institution_rows";
  if (layout == "institution_rows") {
    s.layout = SectionSpec::Layout::kInstitutionRows;
  } else if (layout == "metric_rows") {
    s.layout = SectionSpec::Layout::kMetricRows;
  } else {
    throw TemplateError{where + ": layout must be institution_rows or metric_rows" +
                        Where(n["layout"])};
  }
  s.heading = OptionalPattern(n, "heading");
  s.institution_column = OptionalPattern(n, "institution_column");
  s.total_row = OptionalPattern(n, "total_row");
  s.periods = LabeledList(n["periods"], where + ".periods");
  s.metric_rows = LabeledList(n["metric_rows"], where + ".metric_rows");
  s.values = ValueList(n["values"], where + ".values");
  s.unit = Str(n, "unit", false);
  if (s.periods.empty()) throw TemplateError{where + ": needs periods" + Where(n)};
  if (s.values.empty()) throw TemplateError{where + ": needs values" + Where(n)};
  if (s.layout == SectionSpec::Layout::kInstitutionRows) {
    if (!s.institution_column) throw TemplateError{where + ": needs institution_column" + Where(n)};
    s.metrics = StringList(n["metrics"], where + ".metrics");
    if (s.metrics.empty()) throw TemplateError{where + ": needs metrics" + Where(n)};
  } else {
    if (s.metric_rows.empty()) throw TemplateError{where + ": needs metric_rows" + Where(n)};
    for (const Labeled& m : s.metric_rows) s.metrics.push_back(m.name);
  }
  // Every placeholder must name something the section produces.
  for (const SectionSpec::ValuePattern& v : s.values) {
    for (const std::string& f : v.fields) {
      const bool known = s.layout == SectionSpec::Layout::kMetricRows
                             ? f == "value"
                             : std::find(s.metrics.begin(), s.metrics.end(), f) != s.metrics.end();
      if (!known) {
        throw TemplateError{
            where + ": value placeholder {" + f + "} is not " +
            (s.layout == SectionSpec::Layout::kMetricRows ? "{value}" : "one of its metrics") +
            Where(n["values"])};
      }
    }
  }
  return s;
}

RuleSpec ParseRule(const YAML::Node& n, const std::set<std::string>& sections) {
  RuleSpec r;
  r.id = Str(n, "id");
  const std::string kind = Str(n, "kind");
  if (kind == "row_equation") {
    r.kind = RuleSpec::Kind::kRowEquation;
  } else if (kind == "period_equation") {
    r.kind = RuleSpec::Kind::kPeriodEquation;
  } else if (kind == "sum_of_rows") {
    r.kind = RuleSpec::Kind::kSumOfRows;
  } else {
    throw TemplateError{"rule " + r.id + ": unknown kind '" + kind +
                        "' (row_equation, period_equation, sum_of_rows)" + Where(n["kind"])};
  }
  const std::string severity = n["severity"] ? Str(n, "severity") : "error";
  if (severity != "error" && severity != "warning") {
    throw TemplateError{"rule " + r.id + ": severity must be error or warning" +
                        Where(n["severity"])};
  }
  r.severity = severity == "error" ? Severity::kError : Severity::kWarning;
  r.sections =
      StringList(n["sections"] ? n["sections"] : n["section"], "rule " + r.id + ".sections");
  if (r.sections.empty())
    throw TemplateError{"rule " + r.id + ": needs section or sections" + Where(n)};
  for (const std::string& s : r.sections) {
    if (!sections.count(s))
      throw TemplateError{"rule " + r.id + ": no section '" + s + "'" + Where(n)};
  }
  if (r.kind != RuleSpec::Kind::kSumOfRows) {
    Result<Equation> eq = ParseEquation(Str(n, "check"));
    if (!eq.ok())
      throw TemplateError{"rule " + r.id + ": " + eq.status().message() + Where(n["check"])};
    r.lhs = eq->lhs;
    r.op = eq->op;
    r.rhs = eq->rhs;
  }
  r.message = Str(n, "message");
  return r;
}

// One codebook list (sections, metrics or periods): name: {label, meaning}, each name one of
// `known`, so the codebook cannot speak of what the template does not read.
std::vector<CodebookEntry> CodebookList(const YAML::Node& n, const std::string& what,
                                        const std::set<std::string>& known) {
  std::vector<CodebookEntry> out;
  if (!n) return out;
  if (!n.IsMap()) throw TemplateError{"codebook." + what + " must map names to entries" + Where(n)};
  for (const auto& kv : n) {
    CodebookEntry e;
    e.name = kv.first.as<std::string>();
    if (!known.count(e.name)) {
      throw TemplateError{"codebook." + what + ": no " + what + " '" + e.name +
                          "' in this template" + Where(kv.first)};
    }
    if (!kv.second.IsMap()) {
      throw TemplateError{"codebook." + what + "." + e.name + " needs label (and meaning)" +
                          Where(kv.second)};
    }
    e.label = Str(kv.second, "label");
    e.meaning = Str(kv.second, "meaning", false);
    out.push_back(std::move(e));
  }
  return out;
}

CodebookSpec ParseCodebook(const YAML::Node& n, const std::vector<SectionSpec>& sections) {
  if (!n.IsMap()) throw TemplateError{"codebook must be a mapping" + Where(n)};
  std::set<std::string> section_names, metric_names, period_names;
  for (const SectionSpec& s : sections) {
    section_names.insert(s.id);
    for (const std::string& m : s.metrics) metric_names.insert(m);
    for (const Labeled& m : s.metric_rows) metric_names.insert(m.name);
    for (const Labeled& p : s.periods) period_names.insert(p.name);
  }
  CodebookSpec c;
  c.sections = CodebookList(n["sections"], "sections", section_names);
  c.metrics = CodebookList(n["metrics"], "metrics", metric_names);
  c.periods = CodebookList(n["periods"], "periods", period_names);
  return c;
}

Template ParseRoot(const YAML::Node& root) {
  if (!root.IsMap()) throw TemplateError{"a template is a YAML mapping"};
  Template t;
  t.id = Str(root, "id");
  t.form = Str(root, "form");
  t.title = Str(root, "title", false);
  if (root["version"]) t.version = root["version"].as<int>();
  const YAML::Node rec = root["recognize"];
  if (!rec) throw TemplateError{"missing key 'recognize'"};
  t.recognize_all = PatternList(rec["all"], "recognize.all");
  t.recognize_any = PatternList(rec["any"], "recognize.any");
  if (t.recognize_all.empty() && t.recognize_any.empty()) {
    throw TemplateError{"recognize needs 'all' or 'any' patterns" + Where(rec)};
  }
  t.fiscal_year = PatternList(root["fiscal_year"], "fiscal_year");
  t.group_name = OptionalPattern(root, "group_name");
  if (root["initiatives"]) t.initiatives = ParseInitiatives(root["initiatives"]);
  std::set<std::string> ids;
  if (const YAML::Node secs = root["sections"]) {
    if (!secs.IsSequence()) throw TemplateError{"sections must be a list" + Where(secs)};
    for (const YAML::Node& s : secs) {
      t.sections.push_back(ParseSection(s));
      if (!ids.insert(t.sections.back().id).second) {
        throw TemplateError{"section " + t.sections.back().id + " appears twice" + Where(s)};
      }
    }
  }
  t.same_rows = StringList(root["same_rows"], "same_rows");
  for (const std::string& s : t.same_rows) {
    if (!ids.count(s))
      throw TemplateError{"same_rows: no section '" + s + "'" + Where(root["same_rows"])};
  }
  if (const YAML::Node rules = root["rules"]) {
    if (!rules.IsSequence()) throw TemplateError{"rules must be a list" + Where(rules)};
    for (const YAML::Node& r : rules) t.rules.push_back(ParseRule(r, ids));
  }
  if (const YAML::Node codebook = root["codebook"]) t.codebook = ParseCodebook(codebook, t.sections);
  return t;
}

}  // namespace

Result<Template> ParseTemplate(std::string_view yaml, const std::string& origin) {
  try {
    Template t = ParseRoot(YAML::Load(std::string(yaml)));
    t.origin = origin;
    return t;
  } catch (const TemplateError& e) {
    return Status::InvalidArgument(origin + ": " + e.message);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(origin + ": " + e.what());
  }
}

Result<TemplateSet> LoadTemplates(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() &&
        (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml")) {
      files.push_back(entry.path());
    }
  }
  if (ec)
    return Status::NotFound(dir + ": cannot read the templates folder (" + ec.message() + ")");
  if (files.empty()) return Status::NotFound(dir + ": no templates (*.yaml) in this folder");
  std::sort(files.begin(), files.end());
  TemplateSet set;
  std::set<std::string> ids;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::IOError(f.string() + ": cannot read");
    Result<Template> t = ParseTemplate(text.str(), f.string());
    if (!t.ok()) return t.status();
    if (!ids.insert(t->id).second) {
      return Status::InvalidArgument(f.string() + ": template id '" + t->id + "' is used twice");
    }
    set.templates.push_back(std::move(t).value());
  }
  return set;
}

std::string DefaultTemplateDir() {
  if (const char* env = std::getenv("TSUZURI_TEMPLATES"); env && *env) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "tsuzuri" / "templates";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return TSUZURI_SOURCE_TEMPLATES;
}

}  // namespace tsuzuri
