#pragma once

// "Is this device still sending hellos, and until when?" From what the
// server recorded (first and last hello, count, last retry count) and the
// retry schedules of device/hello_schedule.h (reference §3.5), the doctor
// tells whether the device's sending window is open, closes at a given time,
// or has closed: seed mode 6, fixed by an AC cycle.
//
// `time_scale` divides the schedule's durations: 1 for real devices, N for a
// simulator running N times faster than the server's clock.

#include <optional>
#include <string>

#include "base/clock.h"
#include "device/hello_schedule.h"
#include "store/records.h"

namespace openscs::diagnose {

enum class WindowState {
  kOpen,       // more hellos are due
  kClosed,     // the schedule has ended: no more hellos until the ME restarts
  kOverdue,    // a hello was due and did not come (powered off, moved, provisioned elsewhere)
};

struct WindowAssessment {
  WindowState state = WindowState::kOpen;
  std::string schedule;                       // profile name used
  std::optional<base::TimePoint> next_due;    // when the next hello is expected
  std::optional<base::TimePoint> closes_at;   // when the window ends (closed: when it ended)
  std::string explanation;                    // one line for the doctor's evidence
};

// The profile a device of this hello version follows unless told otherwise:
// psk-cycle for PSK (v2), configmgr for PKI (v3).
std::string DefaultScheduleFor(const store::SystemRecord& system);

WindowAssessment AssessHelloWindow(const store::SystemRecord& system, const device::HelloScheduleProfile& profile,
                                   double time_scale, base::TimePoint now);

}  // namespace openscs::diagnose
