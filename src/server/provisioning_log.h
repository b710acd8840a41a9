#pragma once

// The per-system provisioning log (the seed's "AMT Logs", keyed by UUID):
// entries go to the database through the DbWorker's queue, filtered by the
// current level, which an admin changes at run time (`openscs settings
// log-level`, re-read every second). Each entry is mirrored to the process
// log. Messages must never carry a secret: callers pass names and codes.
//
// Thread-safe.

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "server/db_worker.h"
#include "store/records.h"

namespace openscs::server {

class ProvisioningLog {
 public:
  ProvisioningLog(DbWorker& db, const base::Clock& clock, store::LogLevel level)
      : db_(db), clock_(clock), level_(static_cast<int>(level)) {}

  store::LogLevel level() const { return static_cast<store::LogLevel>(level_.load()); }
  void SetLevel(store::LogLevel level) { level_.store(static_cast<int>(level)); }
  bool Enabled(store::LogLevel level) const { return static_cast<int>(level) <= level_.load(); }

  // Called with every entry that is written (the web console's live
  // updates). Set before the server's threads start; must not block.
  void SetObserver(std::function<void(const store::LogEntry&)> observer) { observer_ = std::move(observer); }

  // `uuid` "" for server-wide entries (a malformed hello has no trusted UUID).
  void Write(store::LogLevel level, std::string_view uuid, std::string_view code, std::string_view step,
             std::string message);

 private:
  DbWorker& db_;
  const base::Clock& clock_;
  std::atomic<int> level_;
  std::function<void(const store::LogEntry&)> observer_;
};

}  // namespace openscs::server
