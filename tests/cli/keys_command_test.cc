#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "protocol/pidpps/key_csv.h"
#include "tests/cli/cli_testing.h"

namespace openscs::cli {
namespace {

using testing::RunCli;

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("openscs-cli-test-" + std::to_string(getpid()) + "-" + name))
      .string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(KeysGenerate, WritesValidPairsToA0600File) {
  const std::string path = TempPath("keys.csv");
  auto run = RunCli({"keys", "generate", "--no-store", "--count", "5", "--out", path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto pairs = pidpps::ParseKeyCsv(Slurp(path));
  ASSERT_TRUE(pairs) << pairs.error().ToString();
  EXPECT_EQ(pairs->size(), 5u);
  // The summary names the PIDs but never prints a whole PPS.
  for (const auto& row : *pairs) {
    EXPECT_NE(run.out.find(row.pair.pid.display()), std::string::npos);
    EXPECT_EQ(run.out.find(row.pair.pps.display()), std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(KeysGenerate, PrintsPairsWithoutOut) {
  auto run = RunCli({"keys", "generate", "--no-store", "--count", "2", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_TRUE(pidpps::Pps::Parse(j[0]["pps"].get<std::string>()));
}

TEST(KeysGenerate, CountMustBePositive) {
  auto run = RunCli({"keys", "generate", "--count", "0"});
  EXPECT_EQ(run.exit_code, 2);
}

TEST(KeysGenerate, UnwritablePathFailsCleanly) {
  auto run = RunCli({"keys", "generate", "--no-store", "--out", "/nonexistent-dir/keys.csv"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot create"), std::string::npos);
}

}  // namespace
}  // namespace openscs::cli
