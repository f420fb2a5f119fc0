#include "datasets/table.h"

namespace tsuzuri {

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kInteger: return "integer";
    case FieldType::kNumber: return "number";
    case FieldType::kString: return "string";
    case FieldType::kBoolean: return "boolean";
  }
  return "string";
}

}  // namespace tsuzuri
