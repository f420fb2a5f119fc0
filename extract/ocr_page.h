// OCR of one page image into the page model (extract/). The image is cleaned (preprocess.h),
// its ruled tables found with the ruling finder tuned for scans, and every cell with ink read on
// its own (Tesseract PSM 6 on the cleaned grey image with ruling lines painted white); a cell with
// ink but no text read, or with a word Tesseract gave up on, is tried again at half scale, and ink
// outside what was read (lost lines, lost starts of lines) is read on its own. Words keep a box
// per glyph and Tesseract's
// word confidence, in points (pixels * 72 / dpi of the cleaned image), so PlaceWords puts them
// into cells as it does for a text layer. Every cell whose text has a digit is read a second
// time (each number cropped alone, at another scale) into Cell::second_raw_text, with the other
// digits the recognizer considered into Cell::alternative_raw_texts, and so is every
// short label cell below a table's top row (whole, at half scale): fields/ compares the two
// readings. Text outside tables (titles, headings, notes) is read band by band
// on the page with its tables painted white; a page without tables is read whole with automatic
// layout (PSM 3).
//
// Whole-page OCR of the tables themselves is never used: ruling lines and neighbouring cells
// interleave (docs/ocr.md).
// Thread safety: free functions; the engines belong to the calling thread (which may lend them to
// threads of its own for the duration of a call).
#ifndef TSUZURI_EXTRACT_OCR_PAGE_H_
#define TSUZURI_EXTRACT_OCR_PAGE_H_

#include <chrono>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "extract/image.h"
#include "extract/ocr_engine.h"
#include "extract/preprocess.h"
#include "extract/ruling.h"

namespace tsuzuri {

// The ruling finder's options for scans: grid lines snap from further apart (a residual skew of
// a tenth of a degree moves a line by a few pixels across a page). The rest is as for a render.
RulingOptions ScanRulingOptions();

struct OcrOptions {
  // Read pages without a usable text layer (image files; PDF pages whose text layer is empty or
  // garbage) with OCR. Off, an image file is refused and such PDF pages keep their (empty or
  // garbage) words. Default: true.
  bool enabled = true;
  // Resolution at which a PDF page is rendered for OCR (dpi). Default: 300.
  double dpi = 300;
  // A page image with more pixels (as stored, or as rendered at `dpi`) is refused with
  // ResourceExhausted before it is decoded. Default: 100 million (A4 at 300 dpi is 8.7 million;
  // A0 at 300 dpi about 140 million; a 20000 x 20000 decompression bomb 400 million).
  long long max_pixels = 100'000'000;
  OcrEngineOptions engine;
  PreprocessOptions preprocess;
  RulingOptions ruling = ScanRulingOptions();
  // A cell is read this far inside its ruling lines (points). Default: 0.75.
  double cell_inset = 0.75;
  // A cell with fewer dark pixels (at preprocess.dpi) is empty and not read. Default: 15.
  int min_ink_pixels = 15;
  // A cell whose reading has a word below this confidence (0..1) is read again whole at half
  // scale, and that reading is taken when its least sure word is surer. Tesseract sometimes takes
  // a cell's two lines for one and gives up on part of it (「合計回数:20回(う」 read 「ーー」 with
  // confidence 0 on a G4 scan); at half scale it finds both lines. Default: 0.1 (0 turns it off).
  double garbled_word_confidence = 0.1;
  // Ink of a cell outside every line its reading found, in a band at least this tall (points)
  // with 4 * min_ink_pixels dark pixels, is a line Tesseract dropped: the band is read on its
  // own. Default: 4 (the smallest print on these forms is about 7 points tall).
  double min_lost_line_points = 4;
  // Ink before the first word of a line read, at least this many full-width characters wide
  // (the line's height each), is the start of the line Tesseract dropped: it is read on its own.
  // Default: 3 (glyph boxes lie by about a character; narrower runs read again doubled digits).
  // 0 turns it off.
  int min_lost_start_chars = 3;
  // Read every number cell (a digit, at most second_reading_max_chars characters) a second time.
  // Default: true, 60 characters (「合計回数:291回(うち往診:31回、訪問診療:260回)」 is 30).
  bool second_reading = true;
  int second_reading_max_chars = 60;
  // Scale of the second reading, relative to preprocess.dpi. Default: 0.67 (300 -> 200 dpi).
  double second_scale = 0.67;
  // A number of the first reading whose glyph box is at least lost_digit_width times its
  // height per digit (a digit lost: 「40回」 read 「4回」) and whose second reading gives no more
  // digits is read again at each of lost_digit_scales in turn; the first reading with more
  // digits than the first reading's is the second reading. Defaults: 1.9 (one digit's box is
  // 0.5-1.5 line heights wide), 1.0 and 1.5. 0 turns it off.
  double lost_digit_width = 1.9;
  std::vector<double> lost_digit_scales = {1.0, 1.5};
  // The second reading also asks the recognizer which other digits it considered for each digit
  // read; those with at least this confidence make the cell's alternative texts
  // (Cell::alternative_raw_texts: the second reading with one digit changed), which validation
  // tries where the two readings disagree (docs/ocr.md). Above 1: none. Default: 0.1 (the 0 that
  // Tesseract reads as 9 or 6 on the bench scans comes with confidence 0.14-0.9).
  double alternative_min_confidence = 0.1;
  // A 6, 8 or 9 that both readings agree on, whose recognizer listed 0 among its choices at any
  // confidence, is read again at this scale (alone, then with its neighbours when that gives no
  // 0); a 0 read there gives an alternative text too.
  // Default: 1.25 (measured in docs/ocr.md). 0 turns it off.
  double zero_check_scale = 1.25;
  // At most this many alternative texts per cell (the most confident first). Default: 8.
  int max_alternatives = 8;
  // With second_reading, every label cell (below a table's top row, no digit, between
  // label_min_chars and label_max_chars characters: an institution's or a metric's name) is read
  // a second time, whole, at label_second_scale (0 turns it off). Defaults: 3, 24, 0.5: at 150 dpi
  // Tesseract reads the names OCR misreads at 300 dpi differently (measured in docs/ocr.md).
  int label_min_chars = 3, label_max_chars = 24;
  double label_second_scale = 0.5;
  // With second_reading, the voicing check of every label cell's first reading: a kana without
  // a voicing mark that could carry one, with small ink at its upper right, is read again alone;
  // when that reads it with a mark, the mark is added (「こもれひ」 becomes 「こもれび」;
  // docs/ocr.md). Default: true.
  bool voicing_check = true;
  // When preprocess.orientation is on, the mean word confidence of the first
  // `upright_probe_cells` cells read (or of a page without tables) below `min_upright_confidence`
  // makes Tesseract's orientation detection run; a page it finds turned is turned and read again.
  // Defaults: 4 cells, 0.6 (upright cells score about 0.9, upside-down ones about 0.3).
  int upright_probe_cells = 4;
  double min_upright_confidence = 0.6;
  // Engines (threads) that read one page together: its cells, the text outside its tables and
  // the second looks are shared out among them. ExtractFile gives a document's workers the cores
  // its pages leave free (a one-page scan with --jobs 2: two). Default: 1.
  int cell_threads = 1;
  // Recognition stops with ResourceExhausted after this moment. Set by ExtractFile from its
  // per-document time limit. Default: no limit.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// `status` with its message prefixed by `where` ("scan.tif: page 2: ..."), same code.
Status WithContext(const std::string& where, const Status& status);

// Reads `image` (its `dpi` set, see GuessDpi) with options.cell_threads engines of `engines` (a
// thread each, this one the first), turned upright when it reads badly
// and Tesseract's orientation detection says it is turned: a Page with method kOcr, size in
// points, words, tables with cells filled, lines. `number`, `text_layer` and `rotation` are left
// for the caller. Fails with ResourceExhausted past options.deadline, or the engine's Status.
Result<Page> OcrPageImage(const GrayImage& image, OcrEnginePool& engines,
                          const OcrOptions& options);

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_OCR_PAGE_H_
