// Internal to fields/: the tiny expression language of validation rules,
// "lhs = a + b - c" or "lhs <= a".
#ifndef TSUZURI_FIELDS_RULE_PARSER_H_
#define TSUZURI_FIELDS_RULE_PARSER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tsuzuri {

struct Equation {
  std::string lhs;
  std::string op;                                // "=" or "<="
  std::vector<std::pair<int, std::string>> rhs;  // (+1 | -1, name)
};

// Names are [A-Za-z_][A-Za-z0-9_]*. Fails with InvalidArgument saying what is wrong.
Result<Equation> ParseEquation(std::string_view text);

}  // namespace tsuzuri

#endif  // TSUZURI_FIELDS_RULE_PARSER_H_
