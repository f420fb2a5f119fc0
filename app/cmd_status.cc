#include <cstdio>
#include <iostream>

#include "app/store_commands.h"
#include "store/database.h"
#include "store/reviews.h"

namespace tsuzuri {
namespace {

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

int RunStatus(const StatusCommand& cmd) {
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db, {.read_only = true});
  if (!db.ok()) {
    std::cerr << "tsuzuri: " << db.status().message() << "\n";
    return 1;
  }
  Result<StoreSummary> s = (*db)->Summary(cmd.runs);
  if (!s.ok()) {
    std::cerr << "tsuzuri: " << s.status().message() << "\n";
    return 1;
  }
  int total = 0;
  for (const DocumentCount& c : s->documents) total += c.documents;
  std::cout << "database " << cmd.db << " (schema " << s->schema_version << "): " << total
            << (total == 1 ? " document\n" : " documents\n");
  if (!s->documents.empty()) {
    std::cout << "\n  " << Pad("form", 24) << Pad("year", 6) << Pad("status", 14) << "documents\n";
    for (const DocumentCount& c : s->documents) {
      std::cout << "  " << Pad(c.form.value_or("-"), 24)
                << Pad(c.fiscal_year ? std::to_string(*c.fiscal_year) : "-", 6) << Pad(c.status, 14)
                << c.documents << "\n";
    }
  }
  int findings = 0;
  for (const FindingCount& f : s->open_findings) findings += f.findings;
  std::cout << "\nopen findings: " << findings << "\n";
  for (const FindingCount& f : s->open_findings) {
    std::cout << "  " << Pad(f.rule, 24) << Pad(f.severity, 9) << f.findings << " in "
              << f.documents << (f.documents == 1 ? " document\n" : " documents\n");
  }
  if (Result<ReviewCounts> r = CountReviews(**db); r.ok()) {
    std::cout << "\nvalues: " << r->values << ", " << r->in_review
              << " to review (tsuzuri review), " << r->by_person << " settled by a person, "
              << r->by_rules << " confirmed by the rules after a settlement\n";
    if (r->orphans > 0) {
      std::cout << "  " << r->orphans
                << (r->orphans == 1 ? " settlement applies" : " settlements apply")
                << " to no value any more (the document was re-read without its key): "
                   "tsuzuri review list shows them\n";
    }
  } else {
    std::cerr << "tsuzuri: " << r.status().message() << "\n";
    return 1;
  }
  if (!s->failures.empty()) {
    std::cout << "\nfailed documents (tried again by the next ingest): " << s->failures.size()
              << "\n";
    for (const FailedFile& f : s->failures) std::cout << "  " << f.error << "\n";
  }
  if (s->messages > 0) {
    std::cout << "\ne-mail: " << s->messages << (s->messages == 1 ? " message" : " messages")
              << " read, " << s->messages_with_documents << " with documents\n";
    if (!s->message_failures.empty()) {
      std::cout << "  failed (read again by the next ingest): " << s->message_failures.size()
                << "\n";
      for (const MessageFailure& m : s->message_failures) {
        std::cout << "  「" << m.subject << "」 from " << (m.from.empty() ? "?" : m.from)
                  << (m.date.empty() ? "" : ", " + m.date) << " (" << m.mailbox << " "
                  << m.location << ")\n";
        std::string error = m.error.empty() ? "not finished (the run stopped)" : m.error;
        for (size_t at = 0; (at = error.find('\n', at)) != std::string::npos; at += 5) {
          error.replace(at, 1, "\n    ");
        }
        std::cout << "    " << error << "\n";
      }
    }
  }
  if (s->pages_to_index > 0) {
    std::cout << "\nsearch index: " << s->pages_to_index
              << (s->pages_to_index == 1 ? " page waits" : " pages wait")
              << " to be indexed (by the next ingest; search finds them meanwhile)\n";
  }
  std::cout << "\nlast runs:\n";
  if (s->runs.empty()) std::cout << "  none\n";
  for (const RunInfo& r : s->runs) {
    std::cout << "  #" << r.id << "  " << r.started_at << "  ";
    if (r.finished_at) {
      std::cout << r.counts.loaded << " loaded, " << r.counts.skipped << " skipped, "
                << r.counts.failed << " failed, " << r.counts.findings << " findings";
      if (r.counts.ignored > 0) std::cout << ", " << r.counts.ignored << " ignored";
      if (r.counts.messages > 0) std::cout << ", " << r.counts.messages << " messages read";
    } else {
      std::cout << "not finished (still running, or stopped)";
    }
    std::cout << "  " << r.arguments << "\n";
  }
  return 0;
}

}  // namespace tsuzuri
