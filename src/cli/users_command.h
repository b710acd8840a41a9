#pragma once

// `openscs users ...`: who may log in to the web console and the REST API
// (store::UserRecord), and their API tokens (store::ApiTokenRecord).
//
//   users add NAME --role admin|viewer [--password-stdin]
//   users passwd NAME [--password-stdin]
//       the password comes from cli/password_input.h (standard input, the
//       OPENSCS_PASSWORD variable, or a prompt), must meet
//       auth::CheckPasswordPolicy, and is stored only as its Argon2id hash.
//   users list [--json]           name, role, disabled, created, token count
//   users remove NAME             the user and every token of theirs
//   users disable NAME | users enable NAME
//   users role NAME admin|viewer
//   users token add NAME --label L [--expires 90d|12h|never|ISO-TIME]
//       prints the token once on stdout (a line of its own, for
//       TOKEN=$(...)); only its SHA-256 is stored. --expires defaults to 90d.
//   users token list [NAME] [--json]   id, user, label, created, expires, last used
//   users token revoke ID
//
// Exit codes: 1 for a refusal of the database's state (the user exists, or
// does not), 2 for a bad name, role, password or option. Every change
// appends an audit entry (cli/audit_command.h): actions users.add,
// users.passwd, users.remove, users.disable, users.enable, users.role,
// users.token.add, users.token.revoke. No output, message or audit entry
// contains a password, a hash or a token (after the one `token add` prints).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddUsersCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
