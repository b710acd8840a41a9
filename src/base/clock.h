#pragma once

// The one seam through which code reads time. Nothing else calls
// std::chrono::*_clock::now() (docs/architecture.md).
//
// Time is "device time": a system_clock time point, so that logs and the
// simulator's hello schedule read like wall-clock times. A Clock may run
// faster than real time (the simulator's acceleration factor lets a 24-hour
// hello window pass in seconds); code that waits converts a device-time
// duration to the real duration to sleep with ToRealDuration().

#include <chrono>
#include <memory>

namespace openscs::base {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // How long to wait in real time for `device_time` to pass on this clock.
  virtual std::chrono::nanoseconds ToRealDuration(Duration device_time) const = 0;
};

// Real time, unscaled.
std::shared_ptr<Clock> SystemClock();

// Starts at the real time of construction and runs `factor` times faster
// (factor >= 1; 3600 makes an hour pass in a second). Thread-safe.
std::shared_ptr<Clock> AcceleratedClock(double factor);

// A clock that moves only when told to. For tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint{} + std::chrono::hours(24 * 365 * 50)) : now_(start) {}
  TimePoint Now() const override { return now_; }
  std::chrono::nanoseconds ToRealDuration(Duration) const override { return std::chrono::nanoseconds(0); }
  void Advance(Duration by) { now_ += by; }
  void Set(TimePoint to) { now_ = to; }

 private:
  TimePoint now_;
};

}  // namespace openscs::base
