#include "store/reviews.h"

#include <array>
#include <utility>

namespace tsuzuri {
namespace {

constexpr std::array<std::pair<Settlement, const char*>, 5> kSettlementNames{{
    {Settlement::kConfirmed, "confirmed"},
    {Settlement::kCorrected, "corrected"},
    {Settlement::kAsPrinted, "as-printed"},
    {Settlement::kUnreadable, "unreadable"},
    {Settlement::kEntered, "entered"},
}};

// Readers of one SqlValue: SQLite gives an INTEGER, REAL, TEXT or NULL.
std::optional<long long> OptInt(const SqlValue& v) {
  if (const long long* i = std::get_if<long long>(&v)) return *i;
  if (const double* d = std::get_if<double>(&v)) return static_cast<long long>(*d);
  return std::nullopt;
}
long long Int(const SqlValue& v) { return OptInt(v).value_or(0); }
std::optional<double> OptReal(const SqlValue& v) {
  if (const double* d = std::get_if<double>(&v)) return *d;
  if (const long long* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}
std::optional<std::string> OptText(const SqlValue& v) {
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}
std::string Text(const SqlValue& v) { return OptText(v).value_or(""); }
std::optional<Box> OptBox(const std::vector<SqlValue>& row, size_t first) {
  if (!OptReal(row[first])) return std::nullopt;
  return Box{*OptReal(row[first]), *OptReal(row[first + 1]), *OptReal(row[first + 2]),
             *OptReal(row[first + 3])};
}
SqlValue Param(const std::optional<std::string>& s) {
  return s ? SqlValue(*s) : SqlValue(std::monostate{});
}
SqlValue Param(const std::optional<long long>& v) {
  return v ? SqlValue(*v) : SqlValue(std::monostate{});
}

// The key columns matched against ?1..?6 (institution with IS: it may be NULL).
constexpr const char* kKeyMatch =
    "sha256 = ?1 AND section = ?2 AND institution IS ?3 AND is_total = ?4 AND period = ?5 AND "
    "metric = ?6";
std::vector<SqlValue> KeyParams(const ValueKey& k) {
  std::vector<SqlValue> p;
  p.reserve(18);
  p.emplace_back(k.sha256);
  p.emplace_back(k.section);
  p.push_back(Param(k.institution));
  p.emplace_back(static_cast<long long>(k.is_total));
  p.emplace_back(k.period);
  p.emplace_back(k.metric);
  return p;
}

constexpr const char* kEffectiveColumns =
    "SELECT e.measure_id, e.document_id, e.sha256, e.section, e.institution, e.is_total, e.period, "
    "e.metric, e.value, e.read_value, e.unit, e.status, e.read_status, e.confidence, e.page, "
    "e.box_x0, e.box_y0, e.box_x1, e.box_y1, e.raw_text, e.settlement, e.settled_by, e.note, "
    "e.review_id, m.readings, m.second_value FROM effective_values AS e "
    "LEFT JOIN measures AS m ON m.id = e.measure_id ";

EffectiveValue ToEffective(const std::vector<SqlValue>& r) {
  EffectiveValue v;
  v.measure_id = OptInt(r[0]);
  v.document_id = Int(r[1]);
  v.key = {Text(r[2]), Text(r[3]), OptText(r[4]), Int(r[5]) != 0, Text(r[6]), Text(r[7])};
  v.value = OptInt(r[8]);
  v.read_value = OptInt(r[9]);
  v.unit = Text(r[10]);
  v.status = Text(r[11]);
  v.read_status = Text(r[12]);
  v.confidence = OptReal(r[13]);
  if (std::optional<long long> p = OptInt(r[14])) v.page = static_cast<int>(*p);
  v.box = OptBox(r, 15);
  v.raw_text = Text(r[19]);
  v.settlement = OptText(r[20]);
  v.settled_by = OptText(r[21]);
  v.note = Text(r[22]);
  v.review_id = Int(r[23]);
  v.readings = static_cast<int>(OptInt(r[24]).value_or(1));
  v.second_value = OptInt(r[25]);
  return v;
}

Result<std::vector<EffectiveValue>> ReadEffective(Database& db, const std::string& sql,
                                                  const std::vector<SqlValue>& params) {
  std::vector<EffectiveValue> out;
  Status s = db.Query(sql, params, [&](const std::vector<SqlValue>& r) {
    out.push_back(ToEffective(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

constexpr const char* kReviewColumns =
    "SELECT id, sha256, section, institution, is_total, period, metric, action, old_value, "
    "new_value, note, reviewer, reviewed_at, unit, page, box_x0, box_y0, box_x1, box_y1 ";

Review ToReview(const std::vector<SqlValue>& r) {
  Review v;
  v.id = Int(r[0]);
  v.key = {Text(r[1]), Text(r[2]), OptText(r[3]), Int(r[4]) != 0, Text(r[5]), Text(r[6])};
  v.action = ParseSettlement(Text(r[7])).value_or(Settlement::kConfirmed);
  v.old_value = OptInt(r[8]);
  v.new_value = OptInt(r[9]);
  v.note = Text(r[10]);
  v.reviewer = Text(r[11]);
  v.reviewed_at = Text(r[12]);
  v.unit = Text(r[13]);
  if (std::optional<long long> p = OptInt(r[14])) v.page = static_cast<int>(*p);
  v.box = OptBox(r, 15);
  return v;
}

Result<std::vector<Review>> ReadReviews(Database& db, const std::string& sql,
                                        const std::vector<SqlValue>& params) {
  std::vector<Review> out;
  Status s = db.Query(sql, params, [&](const std::vector<SqlValue>& r) {
    out.push_back(ToReview(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

const char* SettlementName(Settlement s) {
  for (const auto& [value, name] : kSettlementNames) {
    if (value == s) return name;
  }
  return "confirmed";
}

std::optional<Settlement> ParseSettlement(std::string_view name) {
  for (const auto& [value, n] : kSettlementNames) {
    if (name == n) return value;
  }
  return std::nullopt;
}

Result<std::vector<EffectiveValue>> EffectiveValuesOf(Database& db, long long document_id) {
  return ReadEffective(db,
                       std::string(kEffectiveColumns) +
                           "WHERE e.document_id = ?1 ORDER BY e.measure_id IS NULL, "
                           "e.measure_id, e.review_id",
                       {document_id});
}

Result<std::vector<EffectiveValue>> ValuesInReview(Database& db) {
  return ReadEffective(db,
                       std::string(kEffectiveColumns) +
                           "WHERE e.status = 'review' ORDER BY e.document_id, e.page, "
                           "e.box_y0, e.box_x0, e.measure_id",
                       {});
}

Result<std::vector<ReviewDocument>> ReviewDocuments(Database& db, long long id) {
  std::vector<ReviewDocument> out;
  Status s = db.Query(
      "SELECT id, sha256, file_name, path, form, template_id, fiscal_year, group_name, "
      "ingested_at FROM documents WHERE status = 'loaded' AND form IS NOT NULL "
      "AND (?1 = 0 OR id = ?1) ORDER BY id",
      {id}, [&](const std::vector<SqlValue>& r) {
        ReviewDocument d;
        d.id = Int(r[0]);
        d.sha256 = Text(r[1]);
        d.file_name = Text(r[2]);
        d.path = Text(r[3]);
        d.form = OptText(r[4]);
        d.template_id = Text(r[5]);
        if (std::optional<long long> y = OptInt(r[6])) d.fiscal_year = static_cast<int>(*y);
        d.group_name = OptText(r[7]);
        d.ingested_at = Text(r[8]);
        out.push_back(std::move(d));
        return Status::Ok();
      });
  if (!s.ok()) return s;
  for (ReviewDocument& d : out) {
    s = db.Query("SELECT number, width, height, method FROM pages WHERE document_id = ?1 "
                 "ORDER BY number",
                 {d.id}, [&](const std::vector<SqlValue>& r) {
                   d.pages.push_back({static_cast<int>(Int(r[0])), OptReal(r[1]).value_or(0),
                                      OptReal(r[2]).value_or(0), Text(r[3])});
                   return Status::Ok();
                 });
    if (!s.ok()) return s;
  }
  return out;
}

Result<std::vector<Finding>> StoredFindings(Database& db, long long document_id) {
  std::vector<Finding> out;
  Status s = db.Query(
      "SELECT rule, severity, section, period, metric, message FROM findings "
      "WHERE document_id = ?1 ORDER BY id",
      {document_id}, [&](const std::vector<SqlValue>& r) {
        out.push_back({Text(r[0]), Text(r[1]) == "warning" ? Severity::kWarning : Severity::kError,
                       Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5])});
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return out;
}

Result<long long> LatestReviewId(Database& db, const ValueKey& key) {
  long long id = 0;
  Status s = db.Query(std::string("SELECT max(id) FROM reviews WHERE ") + kKeyMatch,
                      KeyParams(key), [&](const std::vector<SqlValue>& r) {
                        id = Int(r[0]);
                        return Status::Ok();
                      });
  if (!s.ok()) return s;
  return id;
}

Result<std::vector<Review>> ReviewHistory(Database& db, const ValueKey& key) {
  return ReadReviews(db,
                     std::string(kReviewColumns) + "FROM reviews WHERE " + kKeyMatch +
                         " ORDER BY id",
                     KeyParams(key));
}

Result<long long> AppendReview(Database& db, const Review& r) {
  std::vector<SqlValue> params = KeyParams(r.key);
  params.emplace_back(std::string(SettlementName(r.action)));
  params.push_back(Param(r.old_value));
  params.push_back(Param(r.new_value));
  params.emplace_back(r.note);
  params.emplace_back(r.reviewer);
  params.push_back(r.unit.empty() ? SqlValue() : SqlValue(r.unit));
  params.push_back(r.page ? SqlValue(static_cast<long long>(*r.page)) : SqlValue());
  for (double c : {r.box ? r.box->x0 : 0, r.box ? r.box->y0 : 0, r.box ? r.box->x1 : 0,
                   r.box ? r.box->y1 : 0}) {
    params.push_back(r.box ? SqlValue(c) : SqlValue());
  }
  long long id = 0;
  Status s = db.Query(
      "INSERT INTO reviews (sha256, section, institution, is_total, period, metric, action, "
      "old_value, new_value, note, reviewer, unit, page, box_x0, box_y0, box_x1, box_y1, "
      "reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
      "?16, ?17, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) RETURNING id",
      params, [&](const std::vector<SqlValue>& row) {
        id = Int(row[0]);
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return id;
}

Status ReplaceRechecks(Database& db, const std::string& sha256,
                       const std::vector<Recheck>& rechecks) {
  if (Status s = db.Query("DELETE FROM rechecks WHERE sha256 = ?1", {sha256}); !s.ok()) return s;
  for (const Recheck& c : rechecks) {
    std::vector<SqlValue> params = KeyParams(c.key);
    params.emplace_back(c.status);
    params.emplace_back(static_cast<long long>(c.by_rules));
    Status s = db.Query(
        "INSERT INTO rechecks (sha256, section, institution, is_total, period, metric, status, "
        "by_rules, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "(SELECT ingested_at FROM documents WHERE sha256 = ?1))",
        params);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::vector<Review>> OrphanReviews(Database& db) {
  return ReadReviews(db, std::string(kReviewColumns) + "FROM orphan_reviews ORDER BY id", {});
}

Result<std::optional<Box>> CellAt(Database& db, long long document_id, int page, double x,
                                  double y) {
  std::optional<Box> box;
  Status s = db.Query(
      "SELECT box_x0, box_y0, box_x1, box_y1 FROM cells WHERE document_id = ?1 AND page = ?2 "
      "AND box_x0 <= ?3 AND box_x1 >= ?3 AND box_y0 <= ?4 AND box_y1 >= ?4 "
      "ORDER BY (box_x1 - box_x0) * (box_y1 - box_y0) LIMIT 1",
      {document_id, static_cast<long long>(page), x, y}, [&](const std::vector<SqlValue>& r) {
        box = OptBox(r, 0);
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return box;
}

Result<ReviewCounts> CountReviews(Database& db) {
  ReviewCounts c;
  Status s = db.Query(
      "SELECT count(*), count(settled_by) - sum(settled_by = 'rules'), "
      "sum(settled_by = 'rules'), sum(status = 'review'), "
      "(SELECT count(*) FROM orphan_reviews) FROM effective_values",
      {}, [&](const std::vector<SqlValue>& r) {
        c = {Int(r[0]), Int(r[1]), Int(r[2]), Int(r[3]), Int(r[4])};
        return Status::Ok();
      });
  if (!s.ok()) return s;
  return c;
}

}  // namespace tsuzuri
