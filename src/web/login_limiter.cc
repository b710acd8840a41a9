#include "web/login_limiter.h"

#include <algorithm>

namespace openscs::web {
namespace {

std::string AddressKey(std::string_view address) { return "addr:" + std::string(address); }
std::string UserKey(std::string_view user) { return "user:" + std::string(user); }

}  // namespace

LoginLimiter::LoginLimiter(const base::Clock& clock, Limits limits) : clock_(clock), limits_(limits) {}

std::optional<std::chrono::seconds> LoginLimiter::Check(const std::string& key, size_t limit, base::TimePoint now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  Failures& f = it->second;
  while (!f.empty() && now - f.front() >= limits_.window) f.pop_front();
  if (f.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (f.size() < limit) return std::nullopt;
  const auto wait = std::chrono::ceil<std::chrono::seconds>(f.front() + limits_.window - now);
  return std::max(wait, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> LoginLimiter::RetryAfter(std::string_view address, std::string_view user) {
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto by_address = Check(AddressKey(address), limits_.max_failures_per_address, now);
  auto by_user = Check(UserKey(user), limits_.max_failures_per_user, now);
  if (by_address && by_user) return std::max(*by_address, *by_user);
  return by_address ? by_address : by_user;
}

void LoginLimiter::Add(const std::string& key, base::TimePoint now) {
  if (failures_.size() >= limits_.max_keys && failures_.find(key) == failures_.end()) {
    // Drop the key whose latest failure is oldest.
    auto stalest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
      return a.second.back() < b.second.back();
    });
    failures_.erase(stalest);
  }
  Failures& f = failures_[key];
  f.push_back(now);
  // Only the newest failures up to the larger limit matter.
  const size_t keep = std::max(limits_.max_failures_per_address, limits_.max_failures_per_user);
  while (f.size() > keep) f.pop_front();
}

void LoginLimiter::RecordFailure(std::string_view address, std::string_view user) {
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  Add(AddressKey(address), now);
  Add(UserKey(user), now);
}

void LoginLimiter::RecordSuccess(std::string_view user) {
  std::lock_guard lock(mutex_);
  if (auto it = failures_.find(UserKey(user)); it != failures_.end()) failures_.erase(it);
}

}  // namespace openscs::web
