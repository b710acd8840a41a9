#include "diagnose/hello_window.h"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace openscs::diagnose {
namespace {

constexpr uint32_t kRetrySaturation = 14;  // reference §3.5: the counter stops at 14

base::Duration Scaled(base::Duration d, double scale) {
  if (scale <= 0) scale = 1;
  return std::chrono::duration_cast<base::Duration>(std::chrono::duration<double, base::Duration::period>(
      static_cast<double>(d.count()) / scale));
}

// Offset of hello `index` (0-based) from the start of its cycle; nullopt
// past the phases' end.
std::optional<base::Duration> OffsetOf(const device::HelloScheduleProfile& profile, uint64_t index) {
  base::Duration offset{};
  uint64_t remaining = index;
  for (const device::HelloPhase& phase : profile.phases) {
    if (phase.count == 0 || remaining < phase.count) return offset + phase.interval * remaining;
    offset += phase.interval * phase.count;
    remaining -= phase.count;
  }
  return std::nullopt;
}

std::string Clock(base::TimePoint t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

std::string DefaultScheduleFor(const store::SystemRecord& system) {
  return system.hello_version == 3 ? "configmgr" : "psk-cycle";
}

WindowAssessment AssessHelloWindow(const store::SystemRecord& system, const device::HelloScheduleProfile& profile,
                                   double time_scale, base::TimePoint now) {
  WindowAssessment a;
  a.schedule = profile.name;
  // Where the device is in its cycle. Below the saturation the retry count
  // is the hello's index; at 14 the index is unknown, so count from the
  // first hello the server heard (an AC cycle in between resets the count
  // and makes this an overestimate, which errs towards "closed").
  const uint32_t retry = system.last_retry_count;
  base::TimePoint cycle_start;
  uint64_t index = retry;
  if (retry < kRetrySaturation) {
    cycle_start = system.last_hello - Scaled(OffsetOf(profile, retry).value_or(base::Duration{}), time_scale);
  } else {
    cycle_start = system.first_hello;
    index = std::max<uint64_t>(retry, system.hello_count == 0 ? 0 : system.hello_count - 1);
  }
  const base::Duration window = profile.first_window;  // the later 6 h window is shorter; first is the generous guess
  const auto window_end = window == base::Duration{} ? std::optional<base::TimePoint>()
                                                     : std::optional(cycle_start + Scaled(window, time_scale));
  std::optional<base::TimePoint> next;
  if (auto offset = OffsetOf(profile, index + 1)) {
    next = cycle_start + Scaled(*offset, time_scale);
    if (window_end && *next >= *window_end) next.reset();
  }
  if (!next) {
    a.state = WindowState::kClosed;
    a.closes_at = window_end && *window_end < system.last_hello ? *window_end : system.last_hello;
    a.explanation = fmt::format(
        "the hello at {} (retry {}) was the last of the '{}' schedule: the device sends no more until the ME "
        "restarts (seed mode 6)",
        Clock(system.last_hello), retry, profile.name);
    return a;
  }
  a.next_due = next;
  a.closes_at = window_end;
  if (!a.closes_at) {
    base::Duration total{};
    for (const auto& phase : profile.phases) total += phase.interval * phase.count;
    a.closes_at = cycle_start + Scaled(total, time_scale);
  }
  // Late by more than half the gap (and a minute, for clock skew) counts as
  // overdue; past the window's end it is closed.
  const base::Duration gap = *next - system.last_hello;
  const base::Duration slack = std::max<base::Duration>(gap / 2, Scaled(std::chrono::minutes(1), time_scale));
  if (now > *a.closes_at) {
    a.state = WindowState::kClosed;
    a.explanation = fmt::format("the '{}' sending window ended at {} (seed mode 6)", profile.name,
                                Clock(*a.closes_at));
  } else if (now > *next + slack) {
    a.state = WindowState::kOverdue;
    a.explanation = fmt::format(
        "a hello was due at {} and none came: the device may be off, moved, or provisioned by another server",
        Clock(*next));
  } else {
    a.state = WindowState::kOpen;
    a.explanation = fmt::format("next hello due about {}; the window closes at {}", Clock(*next),
                                Clock(*a.closes_at));
  }
  return a;
}

}  // namespace openscs::diagnose
