#pragma once

// The PID/PPS key file: CSV written by `openscs keys generate` and `keys
// export`, amtsim's `keys_out`, and read by `keys import` and `setupbin
// create --keys`.
//
//   pid,pps[,mebx_password]          header line (optional on read)
//   0000-037M,NKLD-G5DC-...-69XJ     one pair a line, dashed or compact
//   0000-047N,....,Sim-0001!a1       third column: the MEBx password set
//                                    with this pair (PSK devices), or empty
//
// Blank lines and lines starting with '#' are skipped. Fields are split at
// ',' with no quoting: a PID or PPS has no comma and the MEBx rule bans ','
// in passwords. Spaces around the PID and PPS are trimmed; the password is
// taken as written (spaces are legal in it), only a line-ending CR removed.
//
// A PPS and a MEBx password are secrets: no error names them; errors give
// the line number and what was wrong ("keys CSV line 3: PPS group 8 ...").
// Pure functions; thread-safe.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::pidpps {

inline constexpr std::string_view kKeyCsvHeader = "pid,pps";
inline constexpr std::string_view kKeyCsvHeaderWithMebx = "pid,pps,mebx_password";

struct KeyCsvRow {
  Pair pair;
  std::string mebx_password;  // SECRET; "" when not given
};

// Two columns, header "pid,pps", display forms.
std::string FormatKeyCsv(const std::vector<Pair>& pairs);
// Three columns, header "pid,pps,mebx_password" (an empty third field where
// a row has no password).
std::string FormatKeyCsv(std::span<const KeyCsvRow> rows);

// Either form; a third column, when present, must meet the MEBx password
// rule (protocol/mebx). InvalidArgument naming the line: a line with fewer
// than 2 or more than 3 fields, a bad PID or PPS, a password breaking the
// rule; and a file with no pairs at all.
base::Result<std::vector<KeyCsvRow>> ParseKeyCsv(std::string_view text);

}  // namespace openscs::pidpps
