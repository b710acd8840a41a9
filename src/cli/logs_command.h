#pragma once

// `openscs logs [--uuid U] [--level L] [--since T] [--limit N] [--follow]
// [--json]`: the provisioning log, oldest first.
//
//  - --level L: L and everything more severe (error, warning, info, debug;
//    default debug, i.e. everything).
//  - --since T: an age ("10m", "2h", "1d") or an ISO 8601 time
//    (cli/time_text.h).
//  - --limit N: the newest N matches (default 1000; 0 for all).
//  - --follow: after printing, polls every 500 ms for newer entries and
//    prints them as they come, until interrupted. The hidden --follow-for
//    SECONDS stops it after that many seconds' worth of polls (for tests).
//
// Text: one line per entry,
//   2026-12-01T17:00:00.123Z ERROR 4c4c4544-... pid_not_found lookup: message
// ("-" for a server-wide entry's UUID). --json: an array, or with --follow
// one JSON object per line.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddLogsCommand(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
