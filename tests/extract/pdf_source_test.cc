// Real Poppler on real PDFs: the error fixtures in tests/data (made by tests/data/generate.sh)
// and the samples.
#include <gtest/gtest.h>

#include <algorithm>

#include "extract/extract.h"

namespace tsuzuri {
namespace {

struct ErrorCase {
  const char* file;
  Status::Code code;
  const char* says;
};

TEST(PdfSource, BadFilesFailWithTheirNameAndReason) {
  const ErrorCase cases[] = {
      {"tests/data/missing.pdf", Status::Code::kNotFound, "no such file"},
      {"tests/data/empty.pdf", Status::Code::kInvalidArgument, "empty file"},
      {"tests/data/not-a-pdf.pdf", Status::Code::kNotSupported, "not a PDF"},
      {"tests/data/encrypted-user.pdf", Status::Code::kPermissionDenied, "encrypted"},
      {"tests/data", Status::Code::kInvalidArgument, "directory"},
  };
  for (const ErrorCase& c : cases) {
    Result<Document> doc = ExtractFile(c.file);
    ASSERT_FALSE(doc.ok()) << "case: " << c.file;
    EXPECT_EQ(doc.status().code(), c.code)
        << "case: " << c.file << " -> " << doc.status().ToString();
    EXPECT_EQ(doc.status().message().rfind(c.file, 0), 0u)
        << "the message starts with the file: " << doc.status().message();
    EXPECT_NE(doc.status().message().find(c.says), std::string::npos)
        << "case: " << c.file << " -> " << doc.status().message();
  }
}

TEST(PdfSource, TruncatedPdfIsDamagedOrReadsWhatIsLeft) {
  // Poppler rebuilds a broken cross-reference table when it can; either way nothing crashes and
  // a failure says the file is damaged.
  Result<Document> doc = ExtractFile("tests/data/truncated.pdf");
  if (!doc.ok()) {
    EXPECT_EQ(doc.status().code(), Status::Code::kCorruption) << doc.status().ToString();
    EXPECT_NE(doc.status().message().find("damaged"), std::string::npos) << doc.status().message();
  } else {
    EXPECT_GE(doc->pages.size(), 1u);
  }
}

TEST(PdfSource, OwnerPasswordAloneIsNoObstacle) {
  Result<Document> doc = ExtractFile("tests/data/encrypted-owner.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_GE(doc->pages.size(), 1u);
  EXPECT_EQ(doc->pages[0].text_layer, TextLayer::kUsable);
  EXPECT_FALSE(doc->pages[0].words.empty());
}

TEST(PdfSource, ImageOnlyPageHasNoTextLayer) {
  ExtractOptions no_ocr;  // with OCR the page is read by OCR (tests/extract/ocr_test.cc)
  no_ocr.source.ocr.enabled = false;
  Result<Document> doc = ExtractFile("tests/data/image-only.pdf", no_ocr);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->pages.size(), 1u);
  EXPECT_EQ(doc->pages[0].text_layer, TextLayer::kEmpty);
  EXPECT_TRUE(doc->pages[0].words.empty());
}

TEST(PdfSource, GarbageTextLayerIsFlagged) {
  ExtractOptions no_ocr;
  no_ocr.source.ocr.enabled = false;
  Result<Document> doc = ExtractFile("tests/data/garbage-text.pdf", no_ocr);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_GE(doc->pages.size(), 1u);
  EXPECT_EQ(doc->pages[0].text_layer, TextLayer::kGarbage) << doc->pages[0].text_layer_reason;
}

TEST(PdfSource, SidewaysTextIsReadUpright) {
  // rotated.pdf is a portrait sample with /Rotate 90: displayed, its text runs downwards.
  Result<Document> turned = ExtractFile("tests/data/rotated.pdf");
  Result<Document> original = ExtractFile("samples/h30-initiatives-only.pdf");
  ASSERT_TRUE(turned.ok() && original.ok());
  const Page& p = turned->pages[0];
  const Page& o = original->pages[0];
  EXPECT_EQ(p.rotation, 0) << "/Rotate 90, turned back";
  EXPECT_NEAR(p.width, o.width, 0.5);
  EXPECT_NEAR(p.height, o.height, 0.5);
  std::vector<std::string> pw, ow;
  for (const Word& w : p.words) {
    pw.push_back(w.text);
    EXPECT_TRUE(w.box.x1 <= p.width + 1 && w.box.y1 <= p.height + 1 && w.box.x0 >= -1 &&
                w.box.y0 >= -1)
        << w.text << " lies on the page";
  }
  for (const Word& w : o.words) ow.push_back(w.text);
  std::sort(pw.begin(), pw.end());
  std::sort(ow.begin(), ow.end());
  EXPECT_EQ(pw, ow) << "the same words";
  ASSERT_EQ(p.tables.size(), o.tables.size()) << "rulings are rendered turned the same way";
  for (size_t t = 0; t < p.tables.size(); ++t) {
    ASSERT_EQ(p.tables[t].cells.size(), o.tables[t].cells.size());
    for (size_t c = 0; c < p.tables[t].cells.size(); ++c) {
      // The same characters in every cell. (Their order can differ by one line for a glyph from a
      // fallback font, whose sideways box Poppler places about half a line off.)
      auto chars = [](std::string s) {
        std::erase_if(s, [](char ch) { return ch == '\n' || ch == ' '; });
        std::sort(s.begin(), s.end());
        return s;
      };
      EXPECT_EQ(chars(p.tables[t].cells[c].raw_text), chars(o.tables[t].cells[c].raw_text))
          << "table " << t << " cell " << c;
    }
  }
}

TEST(PdfSource, PagesAreTheSameWithOneOrTwoWorkers) {
  ExtractOptions one, two;
  one.jobs = 1;
  two.jobs = 2;
  Result<Document> a = ExtractFile("tests/data/encrypted-owner.pdf", one);
  Result<Document> b = ExtractFile("tests/data/encrypted-owner.pdf", two);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->pages.size(), b->pages.size());
  for (size_t i = 0; i < a->pages.size(); ++i) {
    EXPECT_EQ(a->pages[i].number, static_cast<int>(i + 1));
    EXPECT_EQ(a->pages[i].words.size(), b->pages[i].words.size());
    EXPECT_EQ(a->pages[i].tables.size(), b->pages[i].tables.size());
  }
}

}  // namespace
}  // namespace tsuzuri
