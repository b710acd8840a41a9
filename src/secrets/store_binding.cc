#include "secrets/store_binding.h"

#include <fmt/format.h>

#include "base/hex.h"

namespace openscs::secrets {
namespace {

// What the check value seals; its content does not matter, only that it opens.
constexpr std::string_view kVaultCheckPlaintext = "openscs vault check";

}  // namespace

base::Result<Vault> OpenVaultForStore(store::Store& store, const std::filesystem::path& key_file,
                                      std::string_view db_label, base::RandomSource random) {
  auto check = store.GetSetting(kVaultCheckSetting);
  if (!check) return check.error();
  std::error_code ec;
  if (check->has_value() && !std::filesystem::exists(key_file, ec)) {
    return base::FailedPrecondition(
        fmt::format("key file '{}' is missing, but database '{}' holds secrets sealed with a key file; restore "
                    "that file (or give its path with --key-file)",
                    key_file.string(), db_label));
  }
  auto vault = Vault::OpenOrCreate(key_file, std::move(random));
  if (!vault) return vault.error();
  if (check->has_value()) {
    auto sealed = base::FromHex(**check);
    if (!sealed || !vault->Open(std::string(base::AsChars(*sealed)))) {
      return base::DataLoss(fmt::format("key file '{}' does not open the secrets of database '{}' (the key file of "
                                        "another database?)",
                                        key_file.string(), db_label));
    }
    return vault;
  }
  const store::Sealed proof = vault->Seal(kVaultCheckPlaintext);
  if (auto s = store.PutSetting(kVaultCheckSetting, base::ToHex(base::AsBytes(proof))); !s.ok()) return s;
  return vault;
}

}  // namespace openscs::secrets
