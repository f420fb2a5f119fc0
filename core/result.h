// Result<T>: a value or the Status that explains why there is none (as simdjson_result or
// absl::StatusOr). Never holds an OK Status without a value. Thread-compatible.
#ifndef TSUZURI_CORE_RESULT_H_
#define TSUZURI_CORE_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace tsuzuri {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  // OK when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  // Requires ok().
  const T& value() const& { return std::get<T>(data_); }
  T& value() & { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace tsuzuri

#endif  // TSUZURI_CORE_RESULT_H_
