#pragma once

// `openscs keys ...`: the PID/PPS key store of TLS-PSK provisioning.
//
//   keys generate --count N [--out FILE] [--no-store] [--json]
//       new pairs from the CSPRNG, stored (status available, provenance
//       "generated") unless --no-store; written to FILE (0600) or printed
//   keys add PID PPS [--mebx-password P]    one pair ("-" reads it from stdin)
//   keys import FILE                         CSV or setup.bin (keys_import.h)
//   keys export / keys list                  (keys_list.h)
//   keys revoke PID                          status revoked
//
// Secrets: a PPS or password given on the command line is visible in the
// process list; pass "-" to read it from standard input. No error message
// contains a PPS or password.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddKeysCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
