#pragma once

// Console sessions: the `openscs_session` cookie names one of these. Kept in
// memory (a restart logs everyone out, which is the safe failure), with an
// idle timeout and an absolute lifetime. Each session has its own CSRF
// token, which state-changing requests must echo in X-CSRF-Token.
//
// Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"

namespace openscs::web {

struct Session {
  std::string user;
  std::string csrf_token;
  // What the user's password was at login (a digest of its stored hash): a
  // changed password ends the session even while it is in use.
  std::string password_stamp;
  base::TimePoint created{};
  base::TimePoint last_seen{};
};

class SessionTable {
 public:
  SessionTable(const base::Clock& clock, base::RandomSource random, std::chrono::seconds idle,
               std::chrono::seconds lifetime, size_t max_sessions = 10000);

  struct Created {
    std::string id;          // the cookie value: 256 random bits, hex
    std::string csrf_token;  // 128 random bits, hex
  };
  // When the table is full the least recently used session is dropped.
  Created Create(std::string user, std::string password_stamp = "");
  // The live session with this id, its last_seen moved to now; nullopt (and
  // forgotten) when unknown, idle too long or past its lifetime.
  std::optional<Session> Find(std::string_view id);
  void Remove(std::string_view id);
  // Every session of a user (password changed, user disabled or removed).
  void RemoveUser(std::string_view user);
  size_t size() const;

 private:
  std::string RandomHex(size_t bytes);

  const base::Clock& clock_;
  base::RandomSource random_;
  const std::chrono::seconds idle_;
  const std::chrono::seconds lifetime_;
  const size_t max_sessions_;
  mutable std::mutex mutex_;
  std::map<std::string, Session, std::less<>> sessions_;
};

// Compares secrets without leaking, through timing, how much of them matched.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace openscs::web
