#include "base/clock.h"

#include <gtest/gtest.h>

namespace openscs::base {
namespace {

using namespace std::chrono_literals;

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock clock;
  const TimePoint start = clock.Now();
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(24h);
  EXPECT_EQ(clock.Now() - start, 24h);
}

TEST(AcceleratedClock, ConvertsDeviceTimeToRealWaits) {
  auto clock = AcceleratedClock(3600.0);
  EXPECT_EQ(clock->ToRealDuration(1h), std::chrono::nanoseconds(1s));
  EXPECT_EQ(clock->ToRealDuration(24h), std::chrono::nanoseconds(24s));
}

TEST(AcceleratedClock, NeverGoesBackwards) {
  auto clock = AcceleratedClock(1000.0);
  TimePoint last = clock->Now();
  for (int i = 0; i < 1000; ++i) {
    const TimePoint now = clock->Now();
    ASSERT_GE(now, last);
    last = now;
  }
}

}  // namespace
}  // namespace openscs::base
