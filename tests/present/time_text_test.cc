#include "present/time_text.h"

#include <gmock/gmock.h>

namespace openscs::present {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const base::TimePoint kNow{seconds(1'796'144'400)};  // 2026-12-01T17:00:00Z

base::TimePoint Parse(std::string_view text) {
  auto t = ParseTimeArgument(text, kNow);
  EXPECT_TRUE(t) << text << ": " << t.error().ToString();
  return t.value_or(base::TimePoint{});
}

TEST(TimeText, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTime(kNow + milliseconds(123) + std::chrono::microseconds(999)), "2026-12-01T17:00:00.123Z");
  EXPECT_EQ(FormatTime(base::TimePoint{seconds(951'782'400)}), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatTime(base::TimePoint{}), "-");
}

TEST(TimeText, ApiStyleIsRfc3339WithMicrosecondsAndEmptyForNever) {
  const auto t = kNow + milliseconds(123) + std::chrono::microseconds(456) + std::chrono::nanoseconds(789);
  EXPECT_EQ(FormatTime(t, TimeStyle::kApi), "2026-12-01T17:00:00.123456Z");
  EXPECT_EQ(FormatTime(kNow, TimeStyle::kApi), "2026-12-01T17:00:00.000000Z");
  EXPECT_EQ(FormatTime(base::TimePoint{}, TimeStyle::kApi), "");
  // What the API writes, it reads back (?since=) to the microsecond.
  EXPECT_EQ(Parse(FormatTime(t, TimeStyle::kApi)), kNow + milliseconds(123) + std::chrono::microseconds(456));
}

TEST(TimeText, ReadsAges) {
  EXPECT_EQ(Parse("30s"), kNow - seconds(30));
  EXPECT_EQ(Parse("10m"), kNow - minutes(10));
  EXPECT_EQ(Parse("2h"), kNow - hours(2));
  EXPECT_EQ(Parse("1d"), kNow - hours(24));
}

TEST(TimeText, ReadsIso8601) {
  EXPECT_EQ(Parse("2026-12-01"), kNow - hours(17));
  EXPECT_EQ(Parse("2026-12-01T17:00"), kNow);
  EXPECT_EQ(Parse("2026-12-01T17:00:00Z"), kNow);
  EXPECT_EQ(Parse("2026-12-01 17:00:00.25"), kNow + milliseconds(250));
  EXPECT_EQ(Parse("2026-12-01T18:00:00+01:00"), kNow);
  EXPECT_EQ(Parse("2026-12-01T12:00-0500"), kNow);
  EXPECT_EQ(Parse(FormatTime(kNow + milliseconds(7))), kNow + milliseconds(7));
}

TEST(TimeText, RefusesEverythingElseNamingTheText) {
  for (const char* bad : {"", "m", "0m", "-5m", "10w", "10 m", "2026-13-01", "2026-02-30", "2026-12-01T25:00",
                          "2026-12-01T17", "2026-12-01T17:00:00+1", "2026-12-01Z", "yesterday"}) {
    auto t = ParseTimeArgument(bad, kNow);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_THAT(t.error().message(), ::testing::HasSubstr(std::string("'") + bad + "'"));
    }
  }
}

}  // namespace
}  // namespace openscs::present
