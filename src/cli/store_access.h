#pragma once

// How CLI commands reach the database and the vault: the root options
// `--db PATH` (env OPENSCS_DB, default ./openscs.db) and `--key-file PATH`
// (env OPENSCS_KEY_FILE, default ./openscs.key), given before or after the
// command ("openscs --db x keys list" or "openscs keys list --db x"). Their
// values land in Context::db_path and Context::key_file.
//
// A command opens the database (created and migrated on first use) only
// when it needs it, so `openscs hello decode` never touches a file.

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "cli/context.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace openscs::cli {

// Registers --db and --key-file on the root command, bound to `context`.
void AddStoreOptions(CLI::App& root, Context& context);

// The store at context.db_path. Errors name the path
// (store/sqlite/sqlite_store.h).
base::Result<std::unique_ptr<store::Store>> OpenStore(const Context& context);

// The vault of context.key_file, bound to `store` (secrets/store_binding.h).
base::Result<secrets::Vault> OpenVault(const Context& context, store::Store& store);

// The account running the command, for the audit trail ("keys export
// --reveal by alice"): the login name of the effective uid, else "uid N".
std::string CurrentUser();

}  // namespace openscs::cli
