#pragma once

// The rule for console user names, checked wherever a name comes in (the
// CLI, the API): 1 to 64 of A-Z a-z 0-9 . _ @ - , so an e-mail address
// works, and a name is safe in a log line, a table and a URL path.

#include <string_view>

#include "base/status.h"

namespace openscs::auth {

inline constexpr size_t kMaxUserNameLength = 64;

// kInvalidArgument naming the name (or, when it is too long, its length)
// and the first character not allowed, by position.
base::Status CheckUserName(std::string_view name);

}  // namespace openscs::auth
