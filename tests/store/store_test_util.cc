#include "tests/store/store_test_util.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

namespace tsuzuri::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "tsuzuri-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string FakePdf(const std::string& tag) {
  return "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n%copy " + tag + "\n";
}

Processed MakeProcessed(const std::string& file, const std::string& group, int year,
                        bool unknown_form) {
  Processed p;
  p.document.file = file;
  for (int n = 1; n <= 2; ++n) {
    Page page;
    page.number = n;
    page.width = 595;
    page.height = 842;
    Line title;
    title.raw_text = "令和4年度 グループ診療 報告書 " + group;
    title.text = title.raw_text;
    title.box = {50, 40, 500, 60};
    page.lines.push_back(title);
    Table table;
    table.box = {50, 100, 500, 300};
    table.rows = 2;
    table.cols = 2;
    Cell a;
    a.row = 0, a.col = 0, a.text = "訪問診療", a.raw_text = "訪 問 診 療";
    Cell b;
    b.row = 0, b.col = 1, b.text = "120", b.raw_text = "１２０";
    table.cells = {a, b};
    page.tables.push_back(table);
    p.document.pages.push_back(page);
    p.record.pages.push_back({n, PageMethod::kText});
  }
  Record& r = p.record;
  r.file = file;
  r.page_count = 2;
  if (!unknown_form) {
    r.form = "grouping-report";
    r.template_id = "grouping-report-r4";
    r.fiscal_year = year;
    r.group_name = group;
    for (const char* inst : {"A病院", "B診療所"}) {
      Measure m;
      m.section = "patients";
      m.institution = std::string(inst);
      m.period = "actual";
      m.metric = "patients";
      m.value = 10;
      m.unit = "名";
      m.page = 1;
      m.box = {100, 120, 150, 135};
      m.raw_text = "10";
      r.measures.push_back(m);
    }
    Measure total = r.measures.front();
    total.institution = "連携する医療機関内の合計";
    total.is_total = true;
    total.value = 20;
    total.raw_text = "20";
    r.measures.push_back(total);
    Measure blank = total;
    blank.period = "plan";
    blank.value = std::nullopt;
    blank.status = ValueStatus::kReview;
    blank.confidence = 0.4;
    blank.raw_text = "";
    r.measures.push_back(blank);
    Measure referral;
    referral.section = "referrals";
    referral.period = "actual";
    referral.metric = "referrals";
    referral.value = 3;
    referral.unit = "件";
    referral.page = 2;
    referral.raw_text = "3, \"三\"";
    r.measures.push_back(referral);
    r.initiatives.push_back(
        {1, "在宅医療の連携", "カンファレンスを月1回開く", "未実施", "月1回", "実施済", 2});
    r.findings.push_back({"missing_value", Severity::kWarning, "patients", "plan", "patients",
                          "the plan value of the total row is blank"});
  }
  return p;
}

Processor FakePipeline::processor() {
  return [this](const std::string& path, const FileInfo&) -> Result<Processed> {
    ++calls;
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    if (fail_all || fail.count(path) > 0) return Status::Corruption(path + ": damaged (test)");
    const std::string stem = fs::path(path).stem().string();
    return MakeProcessed(path, stem, 2022, stem.find("unknown") != std::string::npos);
  };
}

namespace {
struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

// A connection to `path` (created if missing) that waits up to 10 s for locks; null, with a test
// failure, when it cannot be opened.
std::unique_ptr<sqlite3, Closer> OpenForTest(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (rc != SQLITE_OK) {
    ADD_FAILURE() << "open " << path << ": " << sqlite3_errstr(rc);
    return nullptr;
  }
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

}  // namespace

std::vector<std::vector<std::string>> Query(const std::string& path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  std::unique_ptr<sqlite3, Closer> db = OpenForTest(path);
  if (!db) return rows;
  sqlite3* raw = db.get();
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(raw);
    return rows;
  }
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt(st);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const unsigned char* text = sqlite3_column_text(st, i);
      row.push_back(text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(std::move(row));
  }
  if (step != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(raw);
  return rows;
}

void ExecScript(const std::string& path, const std::string& script) {
  std::unique_ptr<sqlite3, Closer> db = OpenForTest(path);
  if (!db) return;
  char* error = nullptr;
  if (sqlite3_exec(db.get(), script.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    ADD_FAILURE() << "script: " << (error != nullptr ? error : "?");
  }
  sqlite3_free(error);
}

std::string QueryOne(const std::string& path, const std::string& sql) {
  auto rows = Query(path, sql);
  if (rows.size() != 1 || rows[0].size() != 1) {
    ADD_FAILURE() << sql << ": expected one value, got " << rows.size() << " rows";
    return "";
  }
  return rows[0][0];
}

long long QueryInt(const std::string& path, const std::string& sql) {
  return std::stoll(QueryOne(path, sql));
}

std::string DumpContent(const std::string& path) {
  static const char* const kQueries[] = {
      "SELECT id, sha256, file_name, path, size, kind, page_count, form, template_id, "
      "fiscal_year, group_name, status, error FROM documents ORDER BY id",
      "SELECT document_id, path, file_name FROM document_names ORDER BY 1, 2",
      "SELECT document_id, number, method, width, height, rotation, text_layer, text FROM pages "
      "ORDER BY document_id, number",
      "SELECT document_id, section, institution, is_total, period, metric, value, unit, status, "
      "confidence, page, box_x0, box_y0, box_x1, box_y1, raw_text FROM measures ORDER BY id",
      "SELECT document_id, no, title, content, current, target, actual, page FROM initiatives "
      "ORDER BY id",
      "SELECT document_id, rule, severity, section, period, metric, message FROM findings "
      "ORDER BY id",
  };
  std::string out;
  for (const char* sql : kQueries) {
    for (const auto& row : Query(path, sql)) {
      for (const std::string& v : row) out += v + "|";
      out += "\n";
    }
    out += "--\n";
  }
  return out;
}

}  // namespace tsuzuri::testing
