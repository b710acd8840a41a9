#pragma once

// `openscs certs ...`: the provisioning certificates this server presents to
// devices for PKI Remote Configuration (reference §5.3).
//
//   certs import FILE [--key KEYFILE] [--password-file F] [--name N] [--json]
//       PEM (chain and key in any order; the key may be in KEYFILE) or
//       PKCS#12. Prints the report (tls/cert_inspect.h): subject, chain, root
//       hashes, EKU OIDs and OUs, validity, every finding. Stores the chain
//       and the key, sealed with the vault, under the leaf's SHA-1. Refuses
//       (exit 1) a file without a private key or with a key that does not
//       match the leaf; findings alone do not refuse.
//   certs list [--json]      the stored certificates
//   certs show ID [--json]   the report of a stored certificate (ID or a unique prefix)
//   certs delete ID          removes it
//
// Private keys and passwords never reach the output.

#include <string>

#include "base/clock.h"
#include "cli/context.h"
#include "secrets/vault.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddCertsCommands(CLI::App& app, Context& context, int& exit_code);

// The commands over an open store and vault (AddCertsCommands opens them
// from the global options); `now` judges validity and stamps imports.
// Each returns the exit code and writes to context.out / context.err.
struct CertsImportOptions {
  std::string file;
  std::string key_file;       // "" : the key is in `file`
  std::string password_file;  // "" : no password; else its first line
  std::string name;           // "" : the leaf's CN
  bool json = false;
};
int RunCertsImport(const CertsImportOptions& options, store::Store& store, const secrets::Vault& vault,
                   base::TimePoint now, Context& context);
int RunCertsList(bool json, store::Store& store, Context& context);
int RunCertsShow(const std::string& id, bool json, store::Store& store, base::TimePoint now, Context& context);
int RunCertsDelete(const std::string& id, store::Store& store, Context& context);

}  // namespace openscs::cli
