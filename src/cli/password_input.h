#pragma once

// Where `openscs users add` and `users passwd` get a new console password,
// in this order:
//  1. --password-stdin: the first line of standard input (for scripts:
//     `printf '%s\n' "$PW" | openscs users add alice --role admin --password-stdin`);
//  2. the environment variable OPENSCS_PASSWORD, when set;
//  3. a prompt on the terminal (standard input), typed twice without echo.
// Never a command-line argument: that would sit in the process list and the
// shell history.

#include <string>
#include <string_view>

#include "base/status.h"
#include "cli/context.h"

namespace openscs::cli {

inline constexpr const char* kPasswordEnvironmentVariable = "OPENSCS_PASSWORD";

// The password for `user`, not yet checked against the policy. Prompts go
// to context.err. kInvalidArgument when standard input is empty (with
// `from_stdin`), when the two typed passwords differ, or when there is no
// source at all (no flag, no variable, standard input not a terminal). No
// message contains the password.
base::Result<std::string> ReadNewPassword(bool from_stdin, std::string_view user, Context& context);

}  // namespace openscs::cli
