#pragma once

// What every CLI command gets: where to write, and the seams it must not
// reach around (randomness). Commands return a process exit code.

#include <ostream>

#include "base/random.h"

namespace openscs::cli {

// Exit codes shared by all commands (documented in docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and found a problem (bad input, invalid file)
inline constexpr int kExitUsage = 2;    // the command line itself is wrong

struct Context {
  std::ostream& out;
  std::ostream& err;
  base::RandomSource random;
};

}  // namespace openscs::cli
