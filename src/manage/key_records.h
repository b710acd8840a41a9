#pragma once

// PID/PPS pairs as stored keys (store::KeyRecord) and back. The PPS and the
// MEBx password are sealed with the vault before they reach the store and
// opened only here.

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "protocol/pidpps/key_csv.h"
#include "secrets/vault.h"
#include "store/records.h"

namespace openscs::manage {

// A new key: compact PID, sealed PPS and MEBx password (empty stays empty),
// created and updated `now`.
store::KeyRecord NewKeyRecord(const pidpps::KeyCsvRow& row, std::string provenance, store::KeyStatus status,
                              base::TimePoint now, const secrets::Vault& vault);

// The pair and MEBx password of a stored key. DataLoss naming the PID when
// a sealed value does not open (wrong key file) or holds no valid PPS.
base::Result<pidpps::KeyCsvRow> OpenKey(const store::KeyRecord& key, const secrets::Vault& vault);

// A PID argument in the store's compact form. Errors name `what`.
base::Result<std::string> CompactPid(std::string_view text, std::string_view what);

// A key status filter: "" for all, else a status name (any case).
// InvalidArgument "<what> '<text>': expected available, exported, bound,
// consumed or revoked"; `what` is "--status" for the CLI, "status" for the
// API.
base::Result<std::optional<store::KeyStatus>> ParseKeyStatusFilter(std::string_view text, std::string_view what);

}  // namespace openscs::manage
