#include "web/sessions.h"

#include <algorithm>
#include <vector>

#include <sodium.h>

#include "base/hex.h"

namespace openscs::web {

SessionTable::SessionTable(const base::Clock& clock, base::RandomSource random, std::chrono::seconds idle,
                           std::chrono::seconds lifetime, size_t max_sessions)
    : clock_(clock), random_(std::move(random)), idle_(idle), lifetime_(lifetime), max_sessions_(max_sessions) {}

std::string SessionTable::RandomHex(size_t bytes) {
  std::vector<std::byte> raw(bytes);
  random_(raw);
  return base::ToHex(raw);
}

SessionTable::Created SessionTable::Create(std::string user, std::string password_stamp) {
  Created created{RandomHex(32), RandomHex(16)};
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_sessions_) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    sessions_.erase(oldest);
  }
  sessions_.emplace(created.id, Session{std::move(user), created.csrf_token, std::move(password_stamp), now, now});
  return created;
}

std::optional<Session> SessionTable::Find(std::string_view id) {
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen > idle_ || now - it->second.created > lifetime_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionTable::Remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

void SessionTable::RemoveUser(std::string_view user) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [user](const auto& entry) { return entry.second.user == user; });
}

size_t SessionTable::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace openscs::web
