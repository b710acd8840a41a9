#pragma once

// The vault's key file: 32 raw bytes, mode 0600. Used by Vault::OpenOrCreate
// (vault.h states the contract and the errors).

#include <array>
#include <filesystem>

#include "base/random.h"
#include "base/status.h"
#include "secrets/vault.h"

namespace openscs::secrets {

using KeyBytes = std::array<std::byte, kKeySize>;

// The key in `path`, after checking its type, size and mode; or, when there
// is no such file, a new key from `random`, written to `path` atomically.
base::Result<KeyBytes> LoadOrCreateKeyFile(const std::filesystem::path& path, const base::RandomSource& random);

}  // namespace openscs::secrets
