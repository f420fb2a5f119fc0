// The whole pipeline over every sample: real Poppler on the committed PDFs, compared with the
// hand-checked expected files written by samples/generate.py from each sample's content file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/json_output.h"
#include "fields/pipeline.h"
#include "normalize/page_normalizer.h"

namespace tsuzuri {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> SamplePdfs() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("samples")) {
    if (e.path().extension() == ".pdf") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

std::string Stem(const std::string& pdf) { return pdf.substr(0, pdf.size() - 4); }

TEST(Golden, ThereAreSamples) { EXPECT_GE(SamplePdfs().size(), 10u); }

TEST(Golden, EveryRecordMatchesItsExpectedJson) {
  Result<TemplateSet> templates = LoadTemplates("templates");
  ASSERT_TRUE(templates.ok()) << templates.status().ToString();
  for (const std::string& pdf : SamplePdfs()) {
    SCOPED_TRACE(pdf);
    const Json want = ReadJson(Stem(pdf) + ".expected.json");
    Result<Processed> p = ProcessFile(pdf, *templates);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    const Json got = Json::parse(RecordJson(p->record));
    for (const auto& [key, value] : want.items()) {
      if (key == "measures" || key == "initiatives") continue;
      EXPECT_EQ(got[key], value) << "key " << key;
    }
    ASSERT_EQ(got["initiatives"].size(), want["initiatives"].size());
    for (size_t i = 0; i < want["initiatives"].size(); ++i) {
      EXPECT_EQ(got["initiatives"][i], want["initiatives"][i]) << "initiative " << i;
    }
    ASSERT_EQ(got["measures"].size(), want["measures"].size());
    for (size_t i = 0; i < want["measures"].size(); ++i) {
      EXPECT_EQ(got["measures"][i], want["measures"][i]) << "measure " << i;
    }
  }
}

// Both ways of finding ruling lines must give the same cells: the page's vector drawing (the
// default) and a render (the fallback for tables that are pictures).
void ExpectCellsAsExpected(PageSourceOptions::Rulings rulings) {
  ExtractOptions options;
  options.source.rulings = rulings;
  for (const std::string& pdf : SamplePdfs()) {
    SCOPED_TRACE(pdf);
    const Json want = ReadJson(Stem(pdf) + ".cells.json");
    Result<Document> doc = ExtractFile(pdf, options);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    ASSERT_EQ(doc->pages.size(), want["pages"].size());
    for (size_t pi = 0; pi < doc->pages.size(); ++pi) {
      Page& page = doc->pages[pi];
      NormalizePage(page);
      const Json& wp = want["pages"][pi];
      ASSERT_EQ(page.tables.size(), wp["tables"].size()) << "tables on page " << pi + 1;
      for (size_t ti = 0; ti < page.tables.size(); ++ti) {
        const Table& t = page.tables[ti];
        const Json& wt = wp["tables"][ti];
        const std::string where =
            "page " + std::to_string(pi + 1) + " table " + std::to_string(ti + 1);
        EXPECT_EQ(t.rows, wt["rows"].get<int>()) << where;
        EXPECT_EQ(t.cols, wt["cols"].get<int>()) << where;
        ASSERT_EQ(t.cells.size(), wt["cells"].size()) << where;
        for (size_t ci = 0; ci < t.cells.size(); ++ci) {
          const Cell& c = t.cells[ci];
          const Json& wc = wt["cells"][ci];
          const std::string at = where + " cell (" + std::to_string(wc["row"].get<int>()) + "," +
                                 std::to_string(wc["col"].get<int>()) + ")";
          EXPECT_EQ(c.row, wc["row"].get<int>()) << at;
          EXPECT_EQ(c.col, wc["col"].get<int>()) << at;
          EXPECT_EQ(c.row_span, wc["row_span"].get<int>()) << at;
          EXPECT_EQ(c.col_span, wc["col_span"].get<int>()) << at;
          EXPECT_EQ(c.text, wc["text"].get<std::string>()) << at;
        }
      }
    }
  }
}

TEST(Golden, EveryCellMatchesItsExpectedTextWithVectorRulings) {
  ExpectCellsAsExpected(PageSourceOptions::Rulings::kVector);
}

TEST(Golden, EveryCellMatchesItsExpectedTextWithRenderedRulings) {
  ExpectCellsAsExpected(PageSourceOptions::Rulings::kRender);
}

}  // namespace
}  // namespace tsuzuri
