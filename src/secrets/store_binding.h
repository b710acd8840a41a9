#pragma once

// Ties a key file to the database whose secrets it seals. The first time a
// database needs a vault, a value sealed with the key is stored in its
// settings (`vault_check`). Afterwards another key file is refused (it could
// not open the secrets, and new ones would be sealed under two keys), and a
// missing key file is not silently replaced by a fresh one.
//
// Used by the server and by every CLI command that touches secrets.

#include <filesystem>
#include <string_view>

#include "base/random.h"
#include "base/status.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace openscs::secrets {

inline constexpr std::string_view kVaultCheckSetting = "vault_check";

// The vault of `key_file`, checked against `store`. Creates the key file
// (0600) only for a database without the check. FailedPrecondition when the
// key file is missing but the database has the check; DataLoss when the key
// file does not open it. Messages name both paths (`db_label` for the
// database).
base::Result<Vault> OpenVaultForStore(store::Store& store, const std::filesystem::path& key_file,
                                      std::string_view db_label, base::RandomSource random = base::SystemRandom());

}  // namespace openscs::secrets
