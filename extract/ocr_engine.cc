#include "extract/ocr_engine.h"

#include <dlfcn.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "core/utf8.h"

namespace tsuzuri {
namespace {

struct ApiDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};
using ApiPtr = std::unique_ptr<tesseract::TessBaseAPI, ApiDeleter>;

// The one place where Tesseract failures become Statuses. Tesseract reports through return codes
// and messages on its debug channel (silenced), so `what` says what it was asked to do.
Status TesseractError(Status::Code code, const std::string& what) {
  const std::string msg = "tesseract: " + what;
  switch (code) {
    case Status::Code::kNotFound:
      return Status::NotFound(msg);
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(msg);
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(msg);
    default:
      return Status::IOError(msg);
  }
}

// OpenMP reads OMP_THREAD_LIMIT when libgomp loads, before main: setting it here helps child
// processes and late-loading runtimes. For this process, each reading thread asks for one thread
// itself (omp_set_num_threads is per thread); libgomp comes with Tesseract, so look it up.
void OneOpenMpThread() {
  static std::once_flag env_once;
  std::call_once(env_once, [] { setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0); });
  thread_local bool done = false;
  if (done) return;
  done = true;
  using SetNumThreads = void (*)(int);
  if (auto* f = reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) f(1);
}

// Tesseract's Init touches process-wide parameter tables; start engines one at a time.
std::mutex& InitMutex() {
  static std::mutex m;
  return m;
}

Result<ApiPtr> StartTesseract(const std::string& tessdata, const std::string& language,
                              tesseract::OcrEngineMode mode) {
  OneOpenMpThread();
  std::lock_guard<std::mutex> lock(InitMutex());
  try {
    ApiPtr api(new tesseract::TessBaseAPI());
    api->SetVariable("debug_file", "/dev/null");  // warnings go nowhere; we report our own
    const int rc = api->Init(tessdata.empty() ? nullptr : tessdata.c_str(), language.c_str(), mode);
    if (rc != 0) {
      return TesseractError(
          Status::Code::kNotFound,
          "cannot load language '" + language + "' from " +
              (tessdata.empty() ? std::string("the default tessdata folder") : tessdata) +
              " (is its .traineddata installed?)");
    }
    api->SetVariable("debug_file", "/dev/null");
    // Tesseract re-reads every uncertain line inverted (white on black); our pages have none, and
    // it doubles the time of the lines it doubts.
    api->SetVariable("tessedit_do_invert", "0");
    return api;
  } catch (const std::exception& e) {
    return TesseractError(Status::Code::kIOError, "cannot start: " + std::string(e.what()));
  }
}

std::string TakeText(char* text) {
  std::unique_ptr<char[]> owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

}  // namespace

struct OcrEngine::Impl {
  OcrEngineOptions options;
  ApiPtr api;
  ApiPtr osd;  // started on first DetectOrientation
  int width = 0, height = 0;
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() = default;

namespace {
std::atomic<int> started_engines{0};
}  // namespace

int OcrEngine::StartedCount() { return started_engines.load(); }

Result<std::unique_ptr<OcrEngine>> OcrEngine::Open(const OcrEngineOptions& options) {
  ++started_engines;
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  Result<ApiPtr> api = StartTesseract(options.tessdata, options.language, tesseract::OEM_LSTM_ONLY);
  if (!api.ok()) return api.status();
  impl->api = std::move(api).value();
  return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
}

namespace {

// Engines of pools that are gone, by language and data folder. Reached through a pointer that is
// never freed, so the engines are still reachable (and not torn down) when the process exits.
struct IdleEngines {
  std::mutex mu;
  std::map<std::pair<std::string, std::string>, std::vector<std::unique_ptr<OcrEngine>>> idle;
};
IdleEngines& Idle() {
  static IdleEngines* idle = new IdleEngines;
  return *idle;
}
constexpr size_t kMaxIdle = 8;  // per language: more than a machine's workers ever hold

}  // namespace

OcrEnginePool::~OcrEnginePool() {
  IdleEngines& e = Idle();
  std::lock_guard<std::mutex> lock(e.mu);
  auto& idle = e.idle[{options_.language, options_.tessdata}];
  for (auto& engine : engines_) {
    if (idle.size() < kMaxIdle) idle.push_back(std::move(engine));
  }
}

Result<std::vector<OcrEngine*>> OcrEnginePool::Take(int n) {
  n = std::max(1, n);
  if (engines_.size() < static_cast<size_t>(n)) {
    IdleEngines& e = Idle();
    std::lock_guard<std::mutex> lock(e.mu);
    auto& idle = e.idle[{options_.language, options_.tessdata}];
    while (!idle.empty() && engines_.size() < static_cast<size_t>(n)) {
      engines_.push_back(std::move(idle.back()));
      idle.pop_back();
    }
  }
  const size_t have = engines_.size();
  if (have < static_cast<size_t>(n)) {
    std::vector<Result<std::unique_ptr<OcrEngine>>> opened;
    for (size_t i = have; i < static_cast<size_t>(n); ++i) {
      opened.emplace_back(Status::Internal("not open"));
    }
    std::vector<std::thread> threads;
    for (size_t i = 1; i < opened.size(); ++i) {
      threads.emplace_back([this, &opened, i] { opened[i] = OcrEngine::Open(options_); });
    }
    opened[0] = OcrEngine::Open(options_);
    for (std::thread& t : threads) t.join();
    for (auto& e : opened) {
      if (!e.ok()) {
        if (engines_.empty()) return e.status();
        break;
      }
      engines_.push_back(std::move(e).value());
    }
  }
  std::vector<OcrEngine*> out;
  for (size_t i = 0; i < engines_.size() && i < static_cast<size_t>(n); ++i) {
    out.push_back(engines_[i].get());
  }
  return out;
}

void OcrEngine::SetImage(const GrayImage& image) {
  OneOpenMpThread();
  impl_->api->SetImage(image.pixels.data(), image.width, image.height, 1, image.width);
  impl_->api->SetSourceResolution(static_cast<int>(image.dpi + 0.5));
  impl_->width = image.width;
  impl_->height = image.height;
}

Result<std::vector<OcrWord>> OcrEngine::Read(const PixelBox& rect, OcrLayout layout,
                                             std::chrono::steady_clock::time_point deadline,
                                             bool choices) {
  OneOpenMpThread();
  tesseract::TessBaseAPI* api = impl_->api.get();
  if (impl_->width <= 0) return TesseractError(Status::Code::kInvalidArgument, "no image to read");
  const int x0 = std::clamp(rect.x0, 0, impl_->width), x1 = std::clamp(rect.x1, 0, impl_->width);
  const int y0 = std::clamp(rect.y0, 0, impl_->height), y1 = std::clamp(rect.y1, 0, impl_->height);
  std::vector<OcrWord> words;
  if (x1 - x0 < 2 || y1 - y0 < 2) return words;
  try {
    api->SetPageSegMode(layout == OcrLayout::kBlock  ? tesseract::PSM_SINGLE_BLOCK
                        : layout == OcrLayout::kLine ? tesseract::PSM_SINGLE_LINE
                        : layout == OcrLayout::kChar ? tesseract::PSM_SINGLE_CHAR
                                                     : tesseract::PSM_AUTO);
    api->SetRectangle(x0, y0, x1 - x0, y1 - y0);
    api->SetVariable("lstm_choice_mode", choices ? "2" : "0");
    tesseract::ETEXT_DESC monitor;
    if (deadline != std::chrono::steady_clock::time_point::max()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) {
        return TesseractError(Status::Code::kResourceExhausted, "time limit reached");
      }
      monitor.set_deadline_msecs(static_cast<int32_t>(std::min<long long>(left, INT32_MAX)));
    }
    if (api->Recognize(&monitor) != 0) {
      if (monitor.deadline_exceeded()) {
        return TesseractError(Status::Code::kResourceExhausted, "time limit reached");
      }
      return TesseractError(Status::Code::kIOError, "recognition failed");
    }
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (!it || it->Empty(tesseract::RIL_SYMBOL)) return words;
    PixelBox line;
    do {
      if (it->Empty(tesseract::RIL_SYMBOL)) continue;
      int l, t, r, b;
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) &&
          it->BoundingBox(tesseract::RIL_TEXTLINE, &l, &t, &r, &b)) {
        line = PixelBox{l, t, r, b};
      }
      if (it->IsAtBeginningOf(tesseract::RIL_WORD) || words.empty()) {
        OcrWord w;
        if (it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) w.box = PixelBox{l, t, r, b};
        w.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD) / 100.0, 0.0, 1.0);
        w.line = line;
        words.push_back(std::move(w));
      }
      OcrWord& w = words.back();
      const std::string symbol = TakeText(it->GetUTF8Text(tesseract::RIL_SYMBOL));
      PixelBox g = w.box;
      if (it->BoundingBox(tesseract::RIL_SYMBOL, &l, &t, &r, &b)) g = PixelBox{l, t, r, b};
      // The recognizer's other choices for a symbol of one code point (the symbol itself and
      // blanks left out).
      std::vector<OcrChoice> others;
      const std::u32string cps = utf8::Decode(symbol);
      if (choices && cps.size() == 1) {
        tesseract::ChoiceIterator ci(*it);
        do {
          const char* text = ci.GetUTF8Text();
          if (!text || symbol == text ||
              std::string(text).find_first_not_of(' ') == std::string::npos)
            continue;
          others.push_back({text, std::clamp(ci.Confidence() / 100.0, 0.0, 1.0)});
        } while (ci.Next());
      }
      // One box per code point, so PlaceWords can split a word at a cell border.
      for (char32_t c : cps) {
        if (c == ' ') continue;
        w.text += utf8::Encode(std::u32string(1, c));
        w.glyphs.push_back(g);
        if (choices) w.choices.push_back(others);
      }
    } while (it->Next(tesseract::RIL_SYMBOL));
    std::erase_if(words, [](const OcrWord& w) { return w.text.empty(); });
    return words;
  } catch (const std::exception& e) {
    return TesseractError(Status::Code::kIOError, "recognition failed: " + std::string(e.what()));
  }
}

Result<Orientation> OcrEngine::DetectOrientation(const GrayImage& image) {
  if (!impl_->osd) {
    Result<ApiPtr> osd =
        StartTesseract(impl_->options.tessdata, "osd", tesseract::OEM_TESSERACT_ONLY);
    if (!osd.ok()) return osd.status();
    impl_->osd = std::move(osd).value();
  }
  OneOpenMpThread();
  tesseract::TessBaseAPI* api = impl_->osd.get();
  try {
    api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    api->SetImage(image.pixels.data(), image.width, image.height, 1, image.width);
    api->SetSourceResolution(static_cast<int>(image.dpi + 0.5));
    int degrees = 0;
    float confidence = 0, script_confidence = 0;
    const char* script = nullptr;
    const bool ok =
        api->DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
    api->Clear();
    if (!ok) {
      return TesseractError(Status::Code::kInvalidArgument,
                            "too little text to tell the page's orientation");
    }
    // Tesseract gives how far the image is turned clockwise; turning back is the rest of a circle.
    Orientation o;
    o.clockwise_turns = ((360 - degrees) % 360) / 90;
    o.confidence = confidence;
    return o;
  } catch (const std::exception& e) {
    return TesseractError(Status::Code::kIOError,
                          "orientation detection failed: " + std::string(e.what()));
  }
}

}  // namespace tsuzuri
