#pragma once

// `openscs audit [--user U] [--action PREFIX] [--limit N] [--follow]
// [--json]`: the audit log (store::AuditEntry), oldest first: who changed
// what, or saw which secret, through the console, the API or this CLI.
//
//  - --user U: only U's entries ("alice"; "cli:root" for the CLI's).
//  - --action PREFIX: actions starting with PREFIX ("keys." for every key
//    action, "users." for users and their tokens); case matters.
//  - --limit N: the newest N matches (default 200; 0 for all).
//  - --follow: after printing, polls every 500 ms for newer entries, as
//    `logs --follow` does; the hidden --follow-for SECONDS stops it (tests).
//
// Text: one line per entry,
//   2026-12-01T17:00:00.123Z alice via session from 192.0.2.7 keys.export 0000037M ok: 3 keys
// ("-" for no target; FAILED instead of ok for a refusal or failure).
// --json: an array, or with --follow one object per line.

#include <string_view>

#include "base/status.h"
#include "cli/context.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddAuditCommand(CLI::App& app, Context& context, int& exit_code);

// Appends the CLI's entry for a change it made: user "cli:<login>"
// (CurrentUser()), via "cli", no remote address, at context.clock's now.
// `detail` must hold no secret.
base::Status AppendCliAudit(store::Store& store, const Context& context, std::string_view action,
                            std::string_view target, std::string_view detail);

}  // namespace openscs::cli
