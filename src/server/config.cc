#include "server/config.h"

#include <fmt/format.h>

#include "amt/version.h"

namespace openscs::server {

base::Status ServerConfig::Validate() const {
  if (db.empty()) return base::InvalidArgument("db: must name a database file");
  if (key_file.empty()) return base::InvalidArgument("key_file: must name a key file");
  if (max_concurrent == 0) return base::InvalidArgument("max_concurrent: must be at least 1");
  if (io_threads == 0 || io_threads > 64) return base::InvalidArgument("io_threads: must be 1..64");
  if (queue_capacity == 0) return base::InvalidArgument("queue_capacity: must be at least 1");
  if (batch_size == 0) return base::InvalidArgument("batch_size: must be at least 1");
  if (hello_max_bytes < 32) return base::InvalidArgument("hello_max_bytes: must be at least 32 (a PSK hello)");
  if (step_timeout.count() <= 0 || connect_timeout.count() <= 0 || hello_read_timeout.count() <= 0) {
    return base::InvalidArgument("timeouts must be positive");
  }
  if (lease <= std::chrono::duration_cast<std::chrono::seconds>(step_timeout) * 2) {
    return base::InvalidArgument("lease: must be longer than two step timeouts");
  }
  if (!amt::Version::Parse(wsman_min_version)) {
    return base::InvalidArgument(fmt::format("wsman_min_version: '{}' is not a version like 3.2.1", wsman_min_version));
  }
  if (web_tls != "auto" && web_tls != "on" && web_tls != "off") {
    return base::InvalidArgument(fmt::format("web_tls: '{}' is not one of auto, on, off", web_tls));
  }
  if (web_tls_cert.empty() != web_tls_key.empty()) {
    return base::InvalidArgument("web_tls_cert and web_tls_key: give both or neither");
  }
  if (web_threads == 0 || web_threads > 64) return base::InvalidArgument("web_threads: must be 1..64");
  if (web_max_body < 1024) return base::InvalidArgument("web_max_body: must be at least 1024 bytes");
  if (web_session_idle.count() <= 0 || web_session_max < web_session_idle) {
    return base::InvalidArgument("web_session_idle must be positive and web_session_max at least as long");
  }
  if (!(time_scale > 0)) return base::InvalidArgument("time_scale: must be positive");
  return base::Status::Ok();
}

}  // namespace openscs::server
