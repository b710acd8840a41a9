#pragma once

// `openscs pcap decode FILE` and `openscs pcap analyze FILE`: the hellos in a
// packet capture (pcap or pcapng), and per device the conversation and
// findings with their cause codes (capture/analysis.h).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

// Registers `pcap decode` and `pcap analyze`. Exit codes: kExitOk when the
// capture was read (whatever it shows), kExitFailure when the file is
// missing, unreadable, not a capture or of an unsupported link type (the
// message names the file and the problem), kExitUsage for a bad command line.
void AddPcapCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
