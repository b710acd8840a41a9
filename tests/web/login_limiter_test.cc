#include "web/login_limiter.h"

#include <gtest/gtest.h>

namespace openscs::web {
namespace {

using namespace std::chrono_literals;

TEST(LoginLimiter, FifthFailureForAUserBlocksThatUserUntilTheWindowPasses) {
  base::FakeClock clock;
  LoginLimiter limiter(clock, {});
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(limiter.RetryAfter("127.0.0.1", "alice"));
    limiter.RecordFailure("127.0.0.1", "alice");
    clock.Advance(10s);
  }
  limiter.RecordFailure("127.0.0.1", "alice");
  auto wait = limiter.RetryAfter("127.0.0.2", "alice");
  ASSERT_TRUE(wait) << "the user is blocked from any address";
  EXPECT_EQ(*wait, 260s) << "until the first failure (50 s ago) leaves the 300 s window";
  EXPECT_FALSE(limiter.RetryAfter("127.0.0.1", "bob")) << "another user from the same address is not blocked yet";
  clock.Advance(*wait);
  EXPECT_FALSE(limiter.RetryAfter("127.0.0.1", "alice"));
}

TEST(LoginLimiter, SprayFromOneAddressBlocksThatAddress) {
  base::FakeClock clock;
  LoginLimiter limiter(clock, {});
  for (int i = 0; i < 20; ++i) limiter.RecordFailure("10.0.0.9", "user" + std::to_string(i));
  EXPECT_TRUE(limiter.RetryAfter("10.0.0.9", "someone-new"));
  EXPECT_FALSE(limiter.RetryAfter("10.0.0.10", "someone-new"));
}

TEST(LoginLimiter, SuccessClearsTheUserButNotTheAddress) {
  base::FakeClock clock;
  LoginLimiter::Limits limits;
  limits.max_failures_per_address = 6;
  LoginLimiter limiter(clock, limits);
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("10.0.0.9", "alice");
  limiter.RecordSuccess("alice");
  for (int i = 0; i < 2; ++i) limiter.RecordFailure("10.0.0.9", "alice");
  EXPECT_TRUE(limiter.RetryAfter("10.0.0.9", "carol")) << "6 failures from the address in the window";
  EXPECT_FALSE(limiter.RetryAfter("10.0.0.1", "alice")) << "only 2 failures for alice since her success";
}

TEST(LoginLimiter, TracksAtMostMaxKeys) {
  base::FakeClock clock;
  LoginLimiter::Limits limits;
  limits.max_keys = 10;
  limits.max_failures_per_user = 1;
  LoginLimiter limiter(clock, limits);
  for (int i = 0; i < 100; ++i) {
    limiter.RecordFailure("10.0.0." + std::to_string(i), "u" + std::to_string(i));
    clock.Advance(1s);
  }
  EXPECT_TRUE(limiter.RetryAfter("10.1.1.1", "u99")) << "the newest are kept";
  EXPECT_FALSE(limiter.RetryAfter("10.1.1.1", "u0")) << "the stalest were dropped";
}

}  // namespace
}  // namespace openscs::web
