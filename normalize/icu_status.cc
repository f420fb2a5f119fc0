#include "normalize/icu_status.h"

#include <string>

namespace tsuzuri {

Status IcuError(std::string_view context, UErrorCode code) {
  if (U_SUCCESS(code)) return Status::Ok();
  std::string msg(context);
  msg += ": ";
  msg += u_errorName(code);
  if (code >= U_REGEX_ERROR_START && code < U_REGEX_ERROR_LIMIT) {
    // Time-outs and stack overflows are limits hit while matching, not bad patterns.
    if (code == U_REGEX_TIME_OUT || code == U_REGEX_STACK_OVERFLOW) {
      return Status::ResourceExhausted(msg);
    }
    return Status::InvalidArgument(msg);
  }
  switch (code) {
    case U_MEMORY_ALLOCATION_ERROR:
      return Status::ResourceExhausted(msg);
    case U_ILLEGAL_ARGUMENT_ERROR:
    case U_PARSE_ERROR:
      return Status::InvalidArgument(msg);
    case U_INVALID_CHAR_FOUND:
    case U_TRUNCATED_CHAR_FOUND:
    case U_ILLEGAL_CHAR_FOUND:
    case U_INVALID_FORMAT_ERROR:
      return Status::Corruption(msg);
    case U_MISSING_RESOURCE_ERROR:
    case U_FILE_ACCESS_ERROR:
      return Status::IOError(msg);  // ICU's data is missing or unreadable
    case U_UNSUPPORTED_ERROR:
      return Status::NotSupported(msg);
    default:
      return Status::Internal(msg);
  }
}

}  // namespace tsuzuri
