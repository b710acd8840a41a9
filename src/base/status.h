#pragma once

// The project's one error vocabulary: a Status (code + message) and a
// Result<T> (a value or a Status), shaped like C++23 std::expected so that the
// move to it is mechanical. Bad input from the network, a device or a file is
// reported through these; a broken invariant is an assert, never a Status.

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace openscs::base {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is malformed (a field, a flag, a file)
  kNotFound,            // a looked-up thing does not exist
  kAlreadyExists,
  kFailedPrecondition,  // the system is not in a state that allows the call
  kPermissionDenied,
  kUnavailable,         // a peer or resource cannot be reached now; retrying may help
  kDeadlineExceeded,
  kDataLoss,            // stored or transferred data is corrupt or truncated
  kIoError,             // an operating-system call failed
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != StatusCode::kOk || message_.empty());
  }

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid_argument: <message>", or "ok".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string message) {
  return {StatusCode::kInvalidArgument, std::move(message)};
}
inline Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
inline Status PermissionDenied(std::string message) {
  return {StatusCode::kPermissionDenied, std::move(message)};
}
inline Status Unavailable(std::string message) { return {StatusCode::kUnavailable, std::move(message)}; }
inline Status AlreadyExists(std::string message) {
  return {StatusCode::kAlreadyExists, std::move(message)};
}
inline Status FailedPrecondition(std::string message) {
  return {StatusCode::kFailedPrecondition, std::move(message)};
}
inline Status DataLoss(std::string message) { return {StatusCode::kDataLoss, std::move(message)}; }
inline Status IoError(std::string message) { return {StatusCode::kIoError, std::move(message)}; }
inline Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

// A value of T, or the Status that says why there is none. The error Status is
// never OK. Accessing value() of an error (or error() of a value) is a bug and
// asserts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit like std::expected
  Result(Status error) : data_(std::move(error)) {  // NOLINT
    assert(!std::get<Status>(data_).ok());
  }

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  const Status& error() const {
    assert(!has_value());
    return std::get<1>(data_);
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace openscs::base
