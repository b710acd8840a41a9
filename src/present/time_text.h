#pragma once

// Times as openscs shows and reads them. Two styles of writing, because two
// readers have been promised different things:
//  - kCli: what the CLI prints, in text and --json: ISO 8601 UTC with
//    milliseconds ("2026-12-01T17:00:00.123Z") and "-" for never;
//  - kApi: what the REST API answers (docs/api.md): RFC 3339 UTC with
//    microseconds, the store's precision ("2026-12-01T17:00:00.123456Z"),
//    and "" for never.
// The store uses the epoch (a default TimePoint) for "never".

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace openscs::present {

enum class TimeStyle { kCli, kApi };

// `t` in `style`; finer parts than the style shows are truncated.
std::string FormatTime(base::TimePoint t, TimeStyle style = TimeStyle::kCli);

// A point in time given by a person (`--since`, the API's ?since=):
//  - relative to `now`: a positive whole number and a unit, s, m, h or d
//    ("10m", "2h", "1d");
//  - ISO 8601 / RFC 3339: "2026-12-01", "2026-12-01T17:00",
//    "2026-12-01T17:00:00", with optional fractional seconds and a zone,
//    "Z" or "+02:00" / "-0500"; without a zone the time is UTC.
// InvalidArgument naming the text and the accepted forms.
base::Result<base::TimePoint> ParseTimeArgument(std::string_view text, base::TimePoint now);

}  // namespace openscs::present
