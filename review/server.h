// The review page's HTTP server (cpp-httplib): server-rendered HTML, one small script, the page
// images, and one write endpoint (POST /api/settle, through review/settle.h). Security is data
// here, each part checked on every request (docs/review.md):
//   - bound to 127.0.0.1 unless ServerOptions::listen says otherwise;
//   - a random access token, printed at start in the URL; the first visit trades it for a cookie
//     (HttpOnly, SameSite=Strict); a request with neither is refused (403);
//   - the Host header must name the server (127.0.0.1, localhost, or the listen address, with
//     its port), and an Origin header, when sent, that same origin: a page of another site, or a
//     DNS name rebound to 127.0.0.1, is refused;
//   - every write carries a CSRF token (header X-CSRF-Token) that only the server's own HTML
//     holds;
//   - a Content-Security-Policy that lets the page load nothing but its own script, style and
//     images; request bodies and URIs have size limits, reads a timeout.
// Ownership: the server keeps references to the Database and TemplateSet it is given; both must
// outlive it. Thread safety: requests are served by a pool of threads; the Database is used under
// a mutex, one request at a time.
#ifndef TSUZURI_REVIEW_SERVER_H_
#define TSUZURI_REVIEW_SERVER_H_

#include <iosfwd>
#include <memory>
#include <string>

#include "core/result.h"
#include "fields/template.h"
#include "store/database.h"

namespace tsuzuri {

struct ServerOptions {
  // Address to bind. Default: 127.0.0.1 (this machine only). Another address (0.0.0.0, a LAN
  // address) lets other machines in: anyone who has the URL with its token can settle values.
  std::string listen = "127.0.0.1";
  // Port; 0: a free one chosen by the system. Default: 8765.
  int port = 8765;
  // Who settles values from this page (reviews.reviewer). Required.
  std::string reviewer;
  // Shown on the page. Default: empty.
  std::string db_path;
  // The access token; empty: 32 random hex digits. Default: empty.
  std::string token;
  // Largest request body accepted (bytes). Default: 16 KiB (a save is a few hundred bytes).
  size_t max_body_bytes = 16 * 1024;
  // Resolution of page images (dpi). Default: 150.
  double page_dpi = 150;
  // Page images kept in memory. Default: 24.
  int cached_pages = 24;
};

class ReviewServer {
 public:
  // Binds and starts serving on threads of its own. Fails with IOError when the address cannot be
  // bound (in use, not this machine's), InvalidArgument when the options are incomplete.
  static Result<std::unique_ptr<ReviewServer>> Start(Database& db, const TemplateSet& templates,
                                                     const ServerOptions& options);
  ~ReviewServer();  // stops
  ReviewServer(const ReviewServer&) = delete;
  ReviewServer& operator=(const ReviewServer&) = delete;

  int port() const;
  // The address to open, with the access token: http://127.0.0.1:PORT/?token=...
  std::string url() const;
  const std::string& token() const;
  // Stops accepting requests and waits for those under way.
  void Stop();
  // Blocks until Stop() is called (from another thread or a signal handler's watcher).
  void Wait();

  struct Impl;

 private:
  explicit ReviewServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `tsuzuri review` without an action: starts the server, prints its URL on `out`, serves until
// SIGINT or SIGTERM. Returns the exit status (0; 1 when it cannot start, the reason on `err`).
int ServeReview(Database& db, const TemplateSet& templates, const ServerOptions& options,
                std::ostream& out, std::ostream& err);

}  // namespace tsuzuri

#endif  // TSUZURI_REVIEW_SERVER_H_
