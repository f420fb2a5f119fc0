#include "store/export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/store/store_test_util.h"

namespace tsuzuri {
namespace {

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
  struct Case {
    SqlValue value;
    const char* want;
  };
  const std::vector<Case> cases = {
      {std::monostate{}, ""},
      {42LL, "42"},
      {-7LL, "-7"},
      {0.1, "0.1"},
      {1.0, "1"},
      {std::string("訪問診療"), "訪問診療"},
      {std::string("a,b"), "\"a,b\""},
      {std::string("say \"hi\""), "\"say \"\"hi\"\"\""},
      {std::string("two\nlines"), "\"two\nlines\""},
      {std::string("cr\r"), "\"cr\r\""},
      {std::string(""), ""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CsvField(c.value), c.want) << "want " << c.want;
  }
}

TEST(WriteCsv, WritesAHeaderAndEveryRow) {
  testing::TempDir dir;
  Result<std::unique_ptr<Database>> db = Database::Open(dir / "t.db");
  ASSERT_TRUE(db.ok());
  const long long run = *(*db)->BeginRun("{}");
  Processed p = testing::MakeProcessed("a.pdf", "G", 2022);
  p.document.sha256 = std::string(64, 'a');
  ASSERT_TRUE((*db)->SaveDocument(p, run, "a.pdf").ok());

  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(**db, "measures", out).ok());
  const std::string csv = out.str();
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "id,document_id,section,institution,is_total,period,metric,value,unit,status,"
            "confidence,page,box_x0,box_y0,box_x1,box_y1,raw_text,readings,second_value");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6) << "a header and five measures";
  EXPECT_NE(csv.find(",referrals,,0,actual,referrals,3,件,ok,1,2,0,0,0,0,\"3, \"\"三\"\"\",1,\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",plan,patients,,名,review,0.4,"), std::string::npos) << "NULL is empty";

  std::ostringstream excel;
  ASSERT_TRUE(WriteCsv(**db, "measure_values", excel, {.bom = true, .crlf = true}).ok());
  EXPECT_EQ(excel.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(excel.str().find("\r\n"), std::string::npos);

  std::ostringstream none;
  EXPECT_EQ(WriteCsv(**db, "nope", none).code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace tsuzuri
