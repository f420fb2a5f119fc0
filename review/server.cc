#include "review/server.h"

#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <list>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <set>
#include <thread>

#include "extract/page_image.h"
#include "review/assets.h"
#include "review/html.h"
#include "review/item_json.h"
#include "review/originals.h"
#include "review/queue.h"
#include "review/settle.h"
#include "store/reviews.h"

namespace tsuzuri {
namespace {

constexpr const char* kCookie = "tsuzuri_review";
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

std::string RandomHex(size_t bytes) {
  std::random_device random;  // /dev/urandom
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    const unsigned v = random() & 0xff;
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
  return out;
}

// Constant-time comparison, so a token cannot be guessed byte by byte from response times.
bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const std::string cookies = req.get_header_value("Cookie");
  size_t at = 0;
  while (at < cookies.size()) {
    size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::string part = cookies.substr(at, end - at);
    part.erase(0, part.find_first_not_of(' '));
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    at = end + 1;
  }
  return "";
}

void Refuse(httplib::Response& res, int code, const std::string& why) {
  res.status = code;
  nlohmann::json body = {{"error", why}};
  res.set_content(body.dump(), "application/json");
}

}  // namespace

struct ReviewServer::Impl {
  Database& db;
  const TemplateSet& templates;
  ServerOptions options;
  std::string token, csrf;
  std::set<std::string> hosts;  // accepted Host headers
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::mutex db_mutex;  // one request at a time on the Database
  std::mutex cache_mutex;
  std::list<std::pair<std::string, std::shared_ptr<const std::string>>> cache;  // newest first
  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;

  Impl(Database& d, const TemplateSet& t, ServerOptions o)
      : db(d), templates(t), options(std::move(o)) {}

  // Host, Origin and the access token: checked before any route.
  httplib::Server::HandlerResponse Guard(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    const std::string host = req.get_header_value("Host");
    if (!AllowedHost(host)) {
      Refuse(res, 403, "unknown Host header (the page is served as 127.0.0.1 or localhost)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Origin") && Strip(req.get_header_value("Origin")) != host) {
      Refuse(res, 403, "a request from another site");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/" && req.has_param("token") &&
        SameSecret(req.get_param_value("token"), token)) {
      // Trade the token in the URL for a cookie, and take it out of the address bar.
      res.set_header("Set-Cookie", std::string(kCookie) + "=" + token +
                                       "; HttpOnly; SameSite=Strict; Path=/");
      res.set_redirect("/");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!SameSecret(CookieValue(req, kCookie), token)) {
      Refuse(res, 403, "no access token: open the address tsuzuri review printed");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  // The names the page answers to: 127.0.0.1, localhost, [::1] and the listen address, with the
  // port; when listening on every address (0.0.0.0, ::), any IP address with the port too. Never
  // another DNS name: that is how a hostile site rebinds its own name to this machine.
  bool AllowedHost(const std::string& host) const {
    if (hosts.count(host)) return true;
    if (options.listen != "0.0.0.0" && options.listen != "::") return false;
    const std::string suffix = ":" + std::to_string(port);
    if (host.size() <= suffix.size() ||
        host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return false;
    }
    const std::string name = host.substr(0, host.size() - suffix.size());
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
      return name.find_first_not_of("0123456789abcdefABCDEF:.", 1) == name.size() - 1;
    }
    int dots = 0;
    for (char c : name) {
      if (c == '.') {
        ++dots;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  // "http://127.0.0.1:8765" -> "127.0.0.1:8765".
  static std::string Strip(const std::string& origin) {
    const std::string scheme = "http://";
    return origin.rfind(scheme, 0) == 0 ? origin.substr(scheme.size()) : "\x01";
  }

  static QueueFilter FilterOf(const httplib::Request& req) {
    QueueFilter f;
    f.form = req.get_param_value("form");
    f.group = req.get_param_value("group");
    f.section = req.get_param_value("section");
    f.rule = req.get_param_value("rule");
    const std::string year = req.get_param_value("year");
    const std::string doc = req.get_param_value("document");
    if (!year.empty() && year.find_first_not_of("0123456789") == std::string::npos &&
        year.size() <= 4) {
      f.fiscal_year = std::stoi(year);
    }
    if (!doc.empty() && doc.find_first_not_of("0123456789") == std::string::npos &&
        doc.size() <= 15) {
      f.document_id = std::stoll(doc);
    }
    return f;
  }

  void Page(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(db_mutex);
    PageView view;
    view.csrf_token = csrf;
    view.reviewer = options.reviewer;
    view.db_path = options.db_path;
    view.dpi = options.page_dpi;
    view.filter = FilterOf(req);
    Result<std::vector<QueueItem>> all = BuildQueue(db, templates, {});
    if (!all.ok()) return Refuse(res, 500, all.status().message());
    std::set<std::string> forms, groups, sections, rules;
    std::set<int> years;
    for (const QueueItem& q : *all) {
      if (q.form) forms.insert(*q.form);
      if (q.group_name) groups.insert(*q.group_name);
      if (q.fiscal_year) years.insert(*q.fiscal_year);
      sections.insert(q.value.key.section);
      for (const Finding& f : q.findings) rules.insert(f.rule);
      if (view.filter.Matches(q)) view.queue.push_back(q);
    }
    view.forms.assign(forms.begin(), forms.end());
    view.groups.assign(groups.begin(), groups.end());
    view.sections.assign(sections.begin(), sections.end());
    view.rules.assign(rules.begin(), rules.end());
    view.years.assign(years.begin(), years.end());
    const std::string id = req.get_param_value("item");
    if (!id.empty()) {
      Result<QueueItem> item = FindItem(db, templates, id);
      if (!item.ok()) return Refuse(res, 404, item.status().message());
      view.item = std::move(*item);
    } else if (!view.queue.empty() && !req.has_param("done")) {
      view.item = view.queue.front();
    }
    if (view.item) {
      for (size_t i = 0; i < view.queue.size(); ++i) {
        if (view.queue[i].id == view.item->id) view.current = i;
      }
      if (view.current && *view.current + 1 < view.queue.size()) {
        view.next_id = view.queue[*view.current + 1].id;
      } else if (!view.current && !view.queue.empty()) {
        view.next_id = view.queue.front().id;
      }
      Result<std::vector<ReviewDocument>> doc = ReviewDocuments(db, view.item->document_id);
      if (doc.ok() && !doc->empty()) view.document = doc->front();
      Result<std::vector<Review>> history = ReviewHistory(db, view.item->value.key);
      if (history.ok()) view.history = std::move(*history);
    }
    res.set_content(RenderPage(view), "text/html; charset=utf-8");
  }

  // A page picture, rendered once and kept (the newest options.cached_pages).
  Result<std::shared_ptr<const std::string>> PageImage(long long document_id, int page) {
    const std::string key = std::to_string(document_id) + "/" + std::to_string(page);
    {
      std::lock_guard<std::mutex> lock(cache_mutex);
      for (auto it = cache.begin(); it != cache.end(); ++it) {
        if (it->first == key) {
          cache.splice(cache.begin(), cache, it);
          return it->second;
        }
      }
    }
    ReviewDocument doc;
    std::string bytes;
    {
      std::lock_guard<std::mutex> lock(db_mutex);
      Result<std::vector<ReviewDocument>> docs = ReviewDocuments(db, document_id);
      if (!docs.ok()) return docs.status();
      if (docs->empty()) return Status::NotFound("no document " + std::to_string(document_id));
      doc = docs->front();
      Result<std::string> original = OriginalBytes(db, doc);
      if (!original.ok()) return original.status();
      bytes = std::move(*original);
    }
    PageImageOptions o;
    o.dpi = options.page_dpi;
    for (const ReviewDocument::PageSize& p : doc.pages) {
      if (p.number == page) o.deskew = p.method == "ocr";
    }
    Result<GrayImage> image = RenderPageImage(bytes, page, o);
    if (!image.ok()) return image.status();
    Result<std::string> png = EncodePng(*image);
    if (!png.ok()) return png.status();
    auto shared = std::make_shared<const std::string>(std::move(*png));
    std::lock_guard<std::mutex> lock(cache_mutex);
    cache.emplace_front(key, shared);
    while (cache.size() > static_cast<size_t>(std::max(1, options.cached_pages))) cache.pop_back();
    return shared;
  }

  void Image(const httplib::Request& req, httplib::Response& res) {
    const long long document = std::stoll(req.matches[1]);
    const int page = std::stoi(req.matches[2]);
    Result<std::shared_ptr<const std::string>> png = PageImage(document, page);
    if (!png.ok()) {
      return Refuse(res, png.status().code() == Status::Code::kNotFound ? 404 : 500,
                    png.status().message());
    }
    res.set_header("Cache-Control", "private, max-age=3600");
    res.set_content(**png, "image/png");
  }

  void Settle(const httplib::Request& req, httplib::Response& res) {
    if (!SameSecret(req.get_header_value("X-CSRF-Token"), csrf)) {
      return Refuse(res, 403, "missing or wrong CSRF token");
    }
    if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      return Refuse(res, 415, "a save is JSON");
    }
    nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("id") ||
        !body["id"].is_string() || !body.contains("action") || !body["action"].is_string()) {
      return Refuse(res, 400, "a save needs an item id and an action");
    }
    SettleRequest r;
    r.item_id = body["id"];
    r.reviewer = options.reviewer;
    const std::string action = body["action"];
    static const std::map<std::string, Settlement> kActions{
        {"confirm", Settlement::kConfirmed},   {"set", Settlement::kCorrected},
        {"as-printed", Settlement::kAsPrinted}, {"unreadable", Settlement::kUnreadable}};
    auto a = kActions.find(action);
    if (a == kActions.end()) return Refuse(res, 400, "unknown action '" + action + "'");
    r.action = a->second;
    if (body.contains("value") && body["value"].is_number_integer()) {
      r.value = body["value"].get<long long>();
    }
    if (body.contains("note") && body["note"].is_string()) r.note = body["note"];
    if (body.contains("version") && body["version"].is_number_integer()) {
      r.expected_version = body["version"].get<long long>();
    }
    std::optional<std::pair<double, double>> point;
    if (body.contains("point") && body["point"].is_array() && body["point"].size() == 2 &&
        body["point"][0].is_number() && body["point"][1].is_number()) {
      point = {body["point"][0].get<double>(), body["point"][1].get<double>()};
    }
    std::lock_guard<std::mutex> lock(db_mutex);
    if (point) {
      Result<QueueItem> item = FindItem(db, templates, r.item_id);
      if (item.ok() && item->missing) {
        r.page = item->value.page;
        r.box = Box{point->first - 2, point->second - 2, point->first + 2, point->second + 2};
        Result<std::optional<Box>> cell =
            CellAt(db, item->document_id, item->value.page.value_or(1), point->first,
                   point->second);
        if (cell.ok() && *cell) r.box = **cell;
      }
    }
    Result<SettleOutcome> outcome = tsuzuri::Settle(db, templates, r);
    if (!outcome.ok()) {
      const Status& s = outcome.status();
      return Refuse(res,
                    s.code() == Status::Code::kInvalidArgument ? 400
                    : s.code() == Status::Code::kNotFound      ? 404
                                                               : 500,
                    s.message());
    }
    res.status = outcome->stale ? 409 : 200;
    res.set_content(OutcomeJson(*outcome), "application/json");
  }

  void Queue(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(db_mutex);
    Result<std::vector<QueueItem>> queue = BuildQueue(db, templates, FilterOf(req));
    if (!queue.ok()) return Refuse(res, 500, queue.status().message());
    std::string out = "[";
    for (const QueueItem& q : *queue) out += (out.size() > 1 ? "," : "") + ItemJson(q);
    res.set_content(out + "]", "application/json");
  }

  void Routes() {
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(10, 0);
    http.set_write_timeout(10, 0);
    http.set_keep_alive_max_count(100);
    http.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return Guard(req, res); });
    http.Get("/", [this](const httplib::Request& q, httplib::Response& r) { Page(q, r); });
    http.Get(R"(/page/(\d{1,15})/(\d{1,6})\.png)",
             [this](const httplib::Request& q, httplib::Response& r) { Image(q, r); });
    http.Post("/api/settle",
              [this](const httplib::Request& q, httplib::Response& r) { Settle(q, r); });
    http.Get("/api/queue", [this](const httplib::Request& q, httplib::Response& r) { Queue(q, r); });
    http.Get("/static/review.js", [](const httplib::Request&, httplib::Response& r) {
      r.set_content(kReviewScript, "text/javascript; charset=utf-8");
    });
    http.Get("/static/review.css", [](const httplib::Request&, httplib::Response& r) {
      r.set_content(kReviewStyle, "text/css; charset=utf-8");
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          Refuse(res, 500, "internal error");
        });
  }
};

ReviewServer::ReviewServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ReviewServer::~ReviewServer() {
  Stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<ReviewServer>> ReviewServer::Start(Database& db,
                                                          const TemplateSet& templates,
                                                          const ServerOptions& options) {
  if (options.reviewer.empty()) return Status::InvalidArgument("the server needs a reviewer name");
  auto impl = std::make_unique<Impl>(db, templates, options);
  impl->token = options.token.empty() ? RandomHex(16) : options.token;
  impl->csrf = RandomHex(16);
  impl->Routes();
  if (options.port == 0) {
    impl->port = impl->http.bind_to_any_port(options.listen);
    if (impl->port < 0) impl->port = 0;
  } else if (impl->http.bind_to_port(options.listen, options.port)) {
    impl->port = options.port;
  }
  if (impl->port <= 0) {
    return Status::IOError("cannot listen on " + options.listen + ":" +
                           std::to_string(options.port) +
                           " (in use, or not an address of this machine)");
  }
  const std::string p = ":" + std::to_string(impl->port);
  impl->hosts = {"127.0.0.1" + p, "localhost" + p, "[::1]" + p, options.listen + p};
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->http.listen_after_bind(); });
  return std::unique_ptr<ReviewServer>(new ReviewServer(std::move(impl)));
}

int ReviewServer::port() const { return impl_->port; }

std::string ReviewServer::url() const {
  const std::string host = impl_->options.listen == "0.0.0.0" || impl_->options.listen == "::"
                               ? "127.0.0.1"
                               : impl_->options.listen;
  return "http://" + host + ":" + std::to_string(impl_->port) + "/?token=" + impl_->token;
}

const std::string& ReviewServer::token() const { return impl_->token; }

void ReviewServer::Stop() {
  impl_->http.stop();
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  impl_->stopped = true;
  impl_->stopped_cv.notify_all();
}

void ReviewServer::Wait() {
  std::unique_lock<std::mutex> lock(impl_->stop_mutex);
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

int ServeReview(Database& db, const TemplateSet& templates, const ServerOptions& options,
                std::ostream& out, std::ostream& err) {
  // SIGINT and SIGTERM are taken by a thread of ours (sigwait), which stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Result<std::unique_ptr<ReviewServer>> server = ReviewServer::Start(db, templates, options);
  if (!server.ok()) {
    err << "tsuzuri review: " << server.status().message() << "\n";
    return 1;
  }
  out << "tsuzuri review: serving " << options.db_path << " for " << options.reviewer << "\n"
      << "open " << (*server)->url() << "\n"
      << "(Ctrl-C stops it)" << std::endl;
  if (options.listen != "127.0.0.1" && options.listen != "localhost" && options.listen != "::1") {
    err << "tsuzuri review: listening on " << options.listen
        << ": other machines can reach this page; anyone with the address above (its token) "
           "can settle values as "
        << options.reviewer << "\n";
  }
  std::thread watcher([&signals, s = server->get()] {
    int sig = 0;
    sigwait(&signals, &sig);
    s->Stop();
  });
  (*server)->Wait();
  watcher.join();
  out << "tsuzuri review: stopped" << std::endl;
  return 0;
}

}  // namespace tsuzuri
