#pragma once

// Times as the CLI shows and reads them: ISO 8601 in UTC with milliseconds
// ("2026-12-01T17:00:00.123Z"), and `--since` arguments.

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace openscs::cli {

// "2026-12-01T17:00:00.123Z" (milliseconds, truncated); "-" for the epoch,
// which the store uses for "never".
std::string FormatTime(base::TimePoint t);

// A point in time for `--since`:
//  - relative to `now`: a positive whole number and a unit, s, m, h or d
//    ("10m", "2h", "1d");
//  - ISO 8601: "2026-12-01", "2026-12-01T17:00", "2026-12-01T17:00:00",
//    with optional fractional seconds and a zone, "Z" or "+02:00" / "-0500";
//    without a zone the time is UTC.
// InvalidArgument naming the text and the accepted forms.
base::Result<base::TimePoint> ParseTimeArgument(std::string_view text, base::TimePoint now);

}  // namespace openscs::cli
