#pragma once

// What one connect-back (the server's connection to a device's 16993, or
// 16992) shows: TCP refused or unanswered, and on 16993 the TLS handshake
// read from its plaintext records, ending in an alert, a reset, or an
// established session. Pure.

#include <optional>
#include <string>
#include <vector>

#include "capture/analysis.h"
#include "capture/reassembly.h"

namespace openscs::capture {

struct ConnectBackOutcome {
  std::vector<Event> events;
  std::optional<Finding> failure;  // what went wrong, with its cause code
  bool established = false;        // a TLS session (or HTTP on 16992) that carried data
  std::string established_evidence;  // "TLS session established (...); N bytes exchanged"
  uint64_t established_packet = 0;
  double established_time = 0;
};

// `flow.server` is the device.
ConnectBackOutcome AnalyzeConnectBack(const Flow& flow, double capture_start);

}  // namespace openscs::capture
