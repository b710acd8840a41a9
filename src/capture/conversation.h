#pragma once

// Per-device conversations and their findings (analysis.h) from reassembled
// flows and the hellos found in them. docs/protocols/pcap-analysis.md says
// how each finding maps to a cause. Pure.

#include <vector>

#include "capture/analysis.h"
#include "capture/hello_extract.h"
#include "capture/reassembly.h"

namespace openscs::capture {

// `capture_start` (the first packet's time) is what evidence times are
// relative to. `hello_ports` must not be empty.
std::vector<DeviceConversation> BuildConversations(const std::vector<Flow>& flows, const ExtractedHellos& hellos,
                                                   const std::vector<uint16_t>& hello_ports, double capture_start);

}  // namespace openscs::capture
