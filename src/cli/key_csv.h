#pragma once

// The PID/PPS CSV format shared by `keys generate`, `setupbin create --keys`
// and (later) `keys import/export`: a header line "pid,pps", then one pair a
// line, dashed display form. Blank lines and lines starting with '#' are
// skipped.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::cli {

std::string FormatKeyCsv(const std::vector<pidpps::Pair>& pairs);

// Errors name the line number and never echo a PPS.
base::Result<std::vector<pidpps::Pair>> ParseKeyCsv(std::string_view text);

}  // namespace openscs::cli
