#include "present/time_text.h"

#include <charconv>
#include <chrono>
#include <optional>

#include <fmt/format.h>

namespace openscs::present {
namespace {

using namespace std::chrono;

// A cursor over the argument; every read either advances or fails.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ == text_.size(); }
  bool Take(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  std::optional<char> Peek() const { return AtEnd() ? std::nullopt : std::optional<char>(text_[pos_]); }
  // Exactly `count` decimal digits.
  std::optional<int> Number(size_t count) {
    if (text_.size() - pos_ < count) return std::nullopt;
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }
  // One or more digits after a decimal point, as a duration (beyond
  // nanoseconds they are dropped).
  std::optional<nanoseconds> Fraction() {
    int64_t value = 0;
    int64_t scale = 100'000'000;
    const size_t start = pos_;
    while (!AtEnd() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      value += (text_[pos_] - '0') * scale;
      scale /= 10;
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    return nanoseconds(value);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<base::TimePoint> ParseRelative(std::string_view text, base::TimePoint now) {
  if (text.size() < 2) return std::nullopt;
  int64_t unit_seconds = 0;
  switch (text.back()) {
    case 's': unit_seconds = 1; break;
    case 'm': unit_seconds = 60; break;
    case 'h': unit_seconds = 3600; break;
    case 'd': unit_seconds = 86400; break;
    default: return std::nullopt;
  }
  const std::string_view number = text.substr(0, text.size() - 1);
  int64_t count = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
  // Up to about 300 years back: enough for any log, far from overflow.
  if (ec != std::errc() || end != number.data() + number.size() || count <= 0 || count > 10'000'000'000 / unit_seconds) {
    return std::nullopt;
  }
  return now - duration_cast<base::Duration>(seconds(count * unit_seconds));
}

// "+02:00", "-0500" or "Z": the offset to subtract from local time.
std::optional<minutes> ParseZone(Reader& r) {
  if (r.Take('Z') || r.Take('z')) return minutes(0);
  const bool plus = r.Take('+');
  if (!plus && !r.Take('-')) return std::nullopt;
  const auto h = r.Number(2);
  r.Take(':');
  const auto m = r.Number(2);
  if (!h || !m || *h > 23 || *m > 59) return std::nullopt;
  const minutes offset = hours(*h) + minutes(*m);
  return plus ? offset : -offset;
}

std::optional<base::TimePoint> ParseIso(std::string_view text) {
  Reader r(text);
  const auto y = r.Number(4);
  if (!y || !r.Take('-')) return std::nullopt;
  const auto mo = r.Number(2);
  if (!mo || !r.Take('-')) return std::nullopt;
  const auto d = r.Number(2);
  if (!d) return std::nullopt;
  const year_month_day date{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  sys_time<nanoseconds> t = sys_days(date);
  if (r.AtEnd()) return time_point_cast<base::Duration>(t);
  if (!r.Take('T') && !r.Take('t') && !r.Take(' ')) return std::nullopt;
  const auto h = r.Number(2);
  if (!h || *h > 23 || !r.Take(':')) return std::nullopt;
  const auto mi = r.Number(2);
  if (!mi || *mi > 59) return std::nullopt;
  t += hours(*h) + minutes(*mi);
  if (r.Take(':')) {
    const auto s = r.Number(2);
    if (!s || *s > 59) return std::nullopt;
    t += seconds(*s);
    if (r.Take('.') || r.Take(',')) {
      const auto fraction = r.Fraction();
      if (!fraction) return std::nullopt;
      t += *fraction;
    }
  }
  if (!r.AtEnd()) {
    const auto offset = ParseZone(r);
    if (!offset || !r.AtEnd()) return std::nullopt;
    t -= *offset;
  }
  return time_point_cast<base::Duration>(t);
}

}  // namespace

std::string FormatTime(base::TimePoint t, TimeStyle style) {
  if (t == base::TimePoint{}) return style == TimeStyle::kCli ? "-" : "";
  // One path for both styles: whole microseconds, then as many digits of
  // the fraction as the style shows.
  const auto us = floor<microseconds>(t);
  const auto midnight = floor<days>(us);
  const year_month_day date{midnight};
  const hh_mm_ss time{us - midnight};
  const auto fraction = time.subseconds().count();
  const std::string fraction_text = style == TimeStyle::kCli ? fmt::format("{:03}", fraction / 1000)
                                                             : fmt::format("{:06}", fraction);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), fraction_text);
}

base::Result<base::TimePoint> ParseTimeArgument(std::string_view text, base::TimePoint now) {
  if (auto t = ParseRelative(text, now)) return *t;
  if (auto t = ParseIso(text)) return *t;
  return base::InvalidArgument(fmt::format(
      "'{}' is not a time: give an age (30s, 10m, 2h, 1d) or ISO 8601 (2026-12-01, 2026-12-01T17:00:00Z, "
      "2026-12-01T17:00+01:00)",
      text));
}

}  // namespace openscs::present
