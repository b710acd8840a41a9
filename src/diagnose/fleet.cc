#include "diagnose/fleet.h"

#include "diagnose/causes.h"

namespace openscs::diagnose {

FleetSummary Summarise(const std::vector<Diagnosis>& diagnoses) {
  FleetSummary s;
  s.devices = diagnoses.size();
  for (const auto& d : diagnoses) {
    ++s.by_state[d.state];
    const Finding* primary = d.Primary();
    ++s.by_cause[primary ? primary->cause : std::string(causes::kNothingFound)];
  }
  return s;
}

}  // namespace openscs::diagnose
