#include "device/hello_schedule.h"

#include <algorithm>

#include <fmt/format.h>

namespace openscs::device {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::vector<HelloScheduleProfile> BuiltInProfiles() {
  return {
      {"psk-cycle", {{5, minutes(1)}, {5, minutes(10)}, {5, minutes(60)}}, {}, {}},
      // 5 at 1 min, then 5-minute gaps up to 1 h (11 more), then hourly.
      {"configmgr", {{5, minutes(1)}, {11, minutes(5)}, {0, hours(1)}}, hours(24), hours(6)},
      {"altiris", {{5, minutes(1)}, {5, minutes(10)}, {0, hours(1)}}, hours(24), hours(6)},
  };
}

// Offset of hello number `index` (0-based) from the start of the cycle, or
// nullopt if the phases end before it.
std::optional<base::Duration> OffsetOf(const HelloScheduleProfile& profile, uint32_t index) {
  base::Duration offset{};
  uint32_t remaining = index;
  for (const HelloPhase& phase : profile.phases) {
    if (phase.count == 0) return offset + phase.interval * remaining;
    if (remaining < phase.count) return offset + phase.interval * remaining;
    offset += phase.interval * phase.count;
    remaining -= phase.count;
  }
  return std::nullopt;
}

}  // namespace

base::Result<HelloScheduleProfile> ProfileByName(std::string_view name) {
  for (auto& p : BuiltInProfiles()) {
    if (p.name == name) return p;
  }
  return base::NotFound(fmt::format("no hello schedule '{}' (known: {})", name, fmt::join(ProfileNames(), ", ")));
}

std::vector<std::string> ProfileNames() {
  std::vector<std::string> names;
  for (auto& p : BuiltInProfiles()) names.push_back(p.name);
  return names;
}

std::optional<base::TimePoint> NextHelloAt(const HelloScheduleProfile& profile, const HelloCycle& cycle) {
  const auto offset = OffsetOf(profile, cycle.sent);
  if (!offset) return std::nullopt;
  const base::Duration window = cycle.later_window ? profile.later_window : profile.first_window;
  if (window != base::Duration{} && *offset >= window) return std::nullopt;
  return cycle.started + *offset;
}

uint32_t RetryCountFor(const HelloCycle& cycle) { return std::min<uint32_t>(cycle.sent, 14); }

std::optional<base::TimePoint> CycleEndsAt(const HelloScheduleProfile& profile, const HelloCycle& cycle) {
  const base::Duration window = cycle.later_window ? profile.later_window : profile.first_window;
  if (window != base::Duration{}) return cycle.started + window;
  base::Duration total{};
  for (const HelloPhase& phase : profile.phases) {
    if (phase.count == 0) return std::nullopt;  // unbounded and no window: never ends
    total += phase.interval * phase.count;
  }
  return cycle.started + total;
}

}  // namespace openscs::device
