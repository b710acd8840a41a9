#pragma once

// Request targets as the web listener receives them ("/api/v1/logs?uuid=..&
// level=warning"): split into a percent-decoded path and query parameters.
// Anything that could smuggle a path past the router or the static files is
// refused here, once: invalid percent escapes, encoded slashes or NULs,
// "." and ".." segments, backslashes.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::web {

// "%41+b" -> "A b" when plus_is_space (query strings), "A+b" otherwise.
// nullopt for a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

struct Target {
  std::string path;                               // decoded, starts with '/'
  std::multimap<std::string, std::string> query;  // decoded names and values
};

// InvalidArgument naming what is wrong with the target.
base::Result<Target> ParseTarget(std::string_view target);

}  // namespace openscs::web
