// Fuzzes PID and PPS parsing with arbitrary text. An accepted value must
// display in a form that parses back to itself.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/pidpps/pid_pps.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openscs::pidpps;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto pid = Pid::Parse(text)) {
    auto again = Pid::Parse(pid->display());
    if (!again || !(*again == *pid)) std::abort();
  }
  if (auto pps = Pps::Parse(text)) {
    auto again = Pps::Parse(pps->display());
    if (!again || !(*again == *pps)) std::abort();
    const auto psk = DeriveTlsPsk(Pid::Parse("0000037M").value(), *pps);
    if (psk.key.size() != kPpsLength) std::abort();
  }
  return 0;
}
