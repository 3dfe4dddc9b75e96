// Status and Result<T>: the one error type for expected failures across the platform.
//
// A Status is OK or carries a code, a message and an optional location ("file:line:col" or
// a field path). Engines return Status / Result<T>; exceptions never cross a module
// boundary. Thread-safety: const methods may be called concurrently; a Status is a value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ics {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input: the caller must fix the input (HTTP 400, exit 2)
  kNotFound,          // a named thing does not exist (HTTP 404)
  kAlreadyExists,     // duplicate id or key (HTTP 409)
  kConflict,          // concurrent change or version mismatch (HTTP 409)
  kPermissionDenied,  // signed in but not allowed (HTTP 403)
  kUnauthenticated,   // not signed in (HTTP 401)
  kResourceExhausted, // input exceeds a stated limit (HTTP 413, exit 2)
  kFailedPrecondition,// valid input that fails a check (exit 1)
  kUnavailable,       // a dependency is down; retry may help (HTTP 503)
  kInternal,          // a bug: an invariant broke (HTTP 500)
};

// Stable snake_case name for a code, used in JSON errors ("invalid_argument").
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message, std::string where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Where the problem is: "file:line:col", a field path, or empty.
  const std::string& where() const { return where_; }

  // "where: message" (or just the message) for terminals and logs.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string where_;
};

inline Status InvalidArgument(std::string message, std::string where = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(where));
}
inline Status NotFound(std::string message, std::string where = {}) {
  return Status(StatusCode::kNotFound, std::move(message), std::move(where));
}
inline Status ResourceExhausted(std::string message, std::string where = {}) {
  return Status(StatusCode::kResourceExhausted, std::move(message), std::move(where));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT
  // REQUIRES: !status.ok()

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace ics

#define ICS_CONCAT_INNER_(a, b) a##b
#define ICS_CONCAT_(a, b) ICS_CONCAT_INNER_(a, b)

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define ICS_RETURN_IF_ERROR(expr)             \
  do {                                        \
    ::ics::Status ics_status_ = (expr);       \
    if (!ics_status_.ok()) return ics_status_; \
  } while (0)

// Declares `lhs` from a Result<T> expression, or returns its Status early.
#define ICS_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto ICS_CONCAT_(ics_result_, __LINE__) = (expr);                      \
  if (!ICS_CONCAT_(ics_result_, __LINE__).ok())                          \
    return ICS_CONCAT_(ics_result_, __LINE__).status();                  \
  lhs = std::move(ICS_CONCAT_(ics_result_, __LINE__)).value()
