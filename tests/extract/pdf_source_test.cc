// Real Poppler on real PDFs: the error fixtures in tests/data (made by tests/data/generate.sh)
// and the samples.
#include <gtest/gtest.h>

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
    EXPECT_EQ(doc.status().code(), c.code) << "case: " << c.file << " -> " << doc.status().ToString();
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

TEST(PdfSource, RotatedPageGivesBoxesAsDisplayed) {
  Result<Document> doc = ExtractFile("tests/data/rotated.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Page& p = doc->pages[0];
  EXPECT_EQ(p.rotation, 90);
  for (const Word& w : p.words) {
    EXPECT_LE(w.box.x1, p.width + 1) << w.text;
    EXPECT_LE(w.box.y1, p.height + 1) << w.text;
  }
  EXPECT_FALSE(p.tables.empty()) << "tables are found on the rotated page too";
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
