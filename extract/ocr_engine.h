// OcrEngine: the Tesseract wrapper (internal to extract/). One engine per worker thread,
// initialized once with its language and reused for every page and cell that worker reads; a
// second engine for orientation detection (Tesseract's "osd" model) is started on first use.
//
// Tesseract's types stay in ocr_engine.cc. Before the first engine starts, OMP_THREAD_LIMIT is set
// to 1 when the environment leaves it unset, and every thread that reads is told to use one OpenMP
// thread: OpenMP inside Tesseract is 3-5 times slower on these machines; pages are read in
// parallel by workers instead. Tesseract's messages (it prints warnings on stderr) are silenced;
// its failures come back as Statuses made in one place (TesseractError in the .cc).
//
// Thread safety: an engine is not thread-safe; open one per thread. Opening engines from several
// threads at once is safe.
#ifndef TSUZURI_EXTRACT_OCR_ENGINE_H_
#define TSUZURI_EXTRACT_OCR_ENGINE_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "extract/image.h"

namespace tsuzuri {

// A rectangle in pixels of the image given to SetImage: [x0, x1) x [y0, y1).
struct PixelBox {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

// Another character Tesseract's recognizer considered for a symbol, with its confidence 0..1.
struct OcrChoice {
  std::string text;
  double confidence = 0;
};

// A recognized word: its text (UTF-8), box, one box per code point when Tesseract gives its
// symbols, the box of its text line (Tesseract's line finding, which knows better than word
// boxes which line a word is on), and a confidence 0..1. When asked for (Read's `choices`),
// the other characters the recognizer considered, per code point (best first; none for a code
// point of a symbol of several).
struct OcrWord {
  std::string text;
  PixelBox box;
  std::vector<PixelBox> glyphs;
  PixelBox line;
  double confidence = 0;
  std::vector<std::vector<OcrChoice>> choices;
};

// How Tesseract segments what it is given.
enum class OcrLayout {
  kBlock,  // one uniform block of text (PSM 6): a table cell
  kLine,   // one line of text (PSM 7): a number read on its own
  kChar,   // one character (PSM 10): a kana checked for its voicing mark
  kAuto,   // automatic page layout (PSM 3): a page without tables
};

struct OcrEngineOptions {
  // Tesseract language(s). Default: "jpn".
  std::string language = "jpn";
  // Folder of the .traineddata files. Default: empty, Tesseract's own (TESSDATA_PREFIX or the
  // installed tessdata).
  std::string tessdata;
};

// Where the page's top is, as Tesseract's orientation detection sees it.
struct Orientation {
  int clockwise_turns = 0;  // quarter turns clockwise that put the page upright (0..3)
  double confidence = 0;    // Tesseract's orientation confidence; about 15 is sure
};

class OcrEngine {
 public:
  // Starts Tesseract with `options.language`. Fails with NotFound when the language data is
  // missing, IOError when Tesseract cannot start.
  static Result<std::unique_ptr<OcrEngine>> Open(const OcrEngineOptions& options = {});
  // How many engines this process has started (for tests of their reuse).
  static int StartedCount();
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // Gives the engine an image (copied) to read rectangles of; `image.dpi` is passed on.
  void SetImage(const GrayImage& image);

  // Reads `rect` of the current image (clipped to it). Words come in Tesseract's reading order,
  // boxes in pixels of the whole image; with `choices`, each word's OcrWord::choices too (the
  // LSTM's choices per character, lstm_choice_mode 2: about a fifth more time, so only for
  // small crops). Fails with ResourceExhausted when `deadline` passes during recognition,
  // InvalidArgument when no image was set.
  Result<std::vector<OcrWord>> Read(
      const PixelBox& rect, OcrLayout layout,
      std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
      bool choices = false);

  // The orientation of `image` (Tesseract OSD; the "osd" model is loaded on first use). Fails
  // with NotFound when the osd model is missing, InvalidArgument when the page has too little
  // text to tell.
  Result<Orientation> DetectOrientation(const GrayImage& image);

 private:
  struct Impl;
  explicit OcrEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The engines of one worker: the first reads its pages; more (OcrOptions::cell_threads) read a
// page's cells alongside it when the worker has cores to spare, each on a thread of its own.
// Engines are taken on first use and kept for the worker's next pages. When the pool goes (its
// document is read), its engines wait, process-wide, for the next pool with the same language
// and data: a batch of scans starts Tesseract once per worker, not once per document (≈ 0.1 s
// an engine).
class OcrEnginePool {
 public:
  explicit OcrEnginePool(OcrEngineOptions options) : options_(std::move(options)) {}
  ~OcrEnginePool();
  OcrEnginePool(const OcrEnginePool&) = delete;
  OcrEnginePool& operator=(const OcrEnginePool&) = delete;

  // The first `n` engines (at least one): waiting ones first, then new ones opened in parallel.
  // Fails as OcrEngine::Open (when only extra engines fail, the ones there are returned).
  Result<std::vector<OcrEngine*>> Take(int n);

 private:
  OcrEngineOptions options_;
  std::vector<std::unique_ptr<OcrEngine>> engines_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_EXTRACT_OCR_ENGINE_H_
