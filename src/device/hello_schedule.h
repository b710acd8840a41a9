#pragma once

// When a device in Setup Mode sends its hellos. Sources disagree (reference
// §3.5), so schedules are data: named profiles, each a list of phases
// (count x interval) and a sending window. The defaults are what the
// reference reconciles as real-device behaviour:
//   psk-cycle  Intel blog (AMT 2.x-5.x PSK): 5 x 1 min, 5 x 10 min, 5 x 60 min,
//              then silent until the ME restarts (AC cycle).
//   configmgr  ConfigMgr 2007 SP1 (AMT 3.2.1+): every 1 min for 5 min, every
//              5 min until 1 h, hourly until the window closes.
//   altiris    Altiris/seed: 5 x 1 min, 5 x 10 min, hourly until the window closes.
// Remote Configuration windows: 24 h the first time, 6 h after a timeout or
// partial unprovision. When the schedule ends the device is in seed mode 6
// ("hello packet mode disabled").

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace openscs::device {

struct HelloPhase {
  uint32_t count = 0;           // hellos in this phase; 0 = repeat until the window closes
  base::Duration interval{};    // gap after each hello of this phase
};

struct HelloScheduleProfile {
  std::string name;
  std::vector<HelloPhase> phases;
  // The window after the first hello; nothing is sent at or after its end.
  // Zero means the phases alone bound the cycle.
  base::Duration first_window{};
  base::Duration later_window{};  // after a timeout, partial unprovision or agent restart
};

// "psk-cycle", "configmgr" or "altiris"; NotFound names the known profiles.
base::Result<HelloScheduleProfile> ProfileByName(std::string_view name);
std::vector<std::string> ProfileNames();

// Where a device is in its current sending cycle.
struct HelloCycle {
  base::TimePoint started;  // when the first hello of this cycle was due
  uint32_t sent = 0;        // hellos sent in this cycle
  bool later_window = false;
};

// The time the next hello is due, or nullopt when the cycle is over (the
// device must then stop: mode 6).
std::optional<base::TimePoint> NextHelloAt(const HelloScheduleProfile& profile, const HelloCycle& cycle);

// The retry count field of the next hello: its index in the cycle, saturated
// at 14 (the documented range; reference §3.5 [L]).
uint32_t RetryCountFor(const HelloCycle& cycle);

// When the cycle ends (the last hello's time plus its interval, or the window
// end), for "the window closes at ..." in status and doctor output.
std::optional<base::TimePoint> CycleEndsAt(const HelloScheduleProfile& profile, const HelloCycle& cycle);

}  // namespace openscs::device
