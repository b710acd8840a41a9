#pragma once

// Slows down password guessing: after `max_failures` failed logins within
// `window` from one client address, or for one user name, further attempts
// are refused (429 with Retry-After) until the oldest failure leaves the
// window. A successful login clears the user name's failures (not the
// address's: one right guess must not reset a spray of wrong ones).
//
// Memory is bounded: at most `max_keys` keys are tracked; the stalest go.
// Thread-safe.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace openscs::web {

class LoginLimiter {
 public:
  struct Limits {
    size_t max_failures_per_user = 5;
    size_t max_failures_per_address = 20;
    std::chrono::seconds window{300};
    size_t max_keys = 10000;
  };
  LoginLimiter(const base::Clock& clock, Limits limits);

  // Seconds to wait before trying again, or nullopt when allowed now.
  std::optional<std::chrono::seconds> RetryAfter(std::string_view address, std::string_view user);
  void RecordFailure(std::string_view address, std::string_view user);
  void RecordSuccess(std::string_view user);

 private:
  using Failures = std::deque<base::TimePoint>;
  std::optional<std::chrono::seconds> Check(const std::string& key, size_t limit, base::TimePoint now);
  void Add(const std::string& key, base::TimePoint now);

  const base::Clock& clock_;
  const Limits limits_;
  std::mutex mutex_;
  std::map<std::string, Failures, std::less<>> failures_;
};

}  // namespace openscs::web
