#pragma once

// Compatibility verdicts as JSON (`openscs compat --json`, GET /api/v1/compat).

#include <vector>

#include <nlohmann/json.hpp>

#include "compat/compat.h"

namespace openscs::present {

// [{text, cause?, rule?}].
nlohmann::json CompatFindingsJson(const std::vector<compat::Finding>& findings);

// {platform, form_factor, remote_configuration, psk, legacy_soap, wsman, tls10, tls12, notes}.
nlohmann::json CapabilitiesJson(const amt::Capabilities& capabilities);

// One question asked for one or more methods (the same version, SCS and
// OOBM), `verdicts` not empty: {amt, subject, works (any method works),
// results: [{method, works, reasons, warnings, notes}], rows: [{oobm, scs,
// amt, source, note?}], capabilities?}; rows and capabilities from the first.
nlohmann::json CompatJson(const std::vector<compat::Verdict>& verdicts);

}  // namespace openscs::present
