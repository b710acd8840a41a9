#pragma once

// Finds the hellos in reassembled flows: the client->server bytes of each
// completed connection to a hello port are one hello (the device connects,
// writes, closes: reference §3.1), decoded with the hello codec. Connections
// that never completed are attempts. Pure.

#include <cstdint>
#include <vector>

#include "capture/analysis.h"
#include "capture/reassembly.h"

namespace openscs::capture {

inline constexpr uint16_t kAmtHttpPort = 16992;
inline constexpr uint16_t kAmtTlsPort = 16993;

bool IsAmtPort(uint16_t port);  // 16992 or 16993

struct ExtractedHellos {
  std::vector<HelloRecord> hellos;
  std::vector<HelloAttempt> attempts;
};

// `hello_ports` must not be empty.
ExtractedHellos ExtractHellos(const std::vector<Flow>& flows, const std::vector<uint16_t>& hello_ports);

}  // namespace openscs::capture
