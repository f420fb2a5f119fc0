// The datasets stage on real SQLite files made from hand-made records (tests/store's helpers),
// the real templates/ and ICU: the canonical rows and their order, the codebook, group_years, and
// the CSV and CP932 writers byte for byte. The exports as analysts' tools read them (pandas,
// openpyxl, LibreOffice) are tested by tests/datasets/clients_test.py.
#include <gtest/gtest.h>

#include <sstream>

#include "datasets/csv_writer.h"
#include "datasets/dataset.h"
#include "datasets/encoding.h"
#include "datasets/group_years.h"
#include "datasets/jsonl_writer.h"
#include "datasets/xlsx_writer.h"
#include "fields/template.h"
#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

std::string Encode(TextEncoder& e, std::string_view text, Status* status = nullptr) {
  std::string out;
  Status s = e.Append(text, &out);
  if (status) *status = s;
  return out;
}

TEST(TextEncoder, WritesCp932BytesOfJapaneseText) {
  Result<std::unique_ptr<TextEncoder>> e = TextEncoder::Create(TextEncoding::kCp932);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  // Shift_JIS codes from the JIS X 0208 table: 中 0x9286, 名 0x96BC, ① (NEC row 13) 0x8740.
  EXPECT_EQ(Encode(**e, "a,中名①"), "a,\x92\x86\x96\xBC\x87\x40");
  // WAVE DASH and MINUS SIGN are the JIS characters at 0x8160 and 0x817C.
  EXPECT_EQ(Encode(**e, "1〜2−3"), "1\x81\x60" "2\x81\x7C" "3");
}

TEST(TextEncoder, RefusesACharacterCp932CannotHoldAndNamesIt) {
  Result<std::unique_ptr<TextEncoder>> e = TextEncoder::Create(TextEncoding::kCp932);
  ASSERT_TRUE(e.ok());
  Status s;
  Encode(**e, "𠮷野家", &s);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("U+20BB7"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("𠮷"), std::string::npos) << s.message();
  Encode(**e, "鷗外", &s);
  EXPECT_NE(s.message().find("U+9DD7"), std::string::npos) << "not in JIS X 0208: " << s.message();
}

TEST(TextEncoder, PassesUtf8ThroughUnchanged) {
  Result<std::unique_ptr<TextEncoder>> e = TextEncoder::Create(TextEncoding::kUtf8);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(Encode(**e, "𠮷野家"), "𠮷野家");
}

TEST(DisplayWidth, CountsFullWidthCharactersTwice) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("中沢台クリニック"), 16);
  EXPECT_EQ(DisplayWidth("ｸﾘﾆｯｸ"), 5) << "half-width katakana";
  EXPECT_EQ(DisplayWidth("１２名"), 6);
  EXPECT_EQ(DisplayWidth(""), 0);
}

// A two-field table in memory.
struct SmallTable {
  std::vector<std::vector<DataCell>> rows;
  DataTable table;
  SmallTable() {
    table.name = "t";
    table.fields = {{"name", FieldType::kString, "名前", "", ""},
                    {"n", FieldType::kInteger, "数", "", ""},
                    {"flag", FieldType::kBoolean, "", "", ""},
                    {"x", FieldType::kNumber, "", "", ""}};
    table.row = [this](size_t i, std::vector<DataCell>* out) { *out = rows[i]; };
  }
  void Add(std::vector<DataCell> row) {
    rows.push_back(std::move(row));
    table.row_count = rows.size();
  }
};

TEST(WriteTableCsv, WritesBothDialectsByteForByte) {
  SmallTable t;
  t.Add({std::string_view("北原医院"), 12LL, 1LL, 0.5});
  t.Add({std::string_view("a,\"b\""), DataCell(), 0LL, DataCell()});
  std::ostringstream plain, excel;
  ASSERT_TRUE(WriteTableCsv(t.table, plain, CsvFormat::Plain()).ok());
  ASSERT_TRUE(WriteTableCsv(t.table, excel, CsvFormat::Excel()).ok());
  EXPECT_EQ(plain.str(), "name,n,flag,x\n北原医院,12,1,0.5\n\"a,\"\"b\"\"\",,0,\n");
  EXPECT_EQ(excel.str(),
            "\xEF\xBB\xBFname,n,flag,x\r\n北原医院,12,1,0.5\r\n\"a,\"\"b\"\"\",,0,\r\n");
}

TEST(WriteTableCsv, InCp932HasNoBomAndNamesTheRowAndFieldItCannotWrite) {
  SmallTable t;
  t.Add({std::string_view("中"), 1LL, 0LL, DataCell()});
  std::ostringstream ok;
  ASSERT_TRUE(WriteTableCsv(t.table, ok, CsvFormat::Excel(TextEncoding::kCp932)).ok());
  EXPECT_EQ(ok.str(), "name,n,flag,x\r\n\x92\x86,1,0,\r\n");
  t.Add({std::string_view("𠮷田医院"), 2LL, 0LL, DataCell()});
  std::ostringstream bad;
  Status s = WriteTableCsv(t.table, bad, CsvFormat::Plain(TextEncoding::kCp932));
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("t, row 2, field name"), std::string::npos) << s.message();
  EXPECT_EQ(bad.str().find('?'), std::string::npos) << "never a silent '?'";
}

TEST(WriteTableJsonl, WritesTypedValuesAndNulls) {
  SmallTable t;
  t.Add({std::string_view("中\"沢"), 12LL, 1LL, 0.25});
  t.Add({DataCell(), DataCell(), 0LL, DataCell()});
  std::ostringstream out;
  ASSERT_TRUE(WriteTableJsonl(t.table, out).ok());
  EXPECT_EQ(out.str(),
            "{\"name\":\"中\\\"沢\",\"n\":12,\"flag\":true,\"x\":0.25}\n"
            "{\"name\":null,\"n\":null,\"flag\":false,\"x\":null}\n");
}

TEST(Codebook, DescribesEverySectionMetricAndPeriodOfTheTemplates) {
  Result<TemplateSet> templates = LoadTemplates("templates");
  ASSERT_TRUE(templates.ok()) << templates.status().ToString();
  const Codebook c = MakeCodebook({}, *templates);
  std::string undescribed;
  for (const std::string& u : c.undescribed) undescribed += u + "\n";
  EXPECT_TRUE(c.undescribed.empty())
      << "add these to the template's codebook block (docs/templates.md):\n"
      << undescribed;
  // The period headings as the forms print them (the reference reports of both versions).
  const CodebookEntryRow* r4 = c.Find("period", "current", "grouping-report-r4");
  ASSERT_NE(r4, nullptr);
  EXPECT_EQ(r4->label, "現状");
  EXPECT_EQ(r4->meaning, "補助金交付申請の前月から過去6箇月間の状況");
  const CodebookEntryRow* h30 = c.Find("period", "plan", "grouping-report-h30");
  ASSERT_NE(h30, nullptr);
  EXPECT_EQ(h30->label, "取組目標");
  EXPECT_EQ(h30->meaning, "事前協議月から向こう6箇月間の取組");
  EXPECT_EQ(c.Label("period", "plan"), "取組目標／計画") << "two versions, two labels";
  EXPECT_EQ(c.Label("metric", "visits_oushin"), "うち往診");
}

TEST(Codebook, ATemplateCannotDescribeWhatItDoesNotRead) {
  Result<TemplateSet> templates = LoadTemplates("templates");
  ASSERT_TRUE(templates.ok());
  std::string yaml = R"(id: t
form: f
recognize: {all: [x]}
sections:
  - id: s
    heading: ^s
    institution_column: ^a
    periods: {current: ^b}
    metrics: [m]
    values: ["{m}件"]
    unit: 件
codebook:
  periods:
    later: {label: 後}
)";
  Result<Template> t = ParseTemplate(yaml, "t.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("no periods 'later'"), std::string::npos)
      << t.status().message();
}

class DatasetOnStore : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(dir_ / "t.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    const long long run = *db_->BeginRun("{}");
    // Saved out of order: the export orders them by year, group and file.
    Save("b.pdf", "北", 2023, run);
    Save("a.pdf", "南", 2022, run);
    Save("c.pdf", "北", 2022, run);
    Result<TemplateSet> templates = LoadTemplates("templates");
    ASSERT_TRUE(templates.ok());
    templates_ = std::move(templates).value();
  }
  void Save(const std::string& file, const std::string& group, int year, long long run) {
    Processed p = testing::MakeProcessed(file, group, year);
    p.document.sha256 = std::string(64, file[0]);
    ASSERT_TRUE(db_->SaveDocument(p, run, file).ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  TemplateSet templates_;
};

TEST_F(DatasetOnStore, OrdersValuesByYearGroupAndFileAndKeepsTheirSource) {
  Result<Dataset> d = LoadDataset(*db_, "t.db", templates_, {});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->values.size(), 15u) << "five measures of three documents";
  std::vector<std::string> files;
  for (const ValueRow& v : d->values) {
    if (files.empty() || files.back() != v.file_name) files.push_back(v.file_name);
  }
  EXPECT_EQ(files, (std::vector<std::string>{"c.pdf", "a.pdf", "b.pdf"}))
      << "2022 北, 2022 南, 2023 北";
  const ValueRow& first = d->values[0];
  EXPECT_EQ(first.fiscal_year_label, "令和4年度");
  EXPECT_EQ(first.institution.value_or(""), "A病院");
  EXPECT_EQ(first.value.value_or(-1), 10);
  EXPECT_EQ(first.page, 1);
  EXPECT_EQ(first.box_x0, 100);
  EXPECT_EQ(first.box_y1, 135);
  EXPECT_EQ(first.raw_text, "10");
  const ValueRow& blank = d->values[3];
  EXPECT_EQ(blank.status, "review");
  EXPECT_FALSE(blank.value.has_value());
  EXPECT_EQ(blank.empty_reason.value_or(""), "blank");
  EXPECT_EQ(d->ReviewNote(3), "missing_value: the plan value of the total row is blank");
  EXPECT_EQ(d->ReviewNote(0), "") << "ok values need no note";
  EXPECT_EQ(d->values[4].institution, std::nullopt) << "referrals have no institution";
}

TEST_F(DatasetOnStore, FiltersByYearGroupAndStatus) {
  ExportFilter filter;
  filter.years = {2022};
  filter.groups = {"北"};
  filter.ok_only = true;
  Result<Dataset> d = LoadDataset(*db_, "t.db", templates_, filter);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->values.size(), 4u) << "c.pdf without its value to review";
  for (const ValueRow& v : d->values) EXPECT_EQ(v.file_name, "c.pdf");
  ASSERT_EQ(d->documents.size(), 1u);
  EXPECT_EQ(d->findings.size(), 1u);
  EXPECT_EQ(d->info.filter, "year 2022; group 北; status ok (values to review left out)");
}

TEST_F(DatasetOnStore, GroupYearsLinkAGroupByItsNameAndGiveTheChange) {
  Result<Dataset> d = LoadDataset(*db_, "t.db", templates_, {});
  ASSERT_TRUE(d.ok());
  const GroupYears& g = d->group_years;
  ASSERT_EQ(g.rows.size(), 3u);
  // 2022 北 (c.pdf) and 南 (a.pdf) share their institutions, but 北 is first and takes 2023 北
  // by name; 南 is a group of its own.
  EXPECT_EQ(g.rows[0].file_name, "c.pdf");
  EXPECT_EQ(g.rows[0].group_id, "G1");
  EXPECT_EQ(g.rows[1].group_id, "G2");
  EXPECT_EQ(g.rows[2].file_name, "b.pdf");
  EXPECT_EQ(g.rows[2].group_id, "G1");
  EXPECT_EQ(g.rows[2].previous_fiscal_year.value_or(0), 2022);
  EXPECT_EQ(g.rows[2].same_group_evidence, "group name 「北」 as before, last in 2022 (c.pdf)");
  EXPECT_EQ(g.rows[1].same_group_evidence, "first report of the group");
  const auto actual = std::find(g.columns.begin(), g.columns.end(),
                                std::make_pair(std::string("patients"), std::string("actual")));
  ASSERT_NE(actual, g.columns.end());
  const size_t k = actual - g.columns.begin();
  EXPECT_EQ(g.rows[2].totals[k].value_or(-1), 20);
  EXPECT_EQ(g.rows[2].changes[k].value_or(-1), 0) << "20 - 20";
  EXPECT_FALSE(g.rows[0].changes[k].has_value()) << "no year before";
}

ValueRow Value(long long document, const std::string& institution, long long value) {
  ValueRow v;
  v.document_id = document;
  v.section = "patients";
  v.metric = "patients";
  v.period = "actual";
  v.unit = "名";
  v.status = "ok";
  v.institution = institution;
  v.is_total = institution == "合計";
  v.value = value;
  return v;
}

DocumentRow Document(long long id, int year, std::optional<std::string> group) {
  DocumentRow d;
  d.document_id = id;
  d.file_name = std::to_string(id) + ".pdf";
  d.status = "loaded";
  d.form = "grouping-report";
  d.fiscal_year = year;
  d.group_name = group;
  return d;
}

TEST(GroupYears, LinkUnnamedReportsThatShareHalfTheirInstitutions) {
  const std::vector<DocumentRow> documents = {Document(1, 2021, std::nullopt),
                                              Document(2, 2021, std::nullopt),
                                              Document(3, 2022, std::nullopt),
                                              Document(4, 2024, std::nullopt)};
  std::vector<ValueRow> values;
  for (auto [doc, inst, v] : std::vector<std::tuple<long long, std::string, long long>>{
           {1, "あ", 1}, {1, "い", 2}, {1, "う", 3}, {1, "合計", 6},
           {2, "か", 1}, {2, "合計", 1},
           {3, "あ", 2}, {3, "い", 2}, {3, "え", 5}, {3, "合計", 9},
           {4, "え", 1}, {4, "お", 1}, {4, "き", 1}, {4, "合計", 3}}) {
    values.push_back(Value(doc, inst, v));
  }
  const GroupYears g = MakeGroupYears(documents, values);
  ASSERT_EQ(g.rows.size(), 4u);
  EXPECT_EQ(g.rows[2].document_id, 3);
  EXPECT_EQ(g.rows[2].group_id, "G1") << "あ and い of three";
  EXPECT_EQ(g.rows[2].same_group_evidence, "2 of 3 institutions shared with 2021 (1.pdf)");
  EXPECT_EQ(g.rows[2].changes[0].value_or(-99), 3) << "9 - 6";
  EXPECT_EQ(g.rows[3].group_id, "G3") << "one of three shared is less than half";
  EXPECT_EQ(g.rows[3].institutions, 3);
}

TEST(GroupYears, GiveNoChangeAcrossAGapYear) {
  const std::vector<DocumentRow> documents = {Document(1, 2020, "X"), Document(2, 2022, "X")};
  const std::vector<ValueRow> values = {Value(1, "合計", 5), Value(2, "合計", 8)};
  const GroupYears g = MakeGroupYears(documents, values);
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.rows[1].group_id, "G1");
  EXPECT_EQ(g.rows[1].previous_fiscal_year.value_or(0), 2020);
  EXPECT_FALSE(g.rows[1].changes[0].has_value()) << "2021 is missing: no change from it";
}

}  // namespace
}  // namespace tsuzuri
