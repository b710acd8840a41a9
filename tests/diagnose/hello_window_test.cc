#include "diagnose/hello_window.h"

#include <gtest/gtest.h>

namespace openscs::diagnose {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const base::TimePoint kStart = base::TimePoint{} + hours(24 * 365 * 50);

device::HelloScheduleProfile Psk() { return device::ProfileByName("psk-cycle").value(); }
device::HelloScheduleProfile Pki() { return device::ProfileByName("configmgr").value(); }

// A system whose hellos so far followed the PSK cycle up to hello `index`.
store::SystemRecord PskSystemAt(uint32_t index, base::TimePoint last) {
  store::SystemRecord s;
  s.hello_version = 2;
  s.first_hello = kStart;
  s.last_hello = last;
  s.hello_count = index + 1;
  s.last_retry_count = index;
  return s;
}

TEST(HelloWindow, PskCycleWithHellosDueIsOpenAndSaysWhenItCloses) {
  // Third hello (retry 2) two minutes in: the next is due a minute later.
  const auto s = PskSystemAt(2, kStart + minutes(2));
  const WindowAssessment a = AssessHelloWindow(s, Psk(), 1.0, kStart + minutes(2) + seconds(10));
  EXPECT_EQ(a.state, WindowState::kOpen);
  ASSERT_TRUE(a.next_due.has_value());
  EXPECT_EQ(*a.next_due, kStart + minutes(3));
  ASSERT_TRUE(a.closes_at.has_value());
  EXPECT_EQ(*a.closes_at, kStart + minutes(5 + 50 + 300));  // 5 x 1 min + 5 x 10 min + 5 x 60 min
}

TEST(HelloWindow, RetryFourteenOfThePskCycleIsTheLastHello) {
  const auto last = kStart + minutes(5 + 50 + 240);
  const WindowAssessment a = AssessHelloWindow(PskSystemAt(14, last), Psk(), 1.0, last + minutes(1));
  EXPECT_EQ(a.state, WindowState::kClosed);
  EXPECT_NE(a.explanation.find("mode 6"), std::string::npos) << a.explanation;
  EXPECT_NE(a.explanation.find("retry 14"), std::string::npos) << a.explanation;
}

TEST(HelloWindow, AMissedHelloIsOverdue) {
  const auto s = PskSystemAt(6, kStart + minutes(5 + 10));
  // Next due at +25 min; at +50 min nothing came.
  const WindowAssessment a = AssessHelloWindow(s, Psk(), 1.0, kStart + minutes(50));
  EXPECT_EQ(a.state, WindowState::kOverdue);
  EXPECT_NE(a.explanation.find("none came"), std::string::npos);
}

TEST(HelloWindow, RemoteConfigurationWindowClosesAfter24Hours) {
  store::SystemRecord s;
  s.hello_version = 3;
  s.first_hello = kStart;
  s.last_hello = kStart + hours(20);
  s.hello_count = 36;
  s.last_retry_count = 14;
  EXPECT_EQ(DefaultScheduleFor(s), "configmgr");
  const WindowAssessment open = AssessHelloWindow(s, Pki(), 1.0, kStart + hours(20) + minutes(10));
  EXPECT_EQ(open.state, WindowState::kOpen);
  ASSERT_TRUE(open.closes_at.has_value());
  EXPECT_EQ(*open.closes_at, kStart + hours(24));
  const WindowAssessment closed = AssessHelloWindow(s, Pki(), 1.0, kStart + hours(25));
  EXPECT_EQ(closed.state, WindowState::kClosed);
}

TEST(HelloWindow, TimeScaleShrinksTheScheduleForASimulatedFleet) {
  // At x60 the PSK cycle's six hours last six minutes.
  const auto last = kStart + seconds(2);  // hello index 2 at 2 device-minutes
  const WindowAssessment a = AssessHelloWindow(PskSystemAt(2, last), Psk(), 60.0, last);
  ASSERT_TRUE(a.closes_at.has_value());
  EXPECT_EQ(*a.closes_at, kStart + seconds(355));
  EXPECT_EQ(*a.next_due, kStart + seconds(3));
}

}  // namespace
}  // namespace openscs::diagnose
