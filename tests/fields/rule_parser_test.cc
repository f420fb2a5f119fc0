#include "fields/rule_parser.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

TEST(RuleParser, ReadsASumWithSigns) {
  Result<Equation> eq = ParseEquation("diff = after - before");
  ASSERT_TRUE(eq.ok()) << eq.status().ToString();
  EXPECT_EQ(eq->lhs, "diff");
  EXPECT_EQ(eq->op, "=");
  ASSERT_EQ(eq->rhs.size(), 2u);
  EXPECT_EQ(eq->rhs[0], (std::pair<int, std::string>{1, "after"}));
  EXPECT_EQ(eq->rhs[1], (std::pair<int, std::string>{-1, "before"}));
}

TEST(RuleParser, ReadsAnInequality) {
  Result<Equation> eq = ParseEquation("deaths_outside_hospital <= deaths");
  ASSERT_TRUE(eq.ok()) << eq.status().ToString();
  EXPECT_EQ(eq->op, "<=");
  EXPECT_EQ(eq->rhs.size(), 1u);
}

TEST(RuleParser, RejectsMalformedChecks) {
  for (const char* bad : {"", "= a", "a b", "a = ", "a = b +", "a = b * c", "a == b", "1a = b"}) {
    EXPECT_FALSE(ParseEquation(bad).ok()) << "case: '" << bad << "'";
  }
}

}  // namespace
}  // namespace tsuzuri
