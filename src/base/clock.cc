#include "base/clock.h"

#include <cassert>

namespace openscs::base {
namespace {

class ScaledClock final : public Clock {
 public:
  explicit ScaledClock(double factor)
      : factor_(factor), origin_(std::chrono::system_clock::now()), steady_origin_(std::chrono::steady_clock::now()) {
    assert(factor >= 1.0);
  }

  TimePoint Now() const override {
    // Scaled from the steady clock so that a wall-clock step (NTP) does not
    // move device time backwards.
    const auto real = std::chrono::steady_clock::now() - steady_origin_;
    const auto scaled = std::chrono::duration<double, std::nano>(real) * factor_;
    return origin_ + std::chrono::duration_cast<Duration>(scaled);
  }

  std::chrono::nanoseconds ToRealDuration(Duration device_time) const override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double, std::nano>(device_time) / factor_);
  }

 private:
  const double factor_;
  const TimePoint origin_;
  const std::chrono::steady_clock::time_point steady_origin_;
};

}  // namespace

std::shared_ptr<Clock> SystemClock() { return std::make_shared<ScaledClock>(1.0); }
std::shared_ptr<Clock> AcceleratedClock(double factor) { return std::make_shared<ScaledClock>(factor); }

}  // namespace openscs::base
