#pragma once

// The trace: every hello, TLS handshake result and SOAP/WS-Man request and
// response, one line each, to a rotating file (the seed's "OOB Trace
// Logging"). Callers hand in text that is already redacted (amtclient
// replaces passwords, PPS, digests and keys with "***"); as a second line
// of defence Record() masks any secret registered with AddSecret().
//
// Thread-safe.

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"

namespace spdlog {
class logger;
}

namespace openscs::server {

class Trace {
 public:
  static base::Result<std::unique_ptr<Trace>> Open(const std::string& path, size_t max_bytes, size_t max_files);
  ~Trace();

  void Record(std::string_view uuid, std::string_view kind, std::string_view text);

  // Secrets in flight (the passwords of sessions under way): any line that
  // contains one is written with the secret replaced. Remove when done.
  void AddSecret(const std::string& secret);
  void RemoveSecret(const std::string& secret);
  void Flush();

 private:
  explicit Trace(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
  std::shared_ptr<spdlog::logger> logger_;
  std::mutex mu_;
  std::multiset<std::string> secrets_;  // GUARDED_BY(mu_)
};

}  // namespace openscs::server
