#pragma once

// Small helpers every command file uses: reporting an error, taking a
// secret argument, normalising a UUID argument.

#include <string>
#include <string_view>

#include "base/status.h"
#include "cli/context.h"
#include "store/store.h"

namespace openscs::cli {

// Writes "error: <message>" to context.err; returns kExitFailure.
int Fail(Context& context, const base::Status& status);

// `value` itself, or for "-" the first line of standard input, which keeps a
// secret out of the process list and the shell history.
std::string SecretArgument(const std::string& value);

// "on" -> true, "off" -> false; InvalidArgument naming `option` otherwise.
base::Result<bool> ParseOnOff(std::string_view option, std::string_view value);

// A UUID argument in canonical lower-case text (any case and braces
// accepted), as the store keys systems. Errors name `what` ("--uuid").
base::Result<std::string> CanonicalUuid(std::string_view text, std::string_view what);

// Writes the audit entry for a secret about to be shown (Warning,
// code secret_revealed, "<what> --reveal by <user>", under `uuid` if any).
// Callers show nothing when it fails: no entry, no secrets.
base::Status LogSecretReveal(store::Store& store, Context& context, std::string_view what, std::string_view uuid = {});

}  // namespace openscs::cli
