#include "fields/template.h"

#include <gtest/gtest.h>

namespace tsuzuri {
namespace {

constexpr const char* kMinimal = R"(
id: t
form: f
recognize: {all: [x]}
sections:
  - id: s
    institution_column: ^名
    periods: {current: ^現状}
    metrics: [a]
    values: ["{a}件"]
rules:
  - id: r
    kind: sum_of_rows
    section: s
    message: m
)";

TEST(Template, TheShippedTemplatesLoad) {
  Result<TemplateSet> set = LoadTemplates("templates");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_GE(set->templates.size(), 2u);
  for (const Template& t : set->templates) {
    EXPECT_EQ(t.form, "grouping-report") << t.id;
    EXPECT_EQ(t.sections.size(), 4u) << t.id;
    EXPECT_EQ(t.rules.size(), 4u) << t.id;
    ASSERT_TRUE(t.initiatives.has_value()) << t.id;
  }
}

TEST(Template, MinimalTemplateParses) {
  Result<Template> t = ParseTemplate(kMinimal, "mini.yaml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->sections.size(), 1u);
  const SectionSpec& s = t->sections[0];
  ASSERT_EQ(s.values.size(), 1u);
  EXPECT_EQ(s.values[0].fields, std::vector<std::string>{"a"});
  Match m;
  ASSERT_TRUE(s.values[0].pattern.FullMatch("12件", &m));
  EXPECT_EQ(m.group(1).text, "12");
}

TEST(Template, PlaceholdersLeaveQuantifiersAlone) {
  std::string yaml = kMinimal;
  const std::string from = "\"{a}件\"";
  yaml.replace(yaml.find(from), from.size(), "\"\\\\d{2}:{a}件\"");
  Result<Template> t = ParseTemplate(yaml, "q.yaml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->sections[0].values[0].pattern.FullMatch("12:5件", nullptr));
  EXPECT_FALSE(t->sections[0].values[0].pattern.FullMatch("1:5件", nullptr));
}

struct BadCase {
  std::string from, to, says;
};

TEST(Template, ErrorsSayWhatAndWhere) {
  const BadCase cases[] = {
      {"id: t\n", "", "missing key 'id'"},
      {"{all: [x]}", "{all: [\"(\"]}", "recognize.all"},
      {"kind: sum_of_rows", "kind: product", "unknown kind 'product'"},
      {"section: s\n    message", "section: nope\n    message", "no section 'nope'"},
      {"\"{a}件\"", "\"{b}件\"", "placeholder {b}"},
      {"\"{a}件\"", "\"件\"", "needs a {placeholder}"},
      {"metrics: [a]", "metrics: []", "needs metrics"},
      {"periods: {current: ^現状}", "periods: [^現状]", "must map names"},
      {"form: f\n", "form: f\n  bad indent: [\n", "yaml-cpp"},
  };
  for (const BadCase& c : cases) {
    std::string yaml = kMinimal;
    const size_t at = yaml.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    yaml.replace(at, c.from.size(), c.to);
    Result<Template> t = ParseTemplate(yaml, "bad.yaml");
    ASSERT_FALSE(t.ok()) << "case: " << c.says;
    EXPECT_EQ(t.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(t.status().message().find("bad.yaml: "), std::string::npos) << t.status().message();
    EXPECT_NE(t.status().message().find(c.says), std::string::npos)
        << "case: " << c.says << " -> " << t.status().message();
  }
}

TEST(Template, MissingFolderIsNotFound) {
  Result<TemplateSet> set = LoadTemplates("no/such/folder");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace tsuzuri
