#include "server/provisioning_log.h"

#include <spdlog/spdlog.h>

namespace openscs::server {

void ProvisioningLog::Write(store::LogLevel level, std::string_view uuid, std::string_view code,
                            std::string_view step, std::string message) {
  if (!Enabled(level)) return;
  const auto spd = level == store::LogLevel::kError     ? spdlog::level::err
                   : level == store::LogLevel::kWarning ? spdlog::level::warn
                   : level == store::LogLevel::kInfo    ? spdlog::level::info
                                                        : spdlog::level::debug;
  spdlog::log(spd, "{} {} {}: {}", uuid.empty() ? "-" : uuid, code, step, message);
  store::LogEntry entry;
  entry.at = clock_.Now();
  entry.uuid = std::string(uuid);
  entry.level = level;
  entry.code = std::string(code);
  entry.step = std::string(step);
  entry.message = std::move(message);
  if (observer_) observer_(entry);
  db_.EnqueueLog(std::move(entry));
}

}  // namespace openscs::server
