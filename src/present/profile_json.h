#pragma once

// A configuration profile as JSON: what `openscs profiles list|show --json`
// and GET /api/v1/profiles answer. The sealed passwords never appear:
// "fixed_admin_password_set" says whether there is one, and
// "known_mebx_passwords" how many there are.

#include <nlohmann/json.hpp>

#include "store/records.h"

namespace openscs::present {

nlohmann::json ProfileJson(const store::ProfileRecord& profile);

}  // namespace openscs::present
