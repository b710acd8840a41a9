#pragma once

// The doctor: walks the seed's procedures ("System Missing", "Provision
// Server", the modes and version notes) over a device's evidence and ranks
// what can be wrong. Each finding names a cause (a knowledge-base code),
// the evidence for it and the fix as commands or MEBx steps for this device.
// Pure: evidence in, diagnosis out (docs/troubleshooting.md).

#include <string>
#include <string_view>
#include <vector>

#include "diagnose/evidence.h"
#include "diagnose/hello_window.h"

namespace openscs::diagnose {

enum class Confidence {
  kConfirmed,  // the evidence shows it
  kLikely,     // the evidence points to it, nothing shows it directly
  kPossible,   // not excluded: check it
  kRuledOut,   // checked and fine (listed last, so the admin sees what was checked)
};
std::string_view ConfidenceName(Confidence c);  // "confirmed", "likely", "possible", "ruled_out"

struct Finding {
  std::string cause;
  Confidence confidence = Confidence::kPossible;
  std::vector<std::string> evidence;
  std::vector<std::string> fixes;  // for this device; the KB adds the general ones
  int seed_mode = 0;               // 1-6 where the cause is one of the seed's modes
};

struct Diagnosis {
  std::string uuid;     // "" when the device is not known by UUID
  std::string address;
  // The system's state ("discovered", "operational", ...) or "missing" when
  // the server never heard from the device.
  std::string state;
  std::vector<std::string> facts;  // what was found, one line each
  std::optional<WindowAssessment> window;
  std::vector<Finding> findings;   // most likely first; ruled-out last

  // The first finding that is not ruled out (the verdict), or nullptr.
  const Finding* Primary() const;
};

Diagnosis Diagnose(const DeviceEvidence& evidence, const DoctorOptions& options);

}  // namespace openscs::diagnose
