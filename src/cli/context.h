#pragma once

// What every CLI command gets: where to write, the seams it must not reach
// around (randomness, time), and where the database is. Commands return a
// process exit code.

#include <memory>
#include <ostream>
#include <string>

#include "base/clock.h"
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
  // Timestamps of what commands store, and the "now" of "--since 2h".
  std::shared_ptr<base::Clock> clock = base::SystemClock();
  // The root options --db and --key-file (cli/store_access.h opens them);
  // Run() fills these in from the command line or the environment.
  std::string db_path = "./openscs.db";
  std::string key_file = "./openscs.key";
};

}  // namespace openscs::cli
