// The golden test over the varied corpus: every dev document of samples/corpus/dev (drawn from
// seeds by samples/corpus.py, docs/samples.md "Corpus") through the whole pipeline, compared with
// the expected record and cells the generator wrote from the document's content file.
//
// Documents the reader does not read yet are listed below with the reason, one line each. The
// lists are expectations, not exemptions: a listed document that starts to pass fails the test
// (take it off the list), and so does an unlisted document that fails. The check set
// (bench/corpus_accuracy.sh) is never read here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/json_output.h"
#include "fields/pipeline.h"
#include "normalize/page_normalizer.h"

namespace tsuzuri {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

struct KnownFailure {
  const char* document;
  const char* reason;
};

// Documents whose record (`extract --json`) does not match yet. Empty this list as the reader
// learns; every entry says what the reader is missing.
constexpr KnownFailure kRecordKnownFailures[] = {
    {"calc-gothic-001", "Calc grid: the initiatives table loses a row (rulings as short strokes)"},
    {"calc-noto-sans-005", "Calc grid: initiatives row lost; values as label/number/unit cells"},
    {"calc-noto-serif-004", "Calc grid; two-row header under a label row: no column 医療機関名"},
    {"calc-pgothic-003", "Calc grid; two-row header, label as caption: no column 医療機関名"},
    {"calc-pmincho-002", "Calc grid; two-row header: no column 医療機関名: issue 13"},
    {"html-gothic-007", "tables 1-4 without section headings (found by content only): issue 13"},
    {"html-mincho-012", "no section headings; the label as a row above the header: issue 13"},
    {"html-noto-sans-005", "Noto Type 3 text: wrapped header lines out of order, no section read"},
    {"html-noto-sans-011", "Noto Type 3 text; two-row header under a label row: issue 13"},
    {"html-noto-serif-010", "Noto Type 3 text, no section headings, caption: form not recognized"},
    {"html-pgothic-009", "two-row header, 医療機関名 without its ※ note: no column 医療機関名"},
    {"html-pmincho-002", "two-row header and no section headings: tables read as initiative text"},
    {"html-pmincho-008", "two-row header under a label row: no column 医療機関名: issue 13"},
    {"writer-noto-serif-004", "two-row header under a label row: no column 医療機関名: issue 13"},
    {"writer-pgothic-003", "two-row header and no section headings: tables read as initiatives"},
    {"writer-pmincho-002", "two-row header under a label row: no column 医療機関名: issue 13"},
};

// Documents whose table cells (vector rulings) do not match yet.
constexpr KnownFailure kCellKnownFailures[] = {
    {"calc-gothic-001", "Calc grid: rulings drawn per grid cell; a row boundary is lost"},
    {"calc-noto-sans-005", "Calc grid: rulings drawn per grid cell; a row boundary is lost"},
    {"calc-noto-serif-004", "Calc grid: rulings drawn per grid cell; a row boundary is lost"},
    {"calc-pgothic-003", "Calc grid: rulings drawn per grid cell; a row boundary is lost"},
    {"calc-pmincho-002", "Calc grid: rows lost, and a column of the effect tables"},
    {"html-noto-sans-005", "Noto Type 3 text: the lines of a wrapped cell come out of order"},
    {"html-noto-sans-011", "Noto Type 3 text: the lines of a wrapped cell come out of order"},
    {"html-noto-serif-010", "Noto Type 3 text: the lines of a wrapped cell come out of order"},
};

constexpr char kCorpusDir[] = "samples/corpus/dev";

std::vector<std::string> CorpusPdfs() {
  std::vector<std::string> out;
  if (!fs::is_directory(kCorpusDir)) return out;
  for (const auto& e : fs::directory_iterator(kCorpusDir)) {
    if (e.path().extension() == ".pdf") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Name(const std::string& pdf) { return fs::path(pdf).stem().string(); }
std::string Stem(const std::string& pdf) { return pdf.substr(0, pdf.size() - 4); }

Json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

template <size_t N>
const KnownFailure* Listed(const KnownFailure (&list)[N], const std::string& name) {
  for (const KnownFailure& k : list) {
    if (name == k.document) return &k;
  }
  return nullptr;
}

// Collects at most a few differences, so a failure message stays readable.
class Differences {
 public:
  void Add(const std::string& what) {
    if (count_++ < 6) out_ << "\n    " << what;
  }
  bool empty() const { return count_ == 0; }
  std::string str() const {
    std::string s = out_.str();
    if (count_ > 6) s += "\n    ... " + std::to_string(count_ - 6) + " more";
    return s;
  }

 private:
  std::ostringstream out_;
  int count_ = 0;
};

// The differences between the expected record and the one tsuzuri makes; empty when they match.
std::string RecordDifferences(const std::string& pdf, const Json& want) {
  Differences d;
  Result<TemplateSet> templates = LoadTemplates("templates");
  if (!templates.ok()) return "templates: " + templates.status().ToString();
  Result<Processed> p = ProcessFile(pdf, *templates);
  if (!p.ok()) return "cannot process: " + p.status().ToString();
  const Json got = Json::parse(RecordJson(p->record));
  for (const auto& [key, value] : want.items()) {
    if (key == "measures" || key == "initiatives") continue;
    if (got[key] != value) d.Add(key + ": got " + got[key].dump() + ", want " + value.dump());
  }
  for (const char* list : {"initiatives", "measures"}) {
    const Json& w = want[list];
    const Json& g = got[list];
    if (g.size() != w.size()) {
      d.Add(std::string(list) + ": got " + std::to_string(g.size()) + ", want " +
            std::to_string(w.size()));
    }
    for (size_t i = 0; i < std::min(g.size(), w.size()); ++i) {
      if (g[i] != w[i]) d.Add(std::string(list) + "[" + std::to_string(i) + "]: got " +
                              g[i].dump() + ", want " + w[i].dump());
    }
  }
  return d.str();
}

// The differences between the expected cells and the tables tsuzuri finds; empty when equal.
std::string CellDifferences(const std::string& pdf, const Json& want) {
  Differences d;
  Result<Document> doc = ExtractFile(pdf, ExtractOptions{});
  if (!doc.ok()) return "cannot extract: " + doc.status().ToString();
  if (doc->pages.size() != want["pages"].size()) return "page count differs";
  for (size_t pi = 0; pi < doc->pages.size(); ++pi) {
    Page& page = doc->pages[pi];
    NormalizePage(page);
    const Json& wp = want["pages"][pi];
    const std::string on = "page " + std::to_string(pi + 1);
    if (page.tables.size() != wp["tables"].size()) {
      d.Add(on + ": " + std::to_string(page.tables.size()) + " tables, want " +
            std::to_string(wp["tables"].size()));
      continue;
    }
    for (size_t ti = 0; ti < page.tables.size(); ++ti) {
      const Table& t = page.tables[ti];
      const Json& wt = wp["tables"][ti];
      const std::string where = on + " table " + std::to_string(ti + 1);
      if (t.rows != wt["rows"].get<int>() || t.cols != wt["cols"].get<int>() ||
          t.cells.size() != wt["cells"].size()) {
        d.Add(where + ": " + std::to_string(t.rows) + "x" + std::to_string(t.cols) + " with " +
              std::to_string(t.cells.size()) + " cells, want " + wt["rows"].dump() + "x" +
              wt["cols"].dump() + " with " + std::to_string(wt["cells"].size()));
        continue;
      }
      for (size_t ci = 0; ci < t.cells.size(); ++ci) {
        const Cell& c = t.cells[ci];
        const Json& wc = wt["cells"][ci];
        if (c.row != wc["row"].get<int>() || c.col != wc["col"].get<int>() ||
            c.row_span != wc["row_span"].get<int>() || c.col_span != wc["col_span"].get<int>() ||
            c.text != wc["text"].get<std::string>()) {
          d.Add(where + " cell " + std::to_string(ci) + ": got (" + std::to_string(c.row) + "," +
                std::to_string(c.col) + ") 「" + c.text + "」, want " + wc.dump());
        }
      }
    }
  }
  return d.str();
}

// Runs `differences` over every document and checks the outcome against the known failures.
template <size_t N, typename F>
void ExpectOutcomes(const KnownFailure (&known)[N], const char* list_name, const char* suffix,
                    F differences) {
  for (const std::string& pdf : CorpusPdfs()) {
    const std::string name = Name(pdf);
    SCOPED_TRACE(pdf);
    const std::string diff = differences(pdf, ReadJson(Stem(pdf) + suffix));
    const KnownFailure* k = Listed(known, name);
    if (k != nullptr && diff.empty()) {
      ADD_FAILURE() << name << " now matches (listed as \"" << k->reason
                    << "\"): take it off " << list_name;
    } else if (k == nullptr && !diff.empty()) {
      ADD_FAILURE() << name << " does not match its " << suffix << " (and is not in "
                    << list_name << "):" << diff;
    }
  }
}

TEST(Corpus, HasDevDocumentsOfEveryRendererAndFontFamily) {
  std::set<std::string> renderers;
  std::set<std::string> families;
  for (const std::string& pdf : CorpusPdfs()) {
    const std::string name = Name(pdf);  // <renderer>-<family>-<seed>
    const size_t first = name.find('-');
    const size_t last = name.rfind('-');
    ASSERT_NE(first, last) << name;
    renderers.insert(name.substr(0, first));
    families.insert(name.substr(first + 1, last - first - 1));
  }
  for (const char* r : {"html", "writer", "calc"}) {
    EXPECT_TRUE(renderers.count(r)) << "no dev document of renderer " << r;
  }
  for (const char* f : {"mincho", "gothic", "pmincho", "pgothic", "noto-serif", "noto-sans"}) {
    EXPECT_TRUE(families.count(f)) << "no dev document in font family " << f;
  }
}

TEST(Corpus, EveryKnownFailureNamesADevDocument) {
  std::set<std::string> names;
  for (const std::string& pdf : CorpusPdfs()) names.insert(Name(pdf));
  for (const KnownFailure& k : kRecordKnownFailures) {
    if (*k.document) {
      EXPECT_TRUE(names.count(k.document)) << "record list: " << k.document;
    }
  }
  for (const KnownFailure& k : kCellKnownFailures) {
    if (*k.document) {
      EXPECT_TRUE(names.count(k.document)) << "cell list: " << k.document;
    }
  }
}

TEST(Corpus, EveryRecordMatchesItsExpectedJsonUnlessListedAsKnownFailure) {
  ExpectOutcomes(kRecordKnownFailures, "kRecordKnownFailures", ".expected.json",
                 RecordDifferences);
}

TEST(Corpus, EveryCellMatchesItsExpectedTextUnlessListedAsKnownFailure) {
  ExpectOutcomes(kCellKnownFailures, "kCellKnownFailures", ".cells.json", CellDifferences);
}

}  // namespace
}  // namespace tsuzuri
