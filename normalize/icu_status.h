// Internal to normalize/: turns ICU error codes into tsuzuri::Status, in one place, keeping ICU's
// own error name (u_errorName). Include only from normalize/*.cc; no public header may include it,
// since it brings in ICU's types. Thread-safe (pure functions).
#ifndef TSUZURI_NORMALIZE_ICU_STATUS_H_
#define TSUZURI_NORMALIZE_ICU_STATUS_H_

#include <unicode/utypes.h>

#include <string_view>

#include "core/status.h"

namespace tsuzuri {

// "<context>: <ICU error name>" with a code chosen from the error; Status::Ok() unless
// U_FAILURE(code) (ICU warnings count as success).
Status IcuError(std::string_view context, UErrorCode code);

}  // namespace tsuzuri

#endif  // TSUZURI_NORMALIZE_ICU_STATUS_H_
