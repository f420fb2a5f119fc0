#include "extract/ocr_page.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <thread>

#include "core/kana.h"
#include "core/utf8.h"
#include "extract/layout.h"
#include "extract/lept.h"

namespace tsuzuri {
namespace {

// A cell worth a second look: it has a digit and is short (a value like 「合計回数:49回(うち往診:
// 14回、訪問診療:35回)」, not a paragraph that mentions a date).
bool IsNumberCell(const std::string& text, int max_chars) {
  const std::u32string cps = utf8::Decode(text);
  if (static_cast<int>(cps.size()) > max_chars) return false;
  for (char32_t c : cps) {
    if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19)) return true;
  }
  return false;
}

// A label worth a second look: a row's name below a table's top row (an institution, a metric),
// without a digit, between min and max characters. Such names are keys of the values beside
// them, and OCR misreads a name the same way wherever it is printed (docs/ocr.md).
bool IsLabelCell(const Cell& cell, int min_chars, int max_chars) {
  if (cell.row == 0) return false;
  int n = 0;
  for (char32_t c : utf8::Decode(cell.raw_text)) {
    if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19)) return false;
    if (c != ' ' && c != '\n' && c != 0x3000) ++n;
  }
  return n >= min_chars && n <= max_chars;
}

// Noise read as text: a word of punctuation only (「。」「>」「.」) that Tesseract doubts.
bool IsSpeckleWord(const OcrWord& w, double min_confidence) {
  if (w.confidence >= min_confidence) return false;
  for (char32_t c : utf8::Decode(w.text)) {
    const bool punct = (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                                      (c >= 'a' && c <= 'z'))) ||
                       (c >= 0x3000 && c <= 0x3003) || c == 0x30FB || (c >= 0x2010 && c <= 0x2027);
    if (!punct) return false;
  }
  return true;
}

bool IsDigit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

std::vector<Word> ToWords(const std::vector<OcrWord>& read, double dpi, double scale, int origin_x,
                          int origin_y, double options_min_conf = 0.5) {
  const double k = 72.0 / dpi;
  auto to_box = [&](const PixelBox& p) {
    return Box{(origin_x + p.x0 / scale) * k, (origin_y + p.y0 / scale) * k,
               (origin_x + p.x1 / scale) * k, (origin_y + p.y1 / scale) * k};
  };
  std::vector<Word> out;
  out.reserve(read.size());
  for (const OcrWord& r : read) {
    if (IsSpeckleWord(r, options_min_conf)) continue;
    Word w;
    w.text = r.text;
    w.box = to_box(r.box);
    for (const PixelBox& g : r.glyphs) w.glyphs.push_back(to_box(g));
    // Words and glyphs get their line's height, so PlaceWords groups them into the lines
    // Tesseract found (its symbol boxes of small kana and brackets wander between lines).
    if (r.line.height() > 0) {
      const Box line = to_box(r.line);
      w.box.y0 = line.y0;
      w.box.y1 = line.y1;
      for (Box& g : w.glyphs) {
        g.y0 = line.y0;
        g.y1 = line.y1;
      }
    }
    w.font_size =
        std::max(1.0, (r.line.height() > 0 ? r.line.height() : r.box.height()) / scale * k);
    w.confidence = r.confidence;
    // Tesseract splits Japanese lines into words at ink gaps (a full-width 「１」 is a sliver);
    // those gaps are no spaces. Join such a word to the previous one on its line, unless both
    // sides are Latin letters, whose spaces are real. Between two digits the gap may be wider:
    // full-width digits 「４７」 stand 0.6-0.85 line heights apart on the bench scans (read
    // 「4 7」, which no value pattern takes); up to a line height they are one number.
    if (!out.empty()) {
      Word& prev = out.back();
      const bool same_line = prev.box.y0 == w.box.y0 && prev.box.y1 == w.box.y1;
      const std::u32string a = utf8::Decode(prev.text), b = utf8::Decode(w.text);
      auto latin = [](char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
      const double gap = w.box.x0 - prev.box.x1;
      const double widest =
          !a.empty() && !b.empty() && IsDigit(a.back()) && IsDigit(b.front()) ? 1.0 : 0.6;
      if (same_line && gap >= -1 && gap < widest * w.font_size && !a.empty() && !b.empty() &&
          !(latin(a.back()) && latin(b.front()))) {
        prev.text += w.text;
        prev.box = prev.box.Union(w.box);
        prev.glyphs.insert(prev.glyphs.end(), w.glyphs.begin(), w.glyphs.end());
        prev.confidence = std::min(prev.confidence, w.confidence);
        continue;
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

PixelBox ToPixels(const Box& b, double dpi, double inset_points) {
  const double k = dpi / 72.0;
  return PixelBox{static_cast<int>(std::ceil((b.x0 + inset_points) * k)),
                  static_cast<int>(std::ceil((b.y0 + inset_points) * k)),
                  static_cast<int>(std::floor((b.x1 - inset_points) * k)),
                  static_cast<int>(std::floor((b.y1 - inset_points) * k))};
}

// `image` inside a white margin of `pad` pixels: Tesseract reads a lone number better with room
// around it.
GrayImage PadWhite(const GrayImage& image, int pad) {
  GrayImage out;
  out.dpi = image.dpi;
  out.width = image.width + 2 * pad;
  out.height = image.height + 2 * pad;
  out.pixels.assign(static_cast<size_t>(out.width) * out.height, 255);
  for (int y = 0; y < image.height; ++y) {
    std::copy_n(image.pixels.data() + static_cast<size_t>(y) * image.width, image.width,
                out.pixels.data() + static_cast<size_t>(y + pad) * out.width + pad);
  }
  return out;
}

// Reads `box` of `image` on its own, scaled by `scale`, inside a white margin of `pad` pixels
// (after scaling); words in points of the page.
Result<std::vector<Word>> ReadScaled(OcrEngine& engine, const GrayImage& image, const PixelBox& box,
                                     double scale, const OcrOptions& options, int pad = 0) {
  GrayImage crop = ScaleGray(CropGray(image, box), scale);
  if (crop.width < 2 || crop.height < 2) return std::vector<Word>{};
  if (pad > 0) crop = PadWhite(crop, pad);
  engine.SetImage(crop);
  Result<std::vector<OcrWord>> read =
      engine.Read(PixelBox{0, 0, crop.width, crop.height}, OcrLayout::kBlock, options.deadline);
  if (!read.ok()) return read.status();
  if (pad > 0) {
    auto unpad = [pad](PixelBox& b) {
      b = PixelBox{b.x0 - pad, b.y0 - pad, b.x1 - pad, b.y1 - pad};
    };
    for (OcrWord& w : *read) {
      unpad(w.box);
      if (w.line.height() > 0) unpad(w.line);
      for (PixelBox& g : w.glyphs) unpad(g);
    }
  }
  return ToWords(*read, image.dpi, scale, box.x0, box.y0);
}

// Signs a number may carry: the minus in all its printed and misread forms, and ▲ △.
bool IsSign(char32_t c) {
  return c == '-' || c == 0x30FC || c == 0x4E00 || c == 0x2015 || c == 0x2212 || c == 0xFF0D ||
         c == 0x2010 || c == 0x2014 || c == 0x25B2 || c == 0x25B3;
}

// A character next to a number that a reading of both would not take for a digit: Japanese
// (kana, kanji, full-width forms) and ASCII punctuation but for 「/」「|」「\」「!」 (read as 7
// or 1). Letters are not safe (O, l, S, B, Z pass for digits).
bool SafeNeighbour(char32_t c) {
  if (c >= 0x3000) return !IsDigit(c);
  return c < 0x80 && std::ispunct(static_cast<int>(c)) && c != '/' && c != '|' && c != '\\' &&
         c != '!';
}

// `box` with its left and right edges moved outwards, by at most `reach` pixels and not past
// `limit`'s x range, until the column they stand on has no ink (below 128) in the box's rows: an
// edge cut from glyph boxes that lie a little off would otherwise halve a glyph (the 「1」 of
// 「14」 cut off reads 4).
PixelBox WidenToBlankColumns(const GrayImage& image, PixelBox box, const PixelBox& limit,
                             int reach) {
  const int y0 = std::max(0, box.y0), y1 = std::min(image.height, box.y1);
  auto inked = [&](int x) {
    if (x < 0 || x >= image.width) return false;
    for (int y = y0; y < y1; ++y) {
      if (image.pixels[static_cast<size_t>(y) * image.width + x] < 128) return true;
    }
    return false;
  };
  const int left_stop = std::max({0, limit.x0, box.x0 - reach});
  while (box.x0 > left_stop && inked(box.x0)) --box.x0;
  const int right_stop = std::min({image.width, limit.x1, box.x1 + reach});
  while (box.x1 < right_stop && inked(box.x1 - 1)) ++box.x1;
  return box;
}

// Whether the leftmost blob of ink (darker than 128) in `crop`, followed by another, is a filled
// triangle pointing up: ▲, the minus sign of Japanese forms, which Tesseract reads as 4
// (「▲3件」 → 「43件」). Leptonica finds the blobs; those under a third of the tallest are specks.
// The triangle: at least 40 % of its box inked (a digit's strokes fill 20-35 %), its bottom
// quarter at least three quarters of its width wide, its top quarter at most 45 %.
bool StartsWithFilledTriangle(const GrayImage& crop) {
  lept::PixPtr gray = lept::ToPix(crop);
  if (!gray) return false;
  lept::PixPtr ink(pixThresholdToBinary(gray.get(), 128));
  if (!ink) return false;
  lept::BoxaPtr boxes(pixConnCompBB(ink.get(), 8));
  if (!boxes) return false;
  struct Blob {
    int x, y, w, h;
  };
  std::vector<Blob> blobs;
  int tallest = 0;
  for (int i = 0; i < boxaGetCount(boxes.get()); ++i) {
    Blob b;
    if (boxaGetBoxGeometry(boxes.get(), i, &b.x, &b.y, &b.w, &b.h) != 0) continue;
    blobs.push_back(b);
    tallest = std::max(tallest, b.h);
  }
  std::erase_if(blobs, [&](const Blob& b) { return 3 * b.h < tallest; });
  if (blobs.size() < 2) return false;
  const Blob& t = *std::min_element(blobs.begin(), blobs.end(),
                                    [](const Blob& a, const Blob& b) { return a.x < b.x; });
  if (t.h < 4 || t.w < 4) return false;
  int inked = 0;
  double top = 0, bottom = 0;
  const int quarter = std::max(1, t.h / 4);
  for (int y = t.y; y < t.y + t.h; ++y) {
    int first = -1, last = -1;
    for (int x = t.x; x < t.x + t.w; ++x) {
      if (crop.pixels[static_cast<size_t>(y) * crop.width + x] >= 128) continue;
      ++inked;
      if (first < 0) first = x;
      last = x;
    }
    const double width = first < 0 ? 0.0 : static_cast<double>(last - first + 1) / t.w;
    if (y < t.y + quarter) top += width / quarter;
    if (y >= t.y + t.h - quarter) bottom += width / quarter;
  }
  return inked >= 0.4 * t.w * t.h && bottom >= 0.75 && top <= 0.45;
}

// The voicing check of a label cell's first reading (OcrOptions::voicing_check): each kana read
// without a voicing mark that could carry one (ひ, not び), where small ink stands at the upper
// right of its glyph, is read again alone: its connected components (those nearer its glyph's
// centre than a neighbour's) on white, as one character. When that reads a kana with a voicing
// mark, the mark is added (ひ becomes び). Tesseract reads 「こもれび」 「こもれひ」 from a whole
// line at 300 dpi on every bench scan, clean ones too, and 「び」 from the glyph alone
// (docs/ocr.md). The cell's words and raw_text change; returns whether they did.
Result<bool> CheckVoicing(Cell& cell, const GrayImage& image, OcrEngine& engine,
                          const OcrOptions& options) {
  const PixelBox inner = ToPixels(cell.box, image.dpi, options.cell_inset);
  auto pixels = [&](const Box& b) { return ToPixels(b, image.dpi, 0); };
  bool changed = false;
  for (Word& w : cell.words) {
    std::u32string cps = utf8::Decode(w.text);
    if (cps.size() != w.glyphs.size()) continue;
    bool word_changed = false;
    for (size_t i = 0; i < cps.size(); ++i) {
      if (kana::Voiced(cps[i]) == 0) continue;
      const PixelBox g = pixels(w.glyphs[i]);
      const int h = g.height();
      if (h < 8 || g.width() < 2) continue;
      const PixelBox region{
          std::max(inner.x0, i > 0 ? pixels(w.glyphs[i - 1]).x0 : g.x0 - h / 2),
          std::max(inner.y0, g.y0 - h / 4),
          std::min(inner.x1, i + 1 < cps.size() ? pixels(w.glyphs[i + 1]).x1 : g.x1 + h / 2),
          std::min(inner.y1, g.y1 + h / 4)};
      if (region.width() < 4 || region.height() < 4) continue;
      GrayImage crop = CropGray(image, region);
      // Centres of this glyph and its neighbours, in the crop.
      auto centre = [&](size_t j) {
        const PixelBox b = pixels(w.glyphs[j]);
        return (b.x0 + b.x1) / 2.0 - region.x0;
      };
      const double own = centre(i);
      const double mid_y = (g.y0 + g.y1) / 2.0 - region.y0;
      lept::PixPtr gray = lept::ToPix(crop);
      if (!gray) continue;
      lept::PixPtr ink(pixThresholdToBinary(gray.get(), 128));
      if (!ink) continue;
      Pixa* parts_raw = nullptr;
      lept::BoxaPtr boxes(pixConnComp(ink.get(), &parts_raw, 8));
      lept::PixaPtr parts(parts_raw);
      if (!boxes || !parts) continue;
      lept::PixPtr mask(pixCreate(crop.width, crop.height, 1));
      if (!mask) continue;
      bool mark = false;
      int x0 = crop.width, y0 = crop.height, x1 = 0, y1 = 0;
      for (int j = 0; j < boxaGetCount(boxes.get()); ++j) {
        int bx = 0, by = 0, bw = 0, bh = 0;
        if (boxaGetBoxGeometry(boxes.get(), j, &bx, &by, &bw, &bh) != 0) continue;
        const double cx = bx + bw / 2.0, cy = by + bh / 2.0;
        const double d = std::abs(cx - own);
        if (i > 0 && std::abs(cx - centre(i - 1)) < d) continue;
        if (i + 1 < cps.size() && std::abs(cx - centre(i + 1)) < d) continue;
        if (bw * bh < 6) continue;  // a speck
        lept::PixPtr part(pixaGetPix(parts.get(), j, L_CLONE));
        if (!part) continue;
        pixRasterop(mask.get(), bx, by, bw, bh, PIX_PAINT, part.get(), 0, 0);
        x0 = std::min(x0, bx);
        y0 = std::min(y0, by);
        x1 = std::max(x1, bx + bw);
        y1 = std::max(y1, by + bh);
        mark = mark || (bh < 0.45 * h && bw < 0.45 * h && cx > own && cy < mid_y);
      }
      if (!mark || x1 <= x0 || y1 <= y0) continue;
      // The glyph's parts on white, with a pixel of their anti-aliased edges.
      lept::PixPtr grown(pixDilateBrick(nullptr, mask.get(), 3, 3));
      if (!grown) continue;
      pixInvert(grown.get(), grown.get());
      pixPaintThroughMask(gray.get(), grown.get(), 0, 0, 255);
      const GrayImage alone =
          CropGray(lept::FromPix(gray.get(), crop.dpi), PixelBox{x0 - 1, y0 - 1, x1 + 1, y1 + 1});
      const GrayImage padded = PadWhite(alone, h / 3);
      engine.SetImage(padded);
      Result<std::vector<OcrWord>> read = engine.Read(PixelBox{0, 0, padded.width, padded.height},
                                                      OcrLayout::kChar, options.deadline);
      if (!read.ok()) return read.status();
      std::u32string got;
      for (const OcrWord& r : *read) {
        for (char32_t c : utf8::Decode(r.text)) {
          if (c < 0x80 && !std::isalnum(static_cast<int>(c))) continue;  // 「び.」
          got += c;
        }
      }
      if (got.size() != 1 || kana::VoicingMark(got[0]) == 0) continue;
      const char32_t voiced = kana::Voiced(cps[i], kana::VoicingMark(got[0]) == 2);
      if (voiced == 0) continue;
      cps[i] = voiced;
      word_changed = true;
    }
    if (word_changed) {
      w.text = utf8::Encode(cps);
      changed = true;
    }
  }
  if (changed) cell.raw_text = JoinText(cell.words);
  return changed;
}

int DigitValue(char32_t c) { return c >= 0xFF10 ? static_cast<int>(c - 0xFF10) : c - '0'; }

struct SecondLook {
  std::string text;
  std::vector<std::string> alternatives;  // text with one digit changed, most confident first
};

// The second reading of a number cell: every number of the first reading (an optional sign, then
// digits) is read again from a crop of it alone (when that gives fewer digits than the first
// reading: with the glyph on each side, kept when it gives more), scaled by options.second_scale;
// the signs and digits read replace the first reading's in a copy of the cell's words. The text is
// joined like raw_text, so the two differ only where the readings disagree about a number (a number
// the second look cannot read becomes empty). Each other digit the recognizer considered for a
// digit read (confidence at least options.alternative_min_confidence) gives an alternative text.
Result<SecondLook> SecondReading(const Cell& cell, const GrayImage& image, OcrEngine& engine,
                                 const OcrOptions& options) {
  const double k = image.dpi / 72.0;
  const Box inner{cell.box.x0 + options.cell_inset, cell.box.y0 + options.cell_inset,
                  cell.box.x1 - options.cell_inset, cell.box.y1 - options.cell_inset};
  const bool choices = options.alternative_min_confidence <= 1.0 && options.max_alternatives > 0;
  // A digit of the second reading that another could replace: its word, its place in the word's
  // new text, the other digit and its confidence.
  struct Site {
    size_t word, at;
    char32_t digit;
    double confidence;
  };
  std::vector<Site> sites;
  std::vector<Word> words = cell.words;
  for (Word& w : words) {
    const std::u32string cps = utf8::Decode(w.text);
    if (w.glyphs.size() != cps.size()) continue;
    std::u32string out;
    size_t i = 0;
    while (i < cps.size()) {
      const bool starts =
          IsDigit(cps[i]) || (IsSign(cps[i]) && i + 1 < cps.size() && IsDigit(cps[i + 1]));
      if (!starts) {
        out.push_back(cps[i++]);
        continue;
      }
      size_t j = i + 1;
      while (j < cps.size() && (IsDigit(cps[j]) || cps[j] == ',')) ++j;
      Box run = w.glyphs[i];
      for (size_t g = i; g < j; ++g) run = run.Union(w.glyphs[g]);
      // The glyph on each side of the number on the same line, and whether it may pass for a
      // digit (SafeNeighbour): Tesseract's glyph boxes can lie a glyph's width off, so a crop
      // cut at them may hold too little of the number (「名」 read for 「2名」); a second try
      // takes in the neighbours that cannot pass for digits.
      const Word& own = cell.words[static_cast<size_t>(&w - words.data())];
      const Box* before = nullptr;
      const Box* after = nullptr;
      bool before_digit = false, after_digit = false;
      for (const Word& o : cell.words) {
        const std::u32string ocps = utf8::Decode(o.text);
        for (size_t g = 0; g < o.glyphs.size(); ++g) {
          const Box& b = o.glyphs[g];
          if (&o == &own && g >= i && g < j) continue;
          if (b.y1 <= run.y0 || b.y0 >= run.y1) continue;
          // "digit" here: a neighbour the crop must not take in.
          const bool digit = o.glyphs.size() != ocps.size() || !SafeNeighbour(ocps[g]);
          if (b.cx() < run.cx() && (!before || b.cx() > before->cx())) {
            before = &b;
            before_digit = digit;
          }
          if (b.cx() > run.cx() && (!after || b.cx() < after->cx())) {
            after = &b;
            after_digit = digit;
          }
        }
      }
      // First the number alone (its crop stops at its neighbours' edges), an independent look;
      // when that reads fewer digits, with the neighbours that cannot pass for digits taken in.
      // What a look at the number gives: the digits read, and per digit the other digits the
      // recognizer considered and whether 0 was among its choices at any confidence.
      struct NumberLook {
        std::u32string digits;
        std::vector<std::vector<std::pair<char32_t, double>>> others;
        std::vector<bool> zero_listed;
      };
      auto read_between = [&](double left, double right, double scale) -> Result<NumberLook> {
        NumberLook look;
        const Box crop{left, std::max(inner.y0, run.y0 - 0.2 * run.height()), right,
                       std::min(inner.y1, run.y1 + 0.2 * run.height())};
        const PixelBox px = WidenToBlankColumns(
            image,
            PixelBox{static_cast<int>(crop.x0 * k), static_cast<int>(crop.y0 * k),
                     static_cast<int>(std::ceil(crop.x1 * k)),
                     static_cast<int>(std::ceil(crop.y1 * k))},
            PixelBox{static_cast<int>(inner.x0 * k), 0, static_cast<int>(inner.x1 * k), 0},
            static_cast<int>(run.height() * k));
        const GrayImage cut = CropGray(image, px);
        GrayImage piece = ScaleGray(cut, scale);
        if (piece.width < 2 || piece.height < 2) return look;
        piece = PadWhite(piece, piece.height / 2);
        engine.SetImage(piece);
        Result<std::vector<OcrWord>> read = engine.Read(
            PixelBox{0, 0, piece.width, piece.height}, OcrLayout::kLine, options.deadline, choices);
        if (!read.ok()) return read.status();
        // Its digits, and a sign or comma only right before a digit (glyphs taken in around
        // the number are not part of it: 「数:2名」 gives 2).
        std::u32string got;
        std::vector<const std::vector<OcrChoice>*> got_choices;
        for (const OcrWord& r : *read) {
          const std::u32string cps = utf8::Decode(r.text);
          got += cps;
          for (size_t g = 0; g < cps.size(); ++g) {
            got_choices.push_back(g < r.choices.size() ? &r.choices[g] : nullptr);
          }
        }
        // A ▲ read as the number's first digit (a second digit follows) is a sign.
        const size_t lead = static_cast<size_t>(
            std::find_if(got.begin(), got.end(), [](char32_t c) { return IsDigit(c); }) -
            got.begin());
        if (lead + 1 < got.size() && IsDigit(got[lead + 1]) &&
            (lead == 0 || !IsSign(got[lead - 1])) && StartsWithFilledTriangle(cut)) {
          got[lead] = 0x25B2;
        }
        for (size_t g = 0; g < got.size(); ++g) {
          const bool next_digit = g + 1 < got.size() && IsDigit(got[g + 1]);
          if (!(IsDigit(got[g]) || ((IsSign(got[g]) || got[g] == ',') && next_digit))) continue;
          look.digits.push_back(got[g]);
          look.others.emplace_back();
          look.zero_listed.push_back(false);
          if (!IsDigit(got[g]) || !got_choices[g]) continue;
          for (const OcrChoice& c : *got_choices[g]) {
            const std::u32string alt = utf8::Decode(c.text);
            if (alt.size() == 1 && IsDigit(alt[0]) && DigitValue(alt[0]) == 0) {
              look.zero_listed.back() = true;
            }
            if (alt.size() != 1 || !IsDigit(alt[0]) || DigitValue(alt[0]) == DigitValue(got[g]) ||
                c.confidence < options.alternative_min_confidence) {
              continue;
            }
            std::vector<std::pair<char32_t, double>>& mine = look.others.back();
            const bool seen = std::any_of(mine.begin(), mine.end(), [&](const auto& o) {
              return DigitValue(o.first) == DigitValue(alt[0]);
            });
            if (!seen) mine.push_back({alt[0], c.confidence});
          }
        }
        return look;
      };
      const std::u32string first = cps.substr(i, j - i);
      auto count_digits = [](const std::u32string& t) {
        return std::count_if(t.begin(), t.end(), [](char32_t c) { return IsDigit(c); });
      };
      const auto first_digits = count_digits(first);
      const double tight_left = std::max(inner.x0, before ? std::min(before->x1, run.x0) : 0.0);
      const double tight_right = std::min(inner.x1, after ? std::max(after->x0, run.x1) : inner.x1);
      // With the neighbours that cannot pass for digits taken in.
      const double wide_left =
          before && !before_digit ? std::max(inner.x0, before->x0) : tight_left;
      const double wide_right = after && !after_digit ? std::min(inner.x1, after->x1) : tight_right;
      Result<NumberLook> look = read_between(tight_left, tight_right, options.second_scale);
      if (!look.ok()) return look.status();
      // Again with the neighbours taken in when the number alone gave fewer digits than the
      // first reading: none, or one of 「１１」 (a crop cut at a glyph box that lies).
      const bool wider = (before && !before_digit) || (after && !after_digit);
      if (wider && count_digits(look->digits) < first_digits) {
        Result<NumberLook> with = read_between(wide_left, wide_right, options.second_scale);
        if (!with.ok()) return with.status();
        if (count_digits(with->digits) > count_digits(look->digits)) look = std::move(with);
      }
      // A number whose glyph box is wide for the digits read (「40回」 read 「4回」, the 0 gone in
      // both readings): again at the other scales, kept when one reads more digits.
      if (options.lost_digit_width > 0 && count_digits(look->digits) <= first_digits &&
          run.width() >= options.lost_digit_width * run.height() * first_digits) {
        for (double scale : options.lost_digit_scales) {
          Result<NumberLook> again = read_between(tight_left, tight_right, scale);
          if (!again.ok()) return again.status();
          if (count_digits(again->digits) > first_digits) {
            look = std::move(again);
            break;
          }
        }
      }
      // A 6, 8 or 9 that both readings agree on, whose recognizer listed 0 among its choices
      // (the slashed 0 of IPAGothic): read again at zero_check_scale, alone, then (when that
      // gives no 0) with the neighbours taken in; a 0 read there is an alternative (fields/ tries
      // it only where a rule fails).
      auto same_digits = [](const std::u32string& a, const std::u32string& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char32_t x, char32_t y) {
          return IsDigit(x) && IsDigit(y) ? DigitValue(x) == DigitValue(y) : x == y;
        });
      };
      const std::u32string& read = look->digits;
      auto suspect = [&](size_t d) {
        return look->zero_listed[d] && IsDigit(read[d]) &&
               (DigitValue(read[d]) == 6 || DigitValue(read[d]) == 8 || DigitValue(read[d]) == 9);
      };
      bool suspects = false;
      for (size_t d = 0; d < read.size(); ++d) suspects = suspects || suspect(d);
      if (options.zero_check_scale > 0 && same_digits(read, first) && suspects) {
        std::vector<std::pair<double, double>> crops{{tight_left, tight_right}};
        if (wide_left != tight_left || wide_right != tight_right) {
          crops.push_back({wide_left, wide_right});
        }
        for (const auto& [from, to] : crops) {
          Result<NumberLook> again = read_between(from, to, options.zero_check_scale);
          if (!again.ok()) return again.status();
          if (again->digits.size() != read.size()) continue;
          bool found = false;
          for (size_t d = 0; d < read.size(); ++d) {
            std::vector<std::pair<char32_t, double>>& mine = look->others[d];
            const bool known = std::any_of(mine.begin(), mine.end(),
                                           [](const auto& o) { return DigitValue(o.first) == 0; });
            if (suspect(d) && !known && IsDigit(again->digits[d]) &&
                DigitValue(again->digits[d]) == 0) {
              mine.push_back({U'0', options.alternative_min_confidence});
              found = true;
            }
          }
          if (found) break;
        }
      }
      for (size_t d = 0; d < look->others.size(); ++d) {
        for (const auto& [digit, confidence] : look->others[d]) {
          sites.push_back(
              {static_cast<size_t>(&w - words.data()), out.size() + d, digit, confidence});
        }
      }
      out += look->digits;
      i = j;
    }
    w.text = utf8::Encode(out);
    w.glyphs.clear();
  }
  SecondLook look;
  std::stable_sort(sites.begin(), sites.end(),
                   [](const Site& a, const Site& b) { return a.confidence > b.confidence; });
  if (sites.size() > static_cast<size_t>(std::max(0, options.max_alternatives))) {
    sites.resize(static_cast<size_t>(std::max(0, options.max_alternatives)));
  }
  for (const Site& site : sites) {
    std::vector<Word> changed = words;
    std::u32string text = utf8::Decode(changed[site.word].text);
    text[site.at] = site.digit;
    changed[site.word].text = utf8::Encode(text);
    look.alternatives.push_back(JoinText(std::move(changed)));
  }
  look.text = JoinText(std::move(words));
  return look;
}

// Runs of ink on a line `read` found, before the first word of that line, at least `min_chars`
// full-width characters wide (times the line's height) with `min_ink` dark pixels: the
// start of a line Tesseract dropped (it reads 「合計回数:26回(うち往診:6回、…」 of a G4 scan
// from 「ち」 on). Ink within a quarter of the line's height of a word is the word's (its box
// may be a little short); runs closer than the line's height join. Narrower runs, and ink after
// a line's words, are left alone: glyph boxes lie by a character's width or so, and on the bench
// scans reading those again broke more values than it brought back.
std::vector<PixelBox> UnreadRuns(const GrayImage& image, const PixelBox& box,
                                 const std::vector<OcrWord>& read, int min_chars, int min_ink) {
  std::vector<PixelBox> out;
  if (min_chars <= 0) return out;
  const int x0 = std::max(0, box.x0), x1 = std::min(image.width, box.x1);
  std::vector<PixelBox> lines;
  for (const OcrWord& w : read) {
    if (w.line.height() <= 0) continue;
    const bool seen = std::any_of(lines.begin(), lines.end(), [&](const PixelBox& l) {
      return l.y0 == w.line.y0 && l.y1 == w.line.y1;
    });
    if (!seen) lines.push_back(w.line);
  }
  for (const PixelBox& line : lines) {
    const int y0 = std::max({0, box.y0, line.y0}), y1 = std::min({image.height, box.y1, line.y1});
    const int h = line.height(), margin = std::max(1, h / 4);
    if (y1 <= y0 || x1 <= x0) continue;
    // Where the first word on these rows starts: of any line (Tesseract may split a printed line
    // into lines that overlap). Only the ink before it is counted.
    int first = x1;
    for (const OcrWord& w : read) {
      const PixelBox& b = w.line.height() > 0 ? w.line : w.box;
      const int overlap = std::min(b.y1, line.y1) - std::max(b.y0, line.y0);
      if (2 * overlap < std::min(b.height(), line.height())) continue;
      first = std::min(first, w.box.x0 - margin);
    }
    std::vector<int> ink(static_cast<size_t>(x1 - x0), 0);
    const int end = std::clamp(first, x0, x1);
    for (int y = y0; y < y1; ++y) {
      const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
      for (int x = x0; x < end; ++x) ink[x - x0] += row[x] < 128;
    }
    int start = -1, last = -1, sum = 0;
    auto close = [&] {
      if (start >= 0 && last + 1 - start >= min_chars * h && sum >= min_ink) {
        out.push_back(PixelBox{x0 + start, y0, x0 + last + 1, y1});
      }
      start = -1;
      sum = 0;
    };
    for (int i = 0; i < x1 - x0; ++i) {
      if (ink[i] == 0) continue;
      if (start >= 0 && i - last > h) close();
      if (start < 0) start = i;
      last = i;
      sum += ink[i];
    }
    close();
  }
  return out;
}

// Bands of `box` in `image` whose rows have ink but lie outside every line `read` found: lines
// Tesseract dropped (it reads a two-line header cell 「医療機関名 / ※医療機関ごとに記載」 as its
// second line alone). A row counts when it has at least 3 dark pixels; rows closer than
// `min_height` / 2 join; a band must be `min_height` tall and hold `min_ink` dark pixels.
std::vector<PixelBox> UnreadBands(const GrayImage& image, const PixelBox& box,
                                  const std::vector<OcrWord>& read, int min_height, int min_ink) {
  const int y0 = std::max(0, box.y0), y1 = std::min(image.height, box.y1);
  const int x0 = std::max(0, box.x0), x1 = std::min(image.width, box.x1);
  std::vector<PixelBox> out;
  if (y1 <= y0 || x1 <= x0) return out;
  std::vector<int> ink(static_cast<size_t>(y1 - y0), 0);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
    for (int x = x0; x < x1; ++x) ink[y - y0] += row[x] < 128;
  }
  const int margin = std::max(1, min_height / 4);
  for (const OcrWord& w : read) {
    const PixelBox& b = w.line.height() > 0 ? w.line : w.box;
    for (int y = std::max(y0, b.y0 - margin); y < std::min(y1, b.y1 + margin); ++y) ink[y - y0] = 0;
  }
  int start = -1, last = -1, sum = 0;
  // A band is cut to its ink: Tesseract reads nothing from a short line in a wide white strip.
  auto close = [&] {
    if (start >= 0 && last + 1 - start >= min_height && sum >= min_ink) {
      int left = x1, right = x0;
      for (int y = y0 + start; y <= y0 + last; ++y) {
        const uint8_t* row = image.pixels.data() + static_cast<size_t>(y) * image.width;
        for (int x = x0; x < x1; ++x) {
          if (row[x] < 128) {
            left = std::min(left, x);
            right = std::max(right, x + 1);
          }
        }
      }
      out.push_back(PixelBox{left, y0 + start, right, y0 + last + 1});
    }
    start = -1;
    sum = 0;
  };
  for (int i = 0; i < y1 - y0; ++i) {
    if (ink[i] < 3) continue;
    if (start >= 0 && i - last > min_height / 2) close();
    if (start < 0) start = i;
    last = i;
    sum += ink[i];
  }
  close();
  return out;
}

// Reads the text outside tables of `rest` (tables painted white) band by band: rows with ink,
// joined across gaps smaller than a line, each read as a block.
Result<std::vector<Word>> ReadBands(OcrEngine& engine, const GrayImage& rest,
                                    const OcrOptions& options) {
  std::vector<int> ink_rows(rest.height, 0);
  for (int y = 0; y < rest.height; ++y) {
    const uint8_t* row = rest.pixels.data() + static_cast<size_t>(y) * rest.width;
    for (int x = 0; x < rest.width; ++x) ink_rows[y] += row[x] < 128;
  }
  const int gap = static_cast<int>(4 * rest.dpi / 72);  // 4 points: less than a line
  const int pad = static_cast<int>(2 * rest.dpi / 72);
  std::vector<Word> out;
  int y = 0;
  while (y < rest.height) {
    if (ink_rows[y] == 0) {
      ++y;
      continue;
    }
    int y1 = y, last = y;
    long long ink = 0;
    while (y1 < rest.height && y1 - last <= gap) {
      if (ink_rows[y1] > 0) {
        last = y1;
        ink += ink_rows[y1];
      }
      ++y1;
    }
    const PixelBox band{0, std::max(0, y - pad), rest.width, std::min(rest.height, last + 1 + pad)};
    y = last + 1;
    if (ink < options.min_ink_pixels || last + 1 - band.y0 < 4) continue;
    // Read from a copy of the band: a full-width rectangle of the whole page read badly.
    GrayImage strip = CropGray(rest, band);
    engine.SetImage(strip);
    Result<std::vector<OcrWord>> read =
        engine.Read(PixelBox{0, 0, strip.width, strip.height}, OcrLayout::kBlock, options.deadline);
    if (!read.ok()) return read.status();
    for (Word& w : ToWords(*read, rest.dpi, 1.0, 0, band.y0)) out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

Status WithContext(const std::string& where, const Status& status) {
  const std::string msg = where + ": " + status.message();
  switch (status.code()) {
    case Status::Code::kOk:
      return status;
    case Status::Code::kNotFound:
      return Status::NotFound(msg);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(msg);
    case Status::Code::kNotSupported:
      return Status::NotSupported(msg);
    case Status::Code::kCorruption:
      return Status::Corruption(msg);
    case Status::Code::kPermissionDenied:
      return Status::PermissionDenied(msg);
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(msg);
    case Status::Code::kIOError:
      return Status::IOError(msg);
    case Status::Code::kInternal:
      return Status::Internal(msg);
  }
  return Status::Internal(msg);
}

RulingOptions ScanRulingOptions() {
  RulingOptions o;
  o.grid.snap = 4;
  o.grid.reach = 3;
  return o;
}

namespace {

// Runs jobs 0..n-1, each with one of `engines`, on as many threads as there are engines (this
// thread is the first). Returns the first failure; after one, no new job starts.
Status RunJobs(int n, const std::vector<OcrEngine*>& engines,
               const std::function<Status(int job, OcrEngine& engine)>& run) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::vector<Status> errors(engines.size());
  auto work = [&](size_t e) {
    for (int j = next++; j < n && !failed; j = next++) {
      Status s = run(j, *engines[e]);
      if (!s.ok()) {
        errors[e] = std::move(s);
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  const size_t used = std::min(engines.size(), static_cast<size_t>(std::max(n, 1)));
  for (size_t e = 1; e < used; ++e) threads.emplace_back(work, e);
  work(0);
  for (std::thread& t : threads) t.join();
  for (Status& s : errors) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// Reads a cleaned page. With `probe` > 0 it stops after that many cells with words (or after the
// whole page when there are no tables) when their mean confidence is below `min_confidence`, and
// sets *doubtful: the page may be turned. The probe is read by the first engine alone; the rest
// of the page is shared out among `engines`, a thread each: the text outside the tables is one
// job (the longest, so it starts first), each cell another, each number cell's second look
// another. What a job reads goes into its own slot, so the page comes out the same whatever the
// number of engines.
Result<Page> ReadClean(const CleanPage& clean, const std::vector<OcrEngine*>& engines,
                       const OcrOptions& options, int probe, bool* doubtful) {
  const GrayImage& text = clean.text;
  const double dpi = text.dpi;
  *doubtful = false;
  OcrEngine& first = *engines.front();

  Page page;
  page.method = PageMethod::kOcr;
  page.width = text.width * 72.0 / dpi;
  page.height = text.height * 72.0 / dpi;
  page.tables = FindTables(clean.gray, options.ruling);

  // The cells with ink, in table order.
  std::vector<PixelBox> boxes;
  for (const Table& t : page.tables) {
    for (const Cell& c : t.cells) {
      const PixelBox box = ToPixels(c.box, dpi, options.cell_inset);
      if (box.width() < 4 || box.height() < 4) continue;
      if (CountInk(text, box, 128) < options.min_ink_pixels) continue;
      boxes.push_back(box);
    }
  }
  // A cell is read as it is; one with ink but nothing read is tried again at half scale.
  std::vector<std::vector<Word>> cell_words(boxes.size());
  // Whether an engine holds `text` (giving it the page again costs a copy of the page). Each
  // engine's entry is written only by the thread using it.
  std::map<const OcrEngine*, bool> holds_text;
  for (const OcrEngine* e : engines) holds_text[e] = false;
  auto read_cell = [&](size_t i, OcrEngine& engine, std::vector<OcrWord>* read_out) -> Status {
    bool& holds = holds_text.at(&engine);
    if (!holds) engine.SetImage(text);
    holds = true;
    Result<std::vector<OcrWord>> read = engine.Read(boxes[i], OcrLayout::kBlock, options.deadline);
    if (!read.ok()) return read.status();
    if (read->empty()) {
      holds = false;
      Result<std::vector<Word>> words = ReadScaled(engine, text, boxes[i], 0.5, options);
      if (!words.ok()) return words.status();
      cell_words[i] = std::move(words).value();
      return Status::Ok();
    }
    if (read_out != nullptr) *read_out = *read;
    // A word Tesseract gave up on: the cell again at half scale, taken when it reads surer.
    auto least = [](const auto& words) {
      double low = 1.0;
      for (const auto& w : words) low = std::min(low, w.confidence);
      return low;
    };
    if (least(*read) < options.garbled_word_confidence) {
      holds = false;
      Result<std::vector<Word>> words = ReadScaled(engine, text, boxes[i], 0.5, options);
      if (!words.ok()) return words.status();
      if (!words->empty() && least(*words) > least(*read)) {
        cell_words[i] = std::move(words).value();
        return Status::Ok();
      }
    }
    cell_words[i] = ToWords(*read, dpi, 1.0, 0, 0);
    // Lines the reading dropped, and the starts or ends of lines it dropped, are read on their
    // own (half scale when that reads nothing).
    const int min_height = static_cast<int>(std::lround(options.min_lost_line_points * dpi / 72));
    std::vector<PixelBox> unread =
        UnreadBands(text, boxes[i], *read, min_height, 4 * options.min_ink_pixels);
    for (const PixelBox& run : UnreadRuns(text, boxes[i], *read, options.min_lost_start_chars,
                                          4 * options.min_ink_pixels)) {
      unread.push_back(run);
    }
    for (const PixelBox& band : unread) {
      // The band alone, in a white margin: rows around it may hold the tops of the next line.
      holds = false;
      for (double scale : {1.0, 0.5}) {
        Result<std::vector<Word>> words =
            ReadScaled(engine, text, band, scale, options, static_cast<int>(min_height * scale));
        if (!words.ok()) return words.status();
        if (words->empty()) continue;
        for (Word& w : *words) cell_words[i].push_back(std::move(w));
        break;
      }
    }
    return Status::Ok();
  };

  // The probe: the first cells with words, read one by one by the first engine.
  size_t probed = 0;
  if (probe > 0 && !boxes.empty()) {
    double conf_sum = 0;
    int conf_n = 0, cells_read = 0;
    for (; probed < boxes.size() && cells_read < probe; ++probed) {
      std::vector<OcrWord> read;
      if (Status s = read_cell(probed, first, &read); !s.ok()) return s;
      if (read.empty()) continue;
      for (const OcrWord& w : read) {
        conf_sum += w.confidence;
        ++conf_n;
      }
      ++cells_read;
    }
    if (cells_read == probe && conf_sum < options.min_upright_confidence * conf_n) {
      *doubtful = true;
      return page;
    }
  }

  // Text outside tables: the page with its tables painted white, read band by band.
  GrayImage rest = clean.gray;
  for (const Table& t : page.tables) {
    const PixelBox b = ToPixels(t.box, dpi, -2);
    for (int y = std::max(0, b.y0); y < std::min(rest.height, b.y1); ++y) {
      uint8_t* row = rest.pixels.data() + static_cast<size_t>(y) * rest.width;
      std::fill(row + std::max(0, b.x0), row + std::min(rest.width, b.x1), 255);
    }
  }
  std::vector<Word> outside;
  if (page.tables.empty()) {
    // A page without tables: read whole, with automatic layout (and probed, when asked).
    if (CountInk(rest, PixelBox{0, 0, rest.width, rest.height}, 128) >= options.min_ink_pixels) {
      first.SetImage(rest);
      holds_text.at(&first) = false;
      Result<std::vector<OcrWord>> read =
          first.Read(PixelBox{0, 0, rest.width, rest.height}, OcrLayout::kAuto, options.deadline);
      if (!read.ok()) return read.status();
      if (probe > 0) {
        double conf_sum = 0;
        for (const OcrWord& w : *read) conf_sum += w.confidence;
        if (read->empty() || conf_sum < options.min_upright_confidence * read->size()) {
          *doubtful = true;
          return page;
        }
      }
      outside = ToWords(*read, dpi, 1.0, 0, 0);
    }
  } else {
    // Job 0: the bands outside the tables; jobs 1..: the cells not probed.
    const int jobs = 1 + static_cast<int>(boxes.size() - probed);
    Status s = RunJobs(jobs, engines, [&](int job, OcrEngine& engine) -> Status {
      if (job == 0) {
        holds_text.at(&engine) = false;
        Result<std::vector<Word>> words = ReadBands(engine, rest, options);
        if (!words.ok()) return words.status();
        outside = std::move(words).value();
        return Status::Ok();
      }
      return read_cell(probed + static_cast<size_t>(job - 1), engine, nullptr);
    });
    if (!s.ok()) return s;
  }
  for (std::vector<Word>& words : cell_words) {
    for (Word& w : words) page.words.push_back(std::move(w));
  }
  for (Word& w : outside) page.words.push_back(std::move(w));

  SortReadingOrder(page.words);
  PlaceWords(page);

  // The second look at every number cell, and at every label cell (the whole cell at
  // options.label_second_scale).
  if (options.second_reading) {
    std::vector<Cell*> numbers, labels;
    for (Table& t : page.tables) {
      for (Cell& c : t.cells) {
        if (IsNumberCell(c.raw_text, options.second_reading_max_chars)) {
          numbers.push_back(&c);
        } else if (options.label_second_scale > 0 &&
                   IsLabelCell(c, options.label_min_chars, options.label_max_chars)) {
          labels.push_back(&c);
        }
      }
    }
    const int n_numbers = static_cast<int>(numbers.size());
    Status s = RunJobs(n_numbers + static_cast<int>(labels.size()), engines,
                       [&](int job, OcrEngine& engine) -> Status {
                         if (job >= n_numbers) {
                           Cell& c = *labels[static_cast<size_t>(job - n_numbers)];
                           if (options.voicing_check) {
                             Result<bool> voiced = CheckVoicing(c, text, engine, options);
                             if (!voiced.ok()) return voiced.status();
                           }
                           Result<std::vector<Word>> words =
                               ReadScaled(engine, text, ToPixels(c.box, dpi, options.cell_inset),
                                          options.label_second_scale, options);
                           if (!words.ok()) return words.status();
                           c.second_raw_text = JoinText(std::move(words).value());
                           return Status::Ok();
                         }
                         Cell& c = *numbers[static_cast<size_t>(job)];
                         Result<SecondLook> second = SecondReading(c, text, engine, options);
                         if (!second.ok()) return second.status();
                         c.second_raw_text = std::move(second->text);
                         c.alternative_raw_texts = std::move(second->alternatives);
                         return Status::Ok();
                       });
    if (!s.ok()) return s;
  }
  return page;
}

}  // namespace

Result<Page> OcrPageImage(const GrayImage& image, OcrEnginePool& engines,
                          const OcrOptions& options) {
  Result<std::vector<OcrEngine*>> taken = engines.Take(options.cell_threads);
  if (!taken.ok()) return taken.status();
  Result<CleanPage> clean = CleanPageImage(image, options.preprocess);
  if (!clean.ok()) return clean.status();
  const bool orient = options.preprocess.orientation;
  bool doubtful = false;
  Result<Page> page =
      ReadClean(*clean, *taken, options, orient ? options.upright_probe_cells : 0, &doubtful);
  if (!page.ok() || !doubtful) return page;

  // The first cells read badly: ask Tesseract which way is up, turn the page and read it again.
  Result<int> turns = DetectTurns(clean->gray, *taken->front(), options.preprocess);
  if (turns.ok() && *turns != 0) {
    clean = CleanPageImage(TurnGray(image, *turns), options.preprocess);
    if (!clean.ok()) return clean.status();
  }
  return ReadClean(*clean, *taken, options, 0, &doubtful);
}

}  // namespace tsuzuri
