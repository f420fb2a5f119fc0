#include "core/record.h"

namespace tsuzuri {

const char* ValueStatusName(ValueStatus status) {
  return status == ValueStatus::kOk ? "ok" : "review";
}

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

}  // namespace tsuzuri
