#pragma once

// `openscs profiles ...`: how devices are configured (store::ProfileRecord).
//
//   profiles list [--json]
//   profiles show NAME [--json]
//   profiles set NAME [--rule R] [--priority N] [--host-name-template T]
//                [--domain D] [--password-policy random|fixed]
//                [--admin-password P] [--tls on|off] [--fresh-psk on|off]
//                [--mebx-password P ...] [--clear-mebx-passwords]
//       creates NAME (from the defaults) or changes only the given fields;
//       --mebx-password replaces the list of MEBx passwords to try, in the
//       order given. Rules, templates and names are checked before saving
//       (profile/profile.h, dns/host_name.h); passwords must meet the MEBx
//       rule; "fixed" needs an admin password.
//   profiles delete NAME      any profile but "default"
//
// Passwords are sealed with the vault; output shows only whether they are
// set and how many there are. "-" reads a password from standard input.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddProfilesCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
