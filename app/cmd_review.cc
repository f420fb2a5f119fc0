#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "app/review_command.h"
#include "fields/template.h"
#include "review/item_json.h"
#include "review/queue.h"
#include "review/server.h"
#include "review/settle.h"
#include "store/database.h"
#include "store/reviews.h"

namespace tsuzuri {
namespace {

std::string OsUser() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  if (const char* u = std::getenv("USER"); u != nullptr && *u != '\0') return u;
  return "unknown";
}

std::string ValueText(const std::optional<long long>& v) {
  return v ? std::to_string(*v) : "-";
}

// One line of `review list`: id, file, where, the value as it stands, the first finding.
void PrintLine(const QueueItem& item) {
  const EffectiveValue& v = item.value;
  std::cout << item.id << "\t" << item.file_name << "\t"
            << (v.page ? "p" + std::to_string(*v.page) : "p-") << "\t" << DescribeKey(v.key)
            << "\t" << (item.missing ? "not read" : ValueText(v.value) + v.unit) << "\t"
            << (item.findings.empty() ? "" : item.findings.front().rule + ": " +
                                                 item.findings.front().message)
            << "\n";
}

void PrintItem(const QueueItem& item) {
  const EffectiveValue& v = item.value;
  std::cout << "item " << item.id << ": " << DescribeKey(v.key) << ", " << v.key.section << "\n"
            << "  document  " << item.document_id << " " << item.file_name;
  if (item.fiscal_year) std::cout << ", fiscal year " << *item.fiscal_year;
  if (item.group_name) std::cout << ", group " << *item.group_name;
  std::cout << "\n  page      " << (v.page ? std::to_string(*v.page) : "-");
  if (v.box) {
    std::cout << ", cell " << v.box->x0 << "," << v.box->y0 << " - " << v.box->x1 << ","
              << v.box->y1 << " pt";
  }
  std::cout << "\n  value     " << (item.missing ? "not read" : ValueText(v.value) + " " + v.unit)
            << " (" << v.status << ")";
  if (v.settlement) {
    std::cout << ", " << *v.settlement << " by " << v.settled_by.value_or("?");
    if (!v.note.empty()) std::cout << " (" << v.note << ")";
  }
  std::cout << "\n";
  if (v.measure_id) {
    std::cout << "  as read   " << ValueText(v.read_value) << " from 「" << v.raw_text << "」";
    if (v.readings == 2) std::cout << ", a second reading gives " << ValueText(v.second_value);
    if (v.confidence) std::cout << ", confidence " << static_cast<int>(*v.confidence * 100) << " %";
    std::cout << "\n";
  }
  std::cout << "  version   " << v.review_id << "\n";
  for (const Finding& f : item.findings) {
    std::cout << "  " << SeverityName(f.severity) << "  " << f.rule << ": " << f.message << "\n";
  }
}

int Fail(const std::string& what, const Status& s) {
  std::cerr << "tsuzuri review" << (what.empty() ? "" : " " + what) << ": " << s.message() << "\n";
  return s.code() == Status::Code::kInvalidArgument || s.code() == Status::Code::kNotFound ? 2
                                                                                            : 1;
}

int RunSettle(Database& db, const TemplateSet& templates, const ReviewCommand& cmd,
              const std::string& user) {
  SettleRequest r;
  r.item_id = cmd.id;
  r.reviewer = user;
  r.note = cmd.note;
  r.value = cmd.value;
  r.expected_version = cmd.expect_version;
  if (cmd.action == "set") {
    r.action = Settlement::kCorrected;
  } else if (cmd.action == "confirm") {
    r.action = Settlement::kConfirmed;
  } else if (cmd.action == "as-printed") {
    r.action = Settlement::kAsPrinted;
  } else {
    r.action = Settlement::kUnreadable;
  }
  Result<SettleOutcome> o = Settle(db, templates, r);
  if (!o.ok()) return Fail(cmd.id, o.status());
  if (cmd.json) {
    std::cout << OutcomeJson(*o) << "\n";
  }
  if (o->stale) {
    std::cerr << "tsuzuri review " << cmd.id << ": " << o->message << "\n";
    return 1;
  }
  if (cmd.json) return 0;
  const EffectiveValue& v = o->item.value;
  std::cout << "item " << cmd.id << ": " << DescribeKey(v.key) << " " << v.settlement.value_or("")
            << " by " << user << ": " << ValueText(v.value) << v.unit << "\n";
  for (const Finding& f : o->closed) std::cout << "  closed: " << f.rule << ": " << f.message << "\n";
  for (const Finding& f : o->opened) std::cout << "  now failing: " << f.rule << ": " << f.message << "\n";
  for (const std::string& s : o->by_rules) std::cout << "  confirmed by the rules: " << s << "\n";
  return 0;
}

}  // namespace

int RunReview(const ReviewCommand& cmd) {
  const std::string dir = cmd.templates_dir.empty() ? DefaultTemplateDir() : cmd.templates_dir;
  Result<TemplateSet> templates = LoadTemplates(dir);
  if (!templates.ok()) {
    std::cerr << "tsuzuri review: " << templates.status().message() << "\n";
    return 2;
  }
  Result<std::unique_ptr<Database>> db = Database::Open(cmd.db, {.create_if_missing = false});
  if (!db.ok()) return Fail("", db.status());
  if (Result<int> r = RefreshRechecks(**db, *templates); !r.ok()) return Fail("", r.status());
  const std::string user = cmd.user.empty() ? OsUser() : cmd.user;

  if (cmd.action.empty()) {
    ServerOptions options;
    options.listen = cmd.listen;
    options.port = cmd.port;
    options.reviewer = user;
    options.db_path = cmd.db;
    return ServeReview(**db, *templates, options, std::cout, std::cerr);
  }
  if (cmd.action == "list") {
    QueueFilter filter;
    filter.form = cmd.form;
    filter.group = cmd.group;
    filter.section = cmd.section;
    filter.rule = cmd.rule;
    filter.fiscal_year = cmd.year;
    filter.document_id = cmd.document;
    Result<std::vector<QueueItem>> queue = BuildQueue(**db, *templates, filter);
    if (!queue.ok()) return Fail("list", queue.status());
    for (const QueueItem& item : *queue) {
      if (cmd.json) {
        std::cout << ItemJson(item) << "\n";
      } else {
        PrintLine(item);
      }
    }
    Result<std::vector<Review>> orphans = OrphanReviews(**db);
    if (!orphans.ok()) return Fail("list", orphans.status());
    for (const Review& r : *orphans) {
      std::cerr << "tsuzuri review: settlement #" << r.id << " (" << SettlementName(r.action)
                << " " << ValueText(r.new_value) << " by " << r.reviewer << ") of "
                << DescribeKey(r.key) << " in document " << r.key.sha256.substr(0, 12)
                << "… applies to no value: the document was re-read without that key\n";
    }
    if (!cmd.json) {
      std::cerr << queue->size() << (queue->size() == 1 ? " item" : " items") << " to review\n";
    }
    return 0;
  }
  if (cmd.action == "show") {
    Result<QueueItem> item = FindItem(**db, *templates, cmd.id);
    if (!item.ok()) return Fail(cmd.id, item.status());
    if (cmd.json) {
      std::cout << ItemJson(*item) << "\n";
    } else {
      PrintItem(*item);
    }
    return 0;
  }
  return RunSettle(**db, *templates, cmd, user);
}

}  // namespace tsuzuri
