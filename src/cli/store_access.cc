#include "cli/store_access.h"

#include "secrets/store_binding.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/hex.h"
#include "store/sqlite/sqlite_store.h"

namespace openscs::cli {

void AddStoreOptions(CLI::App& root, Context& context) {
  root.add_option("--db", context.db_path, "SQLite database (created and migrated on first use)")
      ->envname("OPENSCS_DB")
      ->capture_default_str();
  root.add_option("--key-file", context.key_file, "Key sealing the secrets at rest (created 0600 on first use)")
      ->envname("OPENSCS_KEY_FILE")
      ->capture_default_str();
}

base::Result<std::unique_ptr<store::Store>> OpenStore(const Context& context) {
  return store::OpenSqliteStore(context.db_path);
}

base::Result<secrets::Vault> OpenVault(const Context& context, store::Store& store) {
  return secrets::OpenVaultForStore(store, context.key_file, context.db_path, context.random);
}

std::string CurrentUser() {
  const uid_t uid = geteuid();
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return fmt::format("uid {}", uid);
}

}  // namespace openscs::cli
