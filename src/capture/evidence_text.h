#pragma once

// How evidence names a packet: "#14 at 1.250 s", the number and the time
// relative to the capture's first packet, as Wireshark shows them by default.

#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace openscs::capture {

inline std::string At(uint64_t packet, double time, double capture_start) {
  return fmt::format("#{} at {:.3f} s", packet, time - capture_start);
}

}  // namespace openscs::capture
