// OCR on real scans: the small committed set in samples/scans (samples/make_scans.sh), the
// garbage-text fixture, and the guards (pixels, pages, time). Each OCR case reads one page
// (a few seconds); the guard cases read no pixels at all.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "extract/extract.h"
#include "extract/ocr_engine.h"

namespace tsuzuri {
namespace {

std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n') out += c;
  }
  return out;
}

// The first cell, over all tables, whose text without spaces is `text`; nullptr if none.
const Cell* FindCell(const Page& page, const std::string& text) {
  for (const Table& t : page.tables) {
    for (const Cell& c : t.cells) {
      if (Squeeze(c.raw_text) == text) return &c;
    }
  }
  return nullptr;
}

// The cells of every table of the first page of `file` read with `options`, in table order;
// none (and a failure) when it cannot be read.
std::vector<Cell> FirstPageCells(const std::string& file, const ExtractOptions& options) {
  Result<Document> doc = ExtractFile(file, options);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  std::vector<Cell> out;
  if (!doc.ok()) return out;
  for (const Table& t : doc->pages.at(0).tables)
    out.insert(out.end(), t.cells.begin(), t.cells.end());
  return out;
}

struct ScanCase {
  const char* file;
  const char* cells[3];  // value cells printed on the scanned page
  const char* label;     // an institution's name printed on it
};

TEST(OcrScan, ValueCellsOfCleanAndDegradedScansReadRight) {
  const ScanCase cases[] = {
      {"samples/scans/r4-three-pages-p2-clean300.png",
       {"32名", "39名", "50名"},
       "おおたけ内科医院"},
      {"samples/scans/r4-three-pages-p2-rotated.png", {"32名", "39名", "50名"}, "おおたけ内科医院"},
  };
  for (const ScanCase& c : cases) {
    Result<Document> doc = ExtractFile(c.file);
    ASSERT_TRUE(doc.ok()) << c.file << ": " << doc.status().ToString();
    ASSERT_EQ(doc->pages.size(), 1u) << c.file;
    const Page& p = doc->pages[0];
    EXPECT_EQ(p.method, PageMethod::kOcr) << c.file;
    EXPECT_NEAR(p.width, 842, 20) << c.file << ": A4 landscape in points (a turned scan is wider)";
    EXPECT_EQ(p.tables.size(), 3u) << c.file << ": the initiatives table and tables 1 and 2";
    for (const char* text : c.cells) {
      const Cell* cell = FindCell(p, text);
      ASSERT_NE(cell, nullptr) << c.file << ": no cell reads " << text;
      EXPECT_GT(cell->confidence, 0.5) << c.file << ": " << text;
      EXPECT_LT(cell->confidence, 1.0) << c.file << ": OCR confidence is never certain";
      EXPECT_EQ(Squeeze(cell->second_raw_text), text) << c.file << ": second reading of " << text;
      ASSERT_FALSE(cell->words.empty()) << c.file;
      EXPECT_EQ(cell->words[0].glyphs.size(), utf8::Decode(cell->words[0].text).size())
          << c.file << ": one glyph box per code point";
    }
    // Label cells are read twice as well, whole, at another scale.
    const Cell* label = FindCell(p, c.label);
    ASSERT_NE(label, nullptr) << c.file << ": no cell reads " << c.label;
    EXPECT_EQ(Squeeze(label->second_raw_text), c.label) << c.file << ": second reading";
    // A table's top row (headers) is read once, but for its numbers.
    int headers = 0;
    for (const Table& t : p.tables) {
      for (const Cell& cell : t.cells) {
        if (cell.row != 0 || cell.raw_text.empty()) continue;
        bool digit = false;
        for (char32_t ch : utf8::Decode(cell.raw_text))
          digit = digit || (ch >= 0xFF10 && ch <= 0xFF19) || (ch >= '0' && ch <= '9');
        if (digit) continue;
        ++headers;
        EXPECT_EQ(cell.second_raw_text, "") << c.file << ": header " << cell.raw_text;
      }
    }
    EXPECT_GT(headers, 0) << c.file << ": 「医療機関名」 is a header without a digit";
  }
}

// Tesseract, reading a two-line header cell of this 200 dpi JPEG whole, gives its second line
// alone (「※医療機関ごとに記載」 without 「医療機関名」). The ink outside every line it read is
// read again on its own, and only that: the 実績 header, read whole, is not read twice.
TEST(OcrScan, ALineTesseractDropsFromACellIsReadOnItsOwn) {
  const char* file = "samples/scans/r4-three-pages-p2-table1-jpeg200.jpg";
  Result<Document> doc = ExtractFile(file);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Page& p = doc->pages.at(0);
  ASSERT_EQ(p.tables.size(), 1u);
  std::vector<std::string> header;
  for (const Cell& c : p.tables[0].cells) {
    if (c.row == 0) header.push_back(Squeeze(c.raw_text));
  }
  ASSERT_EQ(header.size(), 5u);
  EXPECT_EQ(header[1], "医療機関名※医療機関ごとに記載");
  EXPECT_EQ(header[4].substr(0, std::string("実績").size()), "実績") << header[4];
  EXPECT_EQ(header[4].find("実績", 1), std::string::npos) << "read once: " << header[4];
}

// The numbers of a cell, in order, as ASCII digits.
std::vector<std::string> Numbers(const std::string& text) {
  std::vector<std::string> out;
  bool in = false;
  for (char32_t c : utf8::Decode(text)) {
    const bool digit = (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
    if (!digit) {
      in = false;
      continue;
    }
    if (!in) out.emplace_back();
    out.back() += static_cast<char>(c >= 0xFF10 ? '0' + (c - 0xFF10) : c);
    in = true;
  }
  return out;
}

// On this G4 scan Tesseract reads some visits cells 「合計回数:26回(うち往診:6回、…」 from 「ち」
// on, and gives up on another (「ーー」, confidence 0): the start of a line is read on its own,
// and a cell with a word Tesseract gave up on is read again at half scale. Every value cell then
// starts with 合計回数 and holds its three numbers; without either, some do not.
TEST(OcrScan, TheStartOfALineTesseractDropsIsReadOnItsOwn) {
  const char* file = "samples/scans/h30-with-effects-p2-visits-g4.tif";
  auto starts_read = [&](const ExtractOptions& options) {
    Result<Document> doc = ExtractFile(file, options);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    int cells = 0, whole = 0;
    if (!doc.ok()) return std::make_pair(cells, whole);
    for (const Table& t : doc->pages.at(0).tables) {
      for (const Cell& c : t.cells) {
        if (Squeeze(c.raw_text).find("ち往診") == std::string::npos) continue;
        ++cells;
        whole += Squeeze(c.raw_text).rfind("合計回", 0) == 0 && Numbers(c.raw_text).size() == 3;
      }
    }
    return std::make_pair(cells, whole);
  };
  const auto [cells, whole] = starts_read(ExtractOptions{});
  EXPECT_EQ(cells, 9);
  EXPECT_EQ(whole, 9);
  ExtractOptions no_runs, no_retry;
  no_runs.source.ocr.min_lost_start_chars = 0;
  no_retry.source.ocr.garbled_word_confidence = 0;
  EXPECT_LT(starts_read(no_runs).second, 9) << "the starts of lines are read on their own";
  EXPECT_LT(starts_read(no_retry).second, 9) << "a cell Tesseract gave up on is read again";
}

// The second look at a number reads it alone. Tesseract's glyph boxes can lie a glyph's width
// off: on these pages a crop cut at them read 「名」 for the 「1」 of 「死亡患者数:1 名」 (now read
// again with its neighbours) and 4 for 「14」 (the crop's edges now stop in blank columns). Every
// number gets a second reading, and on these two pages all agree with the first but 「▲3件」,
// whose ▲ the first reading takes for a 4 (AFilledTriangleReadAs4IsASignInTheSecondReading).
TEST(OcrScan, EveryNumberGetsASecondReadingThatAgreesOnTheseScans) {
  for (const char* file : {"samples/scans/r2-single-institution-p2-upside-down.png",
                           "samples/scans/r4-three-pages-p2-clean300.png"}) {
    Result<Document> doc = ExtractFile(file);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    int numbers = 0;
    for (const Table& t : doc->pages.at(0).tables) {
      for (const Cell& c : t.cells) {
        if (c.second_raw_text.empty() || Numbers(c.raw_text).empty()) continue;
        ++numbers;
        if (c.second_raw_text.find("▲") != std::string::npos) continue;
        EXPECT_EQ(Numbers(c.second_raw_text), Numbers(c.raw_text))
            << file << ": 「" << c.raw_text << "」 read again 「" << c.second_raw_text << "」";
      }
    }
    EXPECT_GT(numbers, 30) << file;
  }
}

// 「▲3件」 (差 of the referrals table: 2 − 5): Tesseract reads the filled triangle as 4, the
// first reading 「43件」. The second reading sees a filled triangle before the digits and reads a
// sign there; the rules then settle -3 (tests/app/cli_test.cc). No other number of these scans
// gets a sign from it (EveryNumberGetsASecondReadingThatAgreesOnTheseScans).
TEST(OcrScan, AFilledTriangleReadAs4IsASignInTheSecondReading) {
  Result<Document> doc = ExtractFile("samples/scans/r2-single-institution-p2-upside-down.png");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  int signs = 0;
  for (const Table& t : doc->pages.at(0).tables) {
    for (const Cell& c : t.cells) {
      if (c.second_raw_text.find("▲") == std::string::npos) continue;
      ++signs;
      EXPECT_EQ(Numbers(c.raw_text), std::vector<std::string>{"43"}) << c.raw_text;
      EXPECT_EQ(Squeeze(c.second_raw_text), "▲3件");
    }
  }
  EXPECT_EQ(signs, 1);
}

// Tesseract reads the name cell 「こもれび心療内科」 of this table 「こもれひ心療内科」 at 300 dpi
// (the first reading). The voicing check reads the ひ alone, as び: the first reading gets its
// mark. The other names keep theirs, and the names without marks get none.
TEST(OcrScan, AVoicingMarkTheLineReadingLosesIsReadFromTheGlyphAlone) {
  auto names = [](const ExtractOptions& options) {
    std::vector<std::string> out;
    for (const Cell& c :
         FirstPageCells("samples/scans/r1-eight-institutions-p2-patients-clean300.png", options)) {
      if (c.row > 0 && c.col == 1) out.push_back(Squeeze(c.raw_text));
    }
    return out;
  };
  const std::vector<std::string> read = names(ExtractOptions{});
  ASSERT_EQ(read.size(), 8u);
  EXPECT_EQ(read[7], "こもれび心療内科");
  EXPECT_EQ(read[0], "しらかば医院");
  EXPECT_EQ(read[2], "もみじ坂診療所");
  EXPECT_EQ(read[4], "なのはな小児科医院");
  EXPECT_EQ(read[6], "はまなす皮膚科医院");
  ExtractOptions off;
  off.source.ocr.voicing_check = false;
  const std::vector<std::string> unchecked = names(off);
  ASSERT_EQ(unchecked.size(), 8u);
  EXPECT_EQ(unchecked[7], "こもれひ心療内科");
}

// 差 「0件」 of this referrals table is read 9 by both readings (the slashed 0 of IPAGothic),
// and the recognizer lists 0 among its choices below 0.1 confidence. Such a digit is read again at
// 1.25 scale, where it reads 0: the cell gets the alternative 「0件」. The 8 and 6 of the table,
// read right, get none.
TEST(OcrScan, ADigitBothReadingsTakeFor9IsReadAgainAtAnotherScale) {
  auto zeros = [](const ExtractOptions& options) {
    std::vector<std::string> cells;
    for (const Cell& c :
         FirstPageCells("samples/scans/h30-with-effects-p2-referrals-clean300.png", options)) {
      for (const std::string& alt : c.alternative_raw_texts) {
        if (Numbers(alt) == std::vector<std::string>{"0"}) cells.push_back(Squeeze(c.raw_text));
      }
    }
    return cells;
  };
  EXPECT_EQ(zeros(ExtractOptions{}), std::vector<std::string>{"9件"});
  ExtractOptions off;
  off.source.ocr.zero_check_scale = 0;
  EXPECT_TRUE(zeros(off).empty());
}

// Both readings lose the 0 of 「合計回数:40回(うち往診:9回、訪問診療:31回)」 on this scan: the
// first reads 「4回」 (its glyph box as wide as two digits), and so does the second at 0.67 scale,
// even from a crop that holds the whole 「40回」. Such a number is read again at other scales.
TEST(OcrScan, ADigitBothReadingsLoseIsReadAgainAtOtherScales) {
  auto second_of_40 = [](const ExtractOptions& options) {
    std::vector<std::string> second;
    for (const Cell& c :
         FirstPageCells("samples/scans/r3-total-mismatch-p2-visits-clean300.png", options)) {
      const std::vector<std::string> first = Numbers(c.raw_text);
      if (first.size() == 3 && first[1] == "9" && first[2] == "31") {
        EXPECT_EQ(first[0], "4") << "the first reading loses the 0: 「" << c.raw_text << "」";
        second = Numbers(c.second_raw_text);
      }
    }
    return second;
  };
  EXPECT_EQ(second_of_40(ExtractOptions{}), (std::vector<std::string>{"40", "9", "31"}));
  ExtractOptions off;
  off.source.ocr.lost_digit_width = 0;
  EXPECT_EQ(second_of_40(off), (std::vector<std::string>{"4", "9", "31"}));
}

// Full-width digits stand apart: on this 300 dpi scan 「４７」 is two words to Tesseract, 0.6-0.85
// line heights apart, and 「4 7」 fits no value pattern. Digits that close are one number: every
// value cell of the visits table reads the numbers the text layer of the same page holds.
TEST(OcrScan, FullWidthDigitsSetApartAreOneNumber) {
  Result<Document> scan = ExtractFile("samples/scans/r5-visits-breakdown-p3-visits-clean300.png");
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  Result<Document> text = ExtractFile("samples/r5-visits-breakdown.pdf");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  ASSERT_EQ(scan->pages.at(0).tables.size(), 1u);
  const Table& ocr = scan->pages[0].tables[0];
  const Table& printed = text->pages.at(2).tables.at(0);
  ASSERT_EQ(ocr.cells.size(), printed.cells.size());
  int values = 0;
  for (size_t i = 0; i < ocr.cells.size(); ++i) {
    if (Squeeze(printed.cells[i].raw_text).find("合計回数") != 0) continue;
    ++values;
    EXPECT_EQ(Numbers(ocr.cells[i].raw_text), Numbers(printed.cells[i].raw_text))
        << "「" << ocr.cells[i].raw_text << "」";
  }
  EXPECT_EQ(values, 12);
}

// The second reading also gives, per digit, the other digits Tesseract's recognizer considered:
// each alternative text is the second reading with one digit changed. On this scan the 0s of
// 「死亡患者数:0名(うち医療機関以外:0名)」 read as 6 the second time have 0 among those choices.
TEST(OcrScan, AlternativeTextsChangeOneDigitOfTheSecondReading) {
  Result<Document> doc = ExtractFile("samples/scans/r3-total-mismatch-p3-deaths-clean300.png");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  int cells = 0, zeros = 0;
  for (const Table& t : doc->pages.at(0).tables) {
    for (const Cell& c : t.cells) {
      if (c.alternative_raw_texts.empty()) continue;
      ++cells;
      const std::u32string second = utf8::Decode(c.second_raw_text);
      for (const std::string& a : c.alternative_raw_texts) {
        const std::u32string alt = utf8::Decode(a);
        ASSERT_EQ(alt.size(), second.size()) << a;
        int changed = 0;
        for (size_t i = 0; i < alt.size(); ++i) {
          if (alt[i] == second[i]) continue;
          ++changed;
          EXPECT_TRUE(alt[i] >= '0' && alt[i] <= '9') << a;
          EXPECT_TRUE(second[i] >= '0' && second[i] <= '9') << c.second_raw_text;
          zeros += second[i] == '6' && alt[i] == '0';
        }
        EXPECT_EQ(changed, 1) << "「" << a << "」 against 「" << c.second_raw_text << "」";
      }
    }
  }
  EXPECT_GT(cells, 5);
  EXPECT_GT(zeros, 0) << "a 6 of the second reading with 0 among its choices";
}

// A one-page scan with two cores is read by two engines at once (cells, the text outside the
// tables and the second looks shared out); what they read is what one engine reads.
TEST(OcrScan, TwoEnginesOnOnePageReadWhatOneEngineReads) {
  const char* file = "samples/scans/r4-three-pages-p2-jpeg60.jpg";
  ExtractOptions one, two;
  one.jobs = 1;
  two.jobs = 2;
  Result<Document> a = ExtractFile(file, one);
  Result<Document> b = ExtractFile(file, two);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const Page& pa = a->pages.at(0);
  const Page& pb = b->pages.at(0);
  ASSERT_EQ(pa.tables.size(), pb.tables.size());
  int cells = 0, seconds = 0;
  for (size_t t = 0; t < pa.tables.size(); ++t) {
    ASSERT_EQ(pa.tables[t].cells.size(), pb.tables[t].cells.size());
    for (size_t c = 0; c < pa.tables[t].cells.size(); ++c) {
      const Cell& x = pa.tables[t].cells[c];
      const Cell& y = pb.tables[t].cells[c];
      EXPECT_EQ(x.raw_text, y.raw_text) << "table " << t << " cell " << c;
      EXPECT_EQ(x.second_raw_text, y.second_raw_text) << "table " << t << " cell " << c;
      EXPECT_EQ(x.confidence, y.confidence) << "table " << t << " cell " << c;
      cells += !x.raw_text.empty();
      seconds += !x.second_raw_text.empty();
    }
  }
  EXPECT_GT(cells, 40) << "the page's cells were read";
  EXPECT_GT(seconds, 10) << "and its numbers looked at twice";
  ASSERT_EQ(pa.lines.size(), pb.lines.size());
  for (size_t i = 0; i < pa.lines.size(); ++i)
    EXPECT_EQ(pa.lines[i].raw_text, pb.lines[i].raw_text);
}

TEST(OcrScan, EnginesAreStartedOncePerWorkerNotOncePerDocument) {
  const char* file = "samples/scans/r4-three-pages-p2-200dpi.png";
  ExtractOptions options;
  options.jobs = 2;  // one page, two engines
  ASSERT_TRUE(ExtractFile(file, options).ok());
  const int after_first = OcrEngine::StartedCount();
  EXPECT_GE(after_first, 1);
  ASSERT_TRUE(ExtractFile(file, options).ok());
  EXPECT_EQ(OcrEngine::StartedCount(), after_first) << "the second document reuses the engines";
}

TEST(OcrScan, UpsideDownPageIsTurnedBeforeReading) {
  Result<Document> doc = ExtractFile("samples/scans/r2-single-institution-p2-upside-down.png");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Page& p = doc->pages[0];
  EXPECT_LT(p.width, p.height) << "portrait stays portrait";
  bool found = false;
  for (const Line& l : p.lines) found |= Squeeze(l.raw_text).find("取組効果") != std::string::npos;
  EXPECT_TRUE(found) << "the heading 【参入促進・連携(グループ化)の取組効果】 is read upright";
}

TEST(OcrScan, GarbageTextLayerIsReadByOcr) {
  Result<Document> doc = ExtractFile("tests/data/garbage-text.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Page& p = doc->pages[0];
  EXPECT_EQ(p.method, PageMethod::kOcr);
  EXPECT_EQ(p.text_layer, TextLayer::kGarbage) << "the verdict on the text layer is kept";
  ASSERT_FALSE(p.tables.empty());
  bool found = false;
  for (const Table& t : p.tables) {
    for (const Cell& c : t.cells) found |= Squeeze(c.raw_text).find("取組") != std::string::npos;
  }
  EXPECT_TRUE(found) << "the initiatives table is read as Japanese";
}

// A PNG that is only a header claiming `w` x `h` pixels (no image data).
std::string PngHeader(uint32_t w, uint32_t h) {
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  std::string ihdr = "IHDR" + be32(w) + be32(h) + std::string("\x01\x00\x00\x00\x00", 5);
  uint32_t crc = 0xFFFFFFFF;
  for (unsigned char ch : ihdr) {
    crc ^= ch;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
  }
  // An empty IEND chunk closes the file (its CRC is fixed).
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + ihdr + be32(~crc) + be32(0) + "IEND" +
         be32(0xAE426082);
}

struct GuardCase {
  const char* name;
  std::string file;
  ExtractOptions options;
  Status::Code code;
  const char* says;
};

TEST(OcrGuards, LimitsFailWithTheFileAndTheLimit) {
  const std::string bomb = testing::TempDir() + "bomb.png";
  {
    std::ofstream out(bomb, std::ios::binary);
    out << PngHeader(100000, 100000);  // 10 gigapixels in 41 bytes
  }
  ExtractOptions few_pixels, few_pages, no_time, no_ocr;
  few_pixels.source.ocr.max_pixels = 1000;
  few_pages.max_pages = 2;
  no_time.time_limit_seconds = 1e-6;
  no_ocr.source.ocr.enabled = false;
  const GuardCase cases[] = {
      {"decompression bomb", bomb, {}, Status::Code::kResourceExhausted, "over the limit"},
      {"pixel limit", "samples/scans/r4-three-pages-p2-200dpi.png", few_pixels,
       Status::Code::kResourceExhausted, "pixels"},
      {"pixel limit of a rendered page", "tests/data/image-only.pdf", few_pixels,
       Status::Code::kResourceExhausted, "pixels at 300 dpi"},
      {"page limit", "samples/scans/r4-three-pages-g4.tif", few_pages,
       Status::Code::kResourceExhausted, "3 pages"},
      {"time limit", "samples/scans/r4-three-pages-p2-200dpi.png", no_time,
       Status::Code::kResourceExhausted, "longer than the limit"},
      {"OCR off", "samples/scans/r4-three-pages-p2-200dpi.png", no_ocr, Status::Code::kNotSupported,
       "OCR"},
  };
  for (const GuardCase& c : cases) {
    Result<Document> doc = ExtractFile(c.file, c.options);
    ASSERT_FALSE(doc.ok()) << c.name;
    EXPECT_EQ(doc.status().code(), c.code) << c.name << ": " << doc.status().ToString();
    EXPECT_EQ(doc.status().message().rfind(c.file, 0), 0u)
        << c.name << ": " << doc.status().message();
    EXPECT_NE(doc.status().message().find(c.says), std::string::npos)
        << c.name << ": " << doc.status().message();
  }
  std::remove(bomb.c_str());
}

TEST(OcrGuards, MultiPageG4TiffCountsItsPages) {
  ExtractOptions one_page;
  one_page.max_pages = 1;
  Result<Document> doc = ExtractFile("samples/scans/r4-three-pages-g4.tif", one_page);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("3 pages, over the limit of 1"), std::string::npos)
      << doc.status().message();
}

}  // namespace
}  // namespace tsuzuri
