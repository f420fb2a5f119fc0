#include "review/html.h"

#include <cstdio>
#include <sstream>

#include "review/settle.h"

namespace tsuzuri {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string BoxAttr(const Box& b) {
  return Num(b.x0) + "," + Num(b.y0) + "," + Num(b.x1) + "," + Num(b.y1);
}

std::string ValueText(const std::optional<long long>& v) {
  return v ? std::to_string(*v) : "none";
}

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ItemUrl(const std::string& id, const std::string& query) {
  return "/?item=" + PercentEncode(id) + (query.empty() ? "" : "&" + query);
}

// A <select> of filter choices; "" is "any".
template <typename T>
std::string Select(const std::string& name, const std::string& label, const std::vector<T>& all,
                   const std::string& chosen) {
  std::ostringstream o;
  o << "<label>" << label << " <select name=\"" << name << "\"><option value=\"\">any</option>";
  for (const T& v : all) {
    std::ostringstream s;
    s << v;
    o << "<option" << (s.str() == chosen ? " selected" : "") << ">" << EscapeHtml(s.str())
      << "</option>";
  }
  o << "</select></label> ";
  return o.str();
}

std::string Header(const PageView& v, const std::string& query) {
  std::ostringstream o;
  const QueueFilter& f = v.filter;
  o << "<header><div class=\"title\"><a href=\"/" << (query.empty() ? "" : "?" + query)
    << "\">tsuzuri review</a> <span id=\"count\">" << v.queue.size()
    << (v.queue.size() == 1 ? " item" : " items") << " to review</span> <span class=\"who\">"
    << "reviewer " << EscapeHtml(v.reviewer) << " · " << EscapeHtml(v.db_path)
    << "</span></div><form class=\"filters\" method=\"get\" action=\"/\">"
    << Select("form", "form", v.forms, f.form)
    << Select("year", "year", v.years, f.fiscal_year ? std::to_string(*f.fiscal_year) : "")
    << Select("group", "group", v.groups, f.group)
    << Select("section", "section", v.sections, f.section)
    << Select("rule", "rule", v.rules, f.rule) << "<label>document <input name=\"document\" "
    << "size=\"4\" value=\"" << (f.document_id ? std::to_string(*f.document_id) : "")
    << "\"></label> <button type=\"submit\">filter</button></form></header>";
  return o.str();
}

std::string Viewer(const PageView& v) {
  const QueueItem& item = *v.item;
  const EffectiveValue& val = item.value;
  std::ostringstream o;
  const int page = val.page.value_or(1);
  double w = 595, h = 842;
  if (v.document) {
    for (const ReviewDocument::PageSize& p : v.document->pages) {
      if (p.number == page) w = p.width, h = p.height;
    }
  }
  o << "<section class=\"viewer\" id=\"viewer\" data-page-width=\"" << Num(w)
    << "\" data-page-height=\"" << Num(h) << "\"" << (val.box ? " data-box=\"" + BoxAttr(*val.box) + "\"" : "")
    << "><div class=\"frame\" id=\"frame\"><img id=\"page-image\" src=\"/page/"
    << item.document_id << "/" << page << ".png\" alt=\"page " << page << " of "
    << EscapeHtml(item.file_name) << "\" width=\"" << static_cast<int>(w * v.dpi / 72)
    << "\" height=\"" << static_cast<int>(h * v.dpi / 72) << "\"><svg id=\"marks\" viewBox=\"0 0 "
    << Num(w) << " " << Num(h) << "\" preserveAspectRatio=\"none\">";
  for (const Box& b : item.related) {
    o << "<rect class=\"related\" x=\"" << Num(b.x0) << "\" y=\"" << Num(b.y0) << "\" width=\""
      << Num(b.width()) << "\" height=\"" << Num(b.height()) << "\"/>";
  }
  if (val.box) {
    o << "<rect class=\"target\" x=\"" << Num(val.box->x0) << "\" y=\"" << Num(val.box->y0)
      << "\" width=\"" << Num(val.box->width()) << "\" height=\"" << Num(val.box->height())
      << "\"/>";
  }
  o << "</svg></div><p class=\"hint\">page " << page << " of " << EscapeHtml(item.file_name)
    << (item.missing ? " · not read: click its cell on the page, then type the value" : "")
    << " · Z: whole page / zoom</p></section>";
  return o.str();
}

std::string Settled(const EffectiveValue& v) {
  if (!v.settlement) return "";
  if (*v.settlement == "rules") return "confirmed by the rules";
  std::string s = (*v.settlement == "confirmed" ? "confirmed" : *v.settlement) + " by " +
                  v.settled_by.value_or("?");
  if (!v.note.empty()) s += " (" + v.note + ")";
  return s;
}

std::string Panel(const PageView& v, const std::string& query) {
  const QueueItem& item = *v.item;
  const EffectiveValue& val = item.value;
  std::ostringstream o;
  o << "<section class=\"panel\"><div id=\"flash\" role=\"status\"></div>"
    << "<h1 id=\"what\">" << EscapeHtml(DescribeKey(val.key)) << "</h1><p class=\"doc\">"
    << EscapeHtml(item.file_name) << (item.fiscal_year ? " · FY " + std::to_string(*item.fiscal_year) : "")
    << (item.group_name ? " · " + EscapeHtml(*item.group_name) : "") << " · section "
    << EscapeHtml(val.key.section) << " · item " << EscapeHtml(item.id) << "</p>";
  o << "<div class=\"value\"><span id=\"value-shown\">"
    << (item.missing && val.review_id == 0 ? "not read" : EscapeHtml(ValueText(val.value)))
    << "</span> <span class=\"unit\">" << EscapeHtml(val.unit) << "</span> <span class=\"status "
    << EscapeHtml(val.status) << "\" id=\"status\">" << EscapeHtml(val.status) << "</span>";
  const std::string settled = Settled(val);
  if (!settled.empty()) o << " <span class=\"settled\" id=\"settled\">" << EscapeHtml(settled) << "</span>";
  o << "</div><dl class=\"readings\">";
  if (val.measure_id) {
    o << "<dt>printed</dt><dd id=\"raw-text\">「" << EscapeHtml(val.raw_text) << "」</dd>"
      << "<dt>as read</dt><dd>" << EscapeHtml(ValueText(val.read_value)) << " ("
      << EscapeHtml(val.read_status) << ")</dd>";
    if (val.readings == 2) {
      o << "<dt>2nd reading</dt><dd id=\"second\">" << EscapeHtml(ValueText(val.second_value))
        << (val.second_value == val.read_value ? " (the readings agree)" : " (they differ)")
        << "</dd>";
    }
    if (val.confidence) {
      o << "<dt>confidence</dt><dd>" << static_cast<int>(*val.confidence * 100)
        << " %</dd>";
    }
  }
  if (v.document && val.page) {
    for (const ReviewDocument::PageSize& p : v.document->pages) {
      if (p.number == *val.page) {
        o << "<dt>read from</dt><dd>" << (p.method == "ocr" ? "OCR (a scan)" : "the text layer")
          << "</dd>";
      }
    }
  }
  o << "</dl><ul class=\"findings\" id=\"findings\">";
  for (const Finding& f : item.findings) {
    o << "<li class=\"" << SeverityName(f.severity) << "\"><b>" << EscapeHtml(f.rule) << "</b> "
      << EscapeHtml(f.message) << "</li>";
  }
  if (item.findings.empty()) o << "<li class=\"none\">no open finding</li>";
  o << "</ul><form id=\"settle\" autocomplete=\"off\" data-id=\"" << EscapeHtml(item.id)
    << "\" data-version=\"" << val.review_id << "\" data-missing=\"" << (item.missing ? 1 : 0)
    << "\" data-next=\"" << EscapeHtml(v.next_id.empty() ? "" : ItemUrl(v.next_id, query))
    << "\" data-end=\"/?done=1" << (query.empty() ? "" : "&" + EscapeHtml(query))
    << "\"><label>value <input id=\"value\" name=\"value\" inputmode=\"numeric\" "
       "placeholder=\""
    << (item.missing ? "type the value" : "type a correction, or Enter to confirm")
    << "\" autofocus></label><label>note <input id=\"note\" name=\"note\" placeholder=\"why "
       "(needed for as printed)\"></label><div class=\"buttons\">"
    << "<button type=\"button\" data-action=\"save\">" << (item.missing ? "save ⏎" : "confirm / save ⏎")
    << "</button><button type=\"button\" data-action=\"as-printed\">as printed (P)</button>"
    << "<button type=\"button\" data-action=\"unreadable\">unreadable (U)</button>"
    << (v.next_id.empty() ? "" : "<a id=\"skip\" href=\"" + EscapeHtml(ItemUrl(v.next_id, query)) + "\">skip (S)</a>")
    << "</div></form>"
    << "<section class=\"keys\"><h2>keys</h2><dl>"
       "<dt>Enter</dt><dd>confirm the value as it stands, or save the number typed</dd>"
       "<dt>0-9</dt><dd>type a correction</dd>"
       "<dt>P</dt><dd>as printed: the document itself is inconsistent (type a note, Enter)</dd>"
       "<dt>U</dt><dd>unreadable: the page does not show it</dd>"
       "<dt>S or →</dt><dd>skip to the next item</dd><dt>Z</dt><dd>whole page / zoom</dd>"
       "<dt>Esc</dt><dd>clear what was typed</dd></dl></section>";
  if (!v.history.empty()) {
    o << "<section class=\"history\"><h2>history</h2><ol>";
    for (const Review& r : v.history) {
      o << "<li>" << EscapeHtml(r.reviewed_at) << " " << EscapeHtml(r.reviewer) << ": "
        << SettlementName(r.action) << " " << EscapeHtml(ValueText(r.old_value)) << " → "
        << EscapeHtml(ValueText(r.new_value))
        << (r.note.empty() ? "" : " (" + EscapeHtml(r.note) + ")") << "</li>";
    }
    o << "</ol></section>";
  }
  o << "</section>";
  return o.str();
}

std::string QueueList(const PageView& v, const std::string& query) {
  std::ostringstream o;
  o << "<nav class=\"queue\"><h2>queue</h2><ol>";
  constexpr size_t kShown = 300;
  const size_t from = v.current && *v.current > 20 ? *v.current - 20 : 0;
  long long document = -1;
  for (size_t i = from; i < v.queue.size() && i < from + kShown; ++i) {
    const QueueItem& q = v.queue[i];
    if (q.document_id != document) {
      o << "<li class=\"doc\">" << EscapeHtml(q.file_name) << "</li>";
      document = q.document_id;
    }
    o << "<li" << (v.current == i ? " class=\"current\"" : "") << "><a href=\""
      << EscapeHtml(ItemUrl(q.id, query)) << "\">" << EscapeHtml(DescribeKey(q.value.key))
      << "</a> " << (q.missing ? "not read" : EscapeHtml(ValueText(q.value.value))) << "</li>";
  }
  if (v.queue.size() > from + kShown) {
    o << "<li>… " << v.queue.size() - from - kShown << " more</li>";
  }
  o << "</ol></nav>";
  return o.str();
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FilterQuery(const QueueFilter& f) {
  std::string q;
  auto add = [&q](const char* name, const std::string& value) {
    if (value.empty()) return;
    q += (q.empty() ? "" : "&") + std::string(name) + "=" + PercentEncode(value);
  };
  add("form", f.form);
  add("year", f.fiscal_year ? std::to_string(*f.fiscal_year) : "");
  add("group", f.group);
  add("section", f.section);
  add("rule", f.rule);
  add("document", f.document_id ? std::to_string(*f.document_id) : "");
  return q;
}

std::string RenderPage(const PageView& v) {
  const std::string query = FilterQuery(v.filter);
  std::ostringstream o;
  o << "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>tsuzuri review"
    << (v.item ? " · " + EscapeHtml(DescribeKey(v.item->value.key)) : "")
    << "</title><meta name=\"referrer\" content=\"no-referrer\">"
       "<link rel=\"stylesheet\" href=\"/static/review.css\">"
       "<script src=\"/static/review.js\" defer></script></head><body data-csrf=\""
    << EscapeHtml(v.csrf_token) << "\">" << Header(v, query) << "<main>";
  if (v.item) {
    o << Viewer(v) << Panel(v, query);
  } else {
    o << "<section class=\"end\" id=\"end\"><div id=\"flash\" role=\"status\"></div><h1>"
      << (v.queue.empty() ? "Nothing left to review" : "Choose an item") << "</h1><p>"
      << (v.queue.empty() ? "The end of the queue: every flagged value"
                            + std::string(query.empty() ? "" : " matching these filters")
                            + " is settled."
                          : std::to_string(v.queue.size()) + " items wait.")
      << "</p></section>";
  }
  o << QueueList(v, query) << "</main></body></html>";
  return o.str();
}

}  // namespace tsuzuri
