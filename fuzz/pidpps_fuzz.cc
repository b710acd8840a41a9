// Fuzzes PID and PPS parsing with arbitrary text. Properties checked beyond
// "no crash":
//  - an accepted value displays (and compacts) to text that parses back to an
//    equal value, and its display form has the documented length;
//  - for 8-byte inputs, Pid::FromWire accepts exactly the compact upper-case
//    PIDs that Pid::Parse accepts, and they agree;
//  - a refused PPS's message holds no run of 2+ upper-case letters except
//    "PPS" (a cheap proxy for "never echoes the secret"; the unit tests check
//    the exact property).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "protocol/pidpps/pid_pps.h"

namespace {

using namespace openscs::pidpps;

void CheckPid(std::string_view text) {
  const auto pid = Pid::Parse(text);
  if (pid) {
    const auto again = Pid::Parse(pid->display());
    if (!again || !(*again == *pid)) std::abort();
    if (pid->display().size() != kPidDisplayLength) std::abort();
    if (!ValidatePidAlphabet(pid->compact()).ok() || !ValidatePidCheckCharacter(pid->compact()).ok()) std::abort();
  }
  if (text.size() == kPidLength) {
    const auto bytes = std::as_bytes(std::span<const char>(text)).first<kPidLength>();
    const auto wire = Pid::FromWire(bytes);
    bool canonical = true;
    for (char c : text) canonical = canonical && IsKeyCharacter(c);
    if (wire.has_value() != (pid.has_value() && canonical)) std::abort();
    if (wire && !(*wire == *pid)) std::abort();
  }
}

void CheckPps(std::string_view text) {
  const auto pps = Pps::Parse(text);
  if (pps) {
    const auto again = Pps::Parse(pps->display());
    if (!again || !(*again == *pps)) std::abort();
    const auto compact = Pps::Parse(pps->compact());
    if (!compact || !(*compact == *pps)) std::abort();
    if (pps->display().size() != kPpsDisplayLength) std::abort();
    if (pps->Redacted().size() != kPpsDisplayLength) std::abort();
    const auto psk = DeriveTlsPsk(Pid::Parse("0000037M").value(), *pps);
    if (psk.key != pps->compact()) std::abort();
    return;
  }
  const std::string& message = pps.error().message();
  size_t run_start = 0;
  for (size_t i = 0; i <= message.size(); ++i) {
    const bool upper = i < message.size() && message[i] >= 'A' && message[i] <= 'Z';
    if (upper) continue;
    const std::string_view run = std::string_view(message).substr(run_start, i - run_start);
    if (run.size() >= 2 && run != "PPS") std::abort();
    run_start = i + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckPid(text);
  CheckPps(text);
  return 0;
}
