#include "server/trace.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

namespace openscs::server {

base::Result<std::unique_ptr<Trace>> Trace::Open(const std::string& path, size_t max_bytes, size_t max_files) {
  try {
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, max_bytes, max_files);
    auto logger = std::make_shared<spdlog::logger>("trace", std::move(sink));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);
    return std::unique_ptr<Trace>(new Trace(std::move(logger)));
  } catch (const spdlog::spdlog_ex& e) {
    return base::IoError(fmt::format("trace file {}: {}", path, e.what()));
  }
}

Trace::~Trace() { logger_->flush(); }

void Trace::Record(std::string_view uuid, std::string_view kind, std::string_view text) {
  std::string line(text);
  {
    std::lock_guard lock(mu_);
    for (const auto& secret : secrets_) {
      if (secret.empty()) continue;
      for (size_t at = line.find(secret); at != std::string::npos; at = line.find(secret, at)) {
        line.replace(at, secret.size(), "***");
      }
    }
  }
  // One line per event: newlines inside bodies become "\n".
  std::string flat;
  flat.reserve(line.size());
  for (char c : line) {
    if (c == '\n') flat += "\\n";
    else if (c != '\r') flat += c;
  }
  logger_->info("{} {} {}", uuid.empty() ? "-" : uuid, kind, flat);
}

void Trace::AddSecret(const std::string& secret) {
  std::lock_guard lock(mu_);
  secrets_.insert(secret);
}

void Trace::RemoveSecret(const std::string& secret) {
  std::lock_guard lock(mu_);
  if (auto it = secrets_.find(secret); it != secrets_.end()) secrets_.erase(it);
}

void Trace::Flush() { logger_->flush(); }

}  // namespace openscs::server
