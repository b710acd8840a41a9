#pragma once

// The checks a profile (store::ProfileRecord) passes before it is saved,
// shared by `openscs profiles set` and PUT /api/v1/profiles/{name}. Each
// caller names its own field or option in the context of the error; the
// rule itself (profile::ValidateRule), domains (dns::CheckFqdn) and
// passwords (mebx::CheckMebxPassword) are checked with those modules
// directly.

#include <string_view>

#include "base/status.h"
#include "store/records.h"

namespace openscs::manage {

// 1 to 64 letters, digits, '.', '_' or '-'. InvalidArgument
// "profile name '<name>': use 1 to 64 letters, digits, '.', '_' or '-'".
base::Status CheckProfileName(std::string_view name);

// `profile.host_name_template` expands (profile::HostNameFor, with a sample
// UUID) to a valid host name, or is "mapping". The error is HostNameFor's.
base::Status CheckHostNameTemplate(const store::ProfileRecord& profile);

// "random" or "fixed"; InvalidArgument "<what> '<policy>': expected random
// or fixed".
base::Status CheckPasswordPolicy(std::string_view what, std::string_view policy);

}  // namespace openscs::manage
