#include "cli/key_csv.h"

#include <fmt/format.h>

namespace openscs::cli {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string FormatKeyCsv(const std::vector<pidpps::Pair>& pairs) {
  std::string out = "pid,pps\n";
  for (const auto& p : pairs) out += p.pid.display() + "," + p.pps.display() + "\n";
  return out;
}

base::Result<std::vector<pidpps::Pair>> ParseKeyCsv(std::string_view text) {
  std::vector<pidpps::Pair> pairs;
  size_t line_number = 0;
  bool header_seen = false;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (!header_seen) {
      header_seen = true;
      if (line == "pid,pps") continue;
    }
    const size_t comma = line.find(',');
    if (comma == std::string_view::npos) {
      return base::InvalidArgument(fmt::format("keys CSV line {}: expected 'PID,PPS'", line_number));
    }
    auto pid = pidpps::Pid::Parse(Trim(line.substr(0, comma)));
    if (!pid) return pid.error().WithContext(fmt::format("keys CSV line {}", line_number));
    auto pps = pidpps::Pps::Parse(Trim(line.substr(comma + 1)));
    if (!pps) return pps.error().WithContext(fmt::format("keys CSV line {}", line_number));
    pairs.push_back({std::move(pid).value(), std::move(pps).value()});
  }
  if (pairs.empty()) return base::InvalidArgument("keys CSV holds no PID/PPS pairs");
  return pairs;
}

}  // namespace openscs::cli
