// `serve --config FILE`: every key of the file is a flag, and a flag after
// --config wins; bad files are refused with the file and line.
#include "cli/serve_command.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli/cli_testing.h"
#include "tests/support/temp_dir.h"

namespace openscs::cli {
namespace {

using testing::RunCli;
using V = std::vector<std::string>;

std::string Write(const openscs::testing::TempDir& dir, const std::string& text) {
  const std::string path = (dir / "openscs.conf").string();
  std::ofstream(path) << text;
  return path;
}

TEST(ServeConfig, KeysBecomeFlagsInPlaceOfConfig) {
  openscs::testing::TempDir dir("serve-config");
  const std::string path = Write(dir,
                                 "# the server\n"
                                 "hello-port = 9972   # trailing comment\n"
                                 "hello_address = 127.0.0.1\n"
                                 "db = \"/var/lib/openscs/openscs.db\"\n"
                                 "allow-tls10 = true\n"
                                 "plain-http = off\n"
                                 "\n");
  auto args = ExpandServeConfig({"--db", "x", "serve", "--config", path, "--hello-port", "9973"});
  ASSERT_TRUE(args) << args.error().ToString();
  EXPECT_EQ(*args, (V{"--db", "x", "serve", "--hello-port", "9972", "--hello-address", "127.0.0.1", "--db",
                      "/var/lib/openscs/openscs.db", "--allow-tls10", "--hello-port", "9973"}));
}

TEST(ServeConfig, OtherCommandsAreUntouched) {
  auto args = ExpandServeConfig({"systems", "list", "--config", "x"});
  ASSERT_TRUE(args);
  EXPECT_EQ(*args, (V{"systems", "list", "--config", "x"}));
}

TEST(ServeConfig, MalformedLineNamesFileAndLine) {
  openscs::testing::TempDir dir("serve-config");
  const std::string path = Write(dir, "hello-port = 1\nthis is not a key\n");
  auto args = ExpandServeConfig({"serve", "--config", path});
  ASSERT_FALSE(args);
  EXPECT_NE(args.error().message().find(path + ":2"), std::string::npos) << args.error().message();
}

TEST(ServeConfig, MissingFileIsAClearError) {
  const auto run = RunCli({"serve", "--config", "/nonexistent/openscs.conf"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("cannot read /nonexistent/openscs.conf"), std::string::npos) << run.err;
}

TEST(ServeConfig, UnknownKeyFailsLikeAnUnknownFlagAndStartsNothing) {
  openscs::testing::TempDir dir("serve-config");
  const std::string path = Write(dir, "hello-prot = 9971\n");
  const auto run = RunCli({"serve", "--config", path, "--db", (dir / "db").string()});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_NE(run.err.find("--hello-prot"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "db")) << "no database is created for a bad command line";
}

}  // namespace
}  // namespace openscs::cli
