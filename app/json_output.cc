#include "app/json_output.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace tsuzuri {
namespace {

using Json = nlohmann::ordered_json;

double Round2(double v) { return std::round(v * 100) / 100; }

// The e-mail a document came in, for source.message.
void AddMessage(Json& source, const Message* message, const std::string& part) {
  if (message == nullptr) return;
  auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  source["message"] = {{"message_id", or_null(message->message_id)},
                       {"from", or_null(message->from)},
                       {"date", or_null(message->date)},
                       {"subject", or_null(message->subject)}};
  source["part"] = part;
}

Json BoxJson(const Box& b) {
  return Json::array({Round2(b.x0), Round2(b.y0), Round2(b.x1), Round2(b.y1)});
}

Json WordJson(const Word& w, const PageJsonOptions& o) {
  Json j;
  j["text"] = w.text;
  j["box"] = BoxJson(w.box);
  j["font_size"] = Round2(w.font_size);
  j["confidence"] = Round2(w.confidence);
  if (w.writing_mode == WritingMode::kVertical) j["vertical"] = true;
  if (o.glyphs) {
    Json g = Json::array();
    for (const Box& b : w.glyphs) g.push_back(BoxJson(b));
    j["glyphs"] = std::move(g);
  }
  return j;
}

}  // namespace

std::string PageModelJson(const Document& doc, const PageJsonOptions& options) {
  Json root;
  root["source"] = {{"file", std::filesystem::path(doc.file).filename().string()},
                    {"sha256", doc.sha256},
                    {"pages", doc.pages.size()}};
  Json pages = Json::array();
  for (const Page& p : doc.pages) {
    Json jp;
    jp["number"] = p.number;
    jp["width"] = Round2(p.width);
    jp["height"] = Round2(p.height);
    jp["rotation"] = p.rotation;
    jp["method"] = PageMethodName(p.method);
    jp["text_layer"] = TextLayerName(p.text_layer);
    if (!p.text_layer_reason.empty()) jp["text_layer_reason"] = p.text_layer_reason;
    if (options.words) {
      Json words = Json::array();
      for (const Word& w : p.words) words.push_back(WordJson(w, options));
      jp["words"] = std::move(words);
    }
    Json tables = Json::array();
    for (const Table& t : p.tables) {
      Json jt;
      jt["box"] = BoxJson(t.box);
      jt["rows"] = t.rows;
      jt["cols"] = t.cols;
      Json cells = Json::array();
      for (const Cell& c : t.cells) {
        Json jc;
        jc["row"] = c.row;
        jc["col"] = c.col;
        jc["row_span"] = c.row_span;
        jc["col_span"] = c.col_span;
        jc["box"] = BoxJson(c.box);
        jc["raw_text"] = c.raw_text;
        jc["text"] = c.text;
        if (c.confidence < 1.0) jc["confidence"] = Round2(c.confidence);
        if (!c.second_raw_text.empty()) {
          jc["second_raw_text"] = c.second_raw_text;
          jc["second_text"] = c.second_text;
        }
        if (!c.alternative_raw_texts.empty()) {
          jc["alternative_raw_texts"] = c.alternative_raw_texts;
          jc["alternative_texts"] = c.alternative_texts;
        }
        cells.push_back(std::move(jc));
      }
      jt["cells"] = std::move(cells);
      tables.push_back(std::move(jt));
    }
    jp["tables"] = std::move(tables);
    Json lines = Json::array();
    for (const Line& l : p.lines) {
      lines.push_back({{"box", BoxJson(l.box)}, {"raw_text", l.raw_text}, {"text", l.text}});
    }
    jp["lines"] = std::move(lines);
    pages.push_back(std::move(jp));
  }
  root["pages"] = std::move(pages);
  return root.dump(options.indent, ' ', false, Json::error_handler_t::replace);
}

std::string RecordJson(const Record& r, int indent, const Message* message,
                       const std::string& part) {
  Json root;
  root["source"] = {{"file", r.file}, {"sha256", r.sha256}, {"pages", r.page_count}};
  AddMessage(root["source"], message, part);
  Json pages = Json::array();
  for (const PageInfo& p : r.pages) {
    pages.push_back({{"number", p.number}, {"method", PageMethodName(p.method)}});
  }
  root["pages"] = std::move(pages);
  root["form"] = r.form ? Json(*r.form) : Json(nullptr);
  root["fiscal_year"] = r.fiscal_year ? Json(*r.fiscal_year) : Json(nullptr);
  root["group_name"] = r.group_name ? Json(*r.group_name) : Json(nullptr);
  Json initiatives = Json::array();
  for (const Initiative& i : r.initiatives) {
    initiatives.push_back({{"no", i.no},
                           {"title", i.title},
                           {"content", i.content},
                           {"current", i.current},
                           {"target", i.target},
                           {"actual", i.actual}});
  }
  root["initiatives"] = std::move(initiatives);
  Json measures = Json::array();
  for (const Measure& m : r.measures) {
    Json jm;
    jm["section"] = m.section;
    jm["institution"] = m.institution ? Json(*m.institution) : Json(nullptr);
    jm["is_total"] = m.is_total;
    jm["period"] = m.period;
    jm["metric"] = m.metric;
    jm["value"] = m.value ? Json(*m.value) : Json(nullptr);
    jm["unit"] = m.unit;
    jm["page"] = m.page;
    jm["confidence"] = Round2(m.confidence);
    jm["status"] = ValueStatusName(m.status);
    measures.push_back(std::move(jm));
  }
  root["measures"] = std::move(measures);
  Json findings = Json::array();
  for (const Finding& f : r.findings) {
    findings.push_back({{"rule", f.rule},
                        {"severity", SeverityName(f.severity)},
                        {"section", f.section},
                        {"period", f.period},
                        {"metric", f.metric},
                        {"message", f.message}});
  }
  root["findings"] = std::move(findings);
  return root.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string ErrorJson(const std::string& file, const std::string& error, int indent,
                      const Message* message, const std::string& part) {
  Json j;
  j["source"] = {{"file", std::filesystem::path(file).filename().string()}};
  AddMessage(j["source"], message, part);
  j["error"] = error;
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace tsuzuri
