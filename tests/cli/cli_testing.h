#pragma once

// Runs the openscs command line in-process, as a user would from a shell.

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "tests/support/seeded_random.h"

namespace openscs::cli::testing {

struct CliRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

using openscs::testing::SeededRandom;

inline CliRun RunCli(const std::vector<std::string>& args, uint32_t seed = 1) {
  std::ostringstream out;
  std::ostringstream err;
  Context context{out, err, SeededRandom(seed)};
  CliRun run;
  run.exit_code = Run(args, context);
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace openscs::cli::testing
