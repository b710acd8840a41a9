#include "device/hello_schedule.h"

#include <gtest/gtest.h>

namespace openscs::device {
namespace {

using namespace std::chrono_literals;

std::vector<base::Duration> Offsets(const HelloScheduleProfile& profile, bool later_window = false) {
  HelloCycle cycle{base::TimePoint{}, 0, later_window};
  std::vector<base::Duration> out;
  while (auto at = NextHelloAt(profile, cycle)) {
    out.push_back(*at - cycle.started);
    ++cycle.sent;
    if (out.size() > 1000) break;  // a schedule that never ends fails below
  }
  return out;
}

TEST(HelloSchedule, PskCycleIsFifteenHellosOverSixHoursThenStops) {
  auto profile = ProfileByName("psk-cycle").value();
  auto offsets = Offsets(profile);
  ASSERT_EQ(offsets.size(), 15u);
  EXPECT_EQ(offsets[0], 0min);
  EXPECT_EQ(offsets[4], 4min);
  EXPECT_EQ(offsets[5], 5min);
  EXPECT_EQ(offsets[6], 15min);
  EXPECT_EQ(offsets[10], 55min);
  EXPECT_EQ(offsets[14], 55min + 4h);
  EXPECT_EQ(CycleEndsAt(profile, {}).value() - base::TimePoint{}, 55min + 5h);
}

TEST(HelloSchedule, ConfigMgrWindowIs24HoursFirstTimeAnd6HoursLater) {
  auto profile = ProfileByName("configmgr").value();
  auto first = Offsets(profile);
  EXPECT_EQ(first[4], 4min);
  EXPECT_EQ(first[5], 5min);
  EXPECT_EQ(first[16], 60min);
  EXPECT_LT(first.back(), 24h);
  EXPECT_GE(first.back() + 1h, 24h);
  // 5 + 11 in the first hour, then hourly to the 24th hour.
  EXPECT_EQ(first.size(), 5u + 11u + 23u);
  auto later = Offsets(profile, true);
  EXPECT_LT(later.back(), 6h);
  EXPECT_LT(later.size(), first.size());
}

TEST(HelloSchedule, RetryCountSaturatesAtFourteen) {
  EXPECT_EQ(RetryCountFor({base::TimePoint{}, 0, false}), 0u);
  EXPECT_EQ(RetryCountFor({base::TimePoint{}, 14, false}), 14u);
  EXPECT_EQ(RetryCountFor({base::TimePoint{}, 38, false}), 14u);
}

TEST(HelloSchedule, UnknownProfileListsKnownOnes) {
  auto p = ProfileByName("weekly");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("psk-cycle, configmgr, altiris"), std::string::npos);
}

}  // namespace
}  // namespace openscs::device
