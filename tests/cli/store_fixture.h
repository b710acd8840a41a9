#pragma once

// CLI tests over a real database: each test gets a temporary directory with
// its own openscs.db and openscs.key, a FakeClock, and runs the command line
// in-process with --db and --key-file pointing there.

#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/app.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/cli/cli_testing.h"
#include "tests/support/temp_dir.h"

namespace openscs::cli::testing {

class CliStoreTest : public ::testing::Test {
 protected:
  // `args` after the root options --db and --key-file of this test.
  CliRun Run(const std::vector<std::string>& args, uint32_t seed = 1) {
    std::vector<std::string> full = {"--db", db_, "--key-file", key_file_};
    full.insert(full.end(), args.begin(), args.end());
    return RunRaw(full, seed);
  }
  // `args` exactly as given.
  CliRun RunRaw(const std::vector<std::string>& args, uint32_t seed = 1) {
    std::ostringstream out;
    std::ostringstream err;
    Context context{out, err, SeededRandom(seed)};
    context.clock = context_clock_;
    CliRun run;
    run.exit_code = cli::Run(args, context);
    run.out = out.str();
    run.err = err.str();
    return run;
  }
  // The same database, opened directly, to set up or check what a command did.
  std::unique_ptr<store::Store> OpenDb() {
    auto store = store::OpenSqliteStore(db_);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(store).value() : nullptr;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  openscs::testing::TempDir dir_{"cli-store"};
  const std::string db_ = Path("openscs.db");
  const std::string key_file_ = Path("openscs.key");
  std::shared_ptr<base::FakeClock> clock_ = std::make_shared<base::FakeClock>(
      base::TimePoint(std::chrono::seconds(1'796'144'400)));  // 2026-12-01T17:00:00Z
  // What commands run with: clock_, unless a test needs real waits.
  std::shared_ptr<base::Clock> context_clock_ = clock_;
};

}  // namespace openscs::cli::testing
