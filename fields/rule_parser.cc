#include "fields/rule_parser.h"

#include <cctype>

namespace tsuzuri {
namespace {

bool NameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool NameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

Result<Equation> ParseEquation(std::string_view text) {
  Equation eq;
  size_t i = 0;
  auto skip = [&] {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  auto name = [&]() -> std::string {
    skip();
    const size_t start = i;
    if (i < text.size() && NameStart(text[i])) {
      while (i < text.size() && NameChar(text[i])) ++i;
    }
    return std::string(text.substr(start, i - start));
  };
  const std::string bad = "check '" + std::string(text) + "': ";
  eq.lhs = name();
  if (eq.lhs.empty()) return Status::InvalidArgument(bad + "expected a name first");
  skip();
  if (text.substr(i, 2) == "<=") {
    eq.op = "<=";
    i += 2;
  } else if (i < text.size() && text[i] == '=') {
    eq.op = "=";
    ++i;
  } else {
    return Status::InvalidArgument(bad + "expected = or <= after '" + eq.lhs + "'");
  }
  int sign = 1;
  while (true) {
    std::string term = name();
    if (term.empty()) return Status::InvalidArgument(bad + "expected a name");
    eq.rhs.emplace_back(sign, std::move(term));
    skip();
    if (i == text.size()) break;
    if (text[i] == '+') {
      sign = 1;
    } else if (text[i] == '-') {
      sign = -1;
    } else {
      return Status::InvalidArgument(bad + "expected + or - at '" + std::string(text.substr(i)) +
                                     "'");
    }
    ++i;
  }
  return eq;
}

}  // namespace tsuzuri
