#pragma once

// `doctor --fleet`: every device's verdict, counted by state and by cause,
// so one screen says which devices are stuck and why.

#include <map>
#include <string>
#include <vector>

#include "diagnose/doctor.h"

namespace openscs::diagnose {

struct FleetSummary {
  size_t devices = 0;
  std::map<std::string, size_t> by_state;  // "operational", "failed", "missing", ...
  std::map<std::string, size_t> by_cause;  // the primary finding's cause ("healthy" included)
};

FleetSummary Summarise(const std::vector<Diagnosis>& diagnoses);

}  // namespace openscs::diagnose
