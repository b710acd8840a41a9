#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_testing.h"

namespace openscs::cli {
namespace {

using testing::RunCli;

constexpr const char* kPskHex =
    "01 00 02 00 00 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 30 30 30 30 30 33 37 4d";

TEST(HelloDecodeCommand, PrintsEveryFieldWithOffsets) {
  auto run = RunCli({"hello", "decode", kPskHex});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("PSK hello, 32 bytes"), std::string::npos);
  EXPECT_NE(run.out.find("4c4c4544-004b-4210-8033-b6c04f504633"), std::string::npos);
  EXPECT_NE(run.out.find("24      pid"), std::string::npos);
  EXPECT_NE(run.out.find("0000-037M"), std::string::npos);
}

TEST(HelloDecodeCommand, JsonOutput) {
  auto run = RunCli({"hello", "decode", "--json", kPskHex});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_TRUE(j["valid"].get<bool>());
  EXPECT_EQ(j["hello"]["uuid"], "4c4c4544-004b-4210-8033-b6c04f504633");
  EXPECT_EQ(j["hello"]["pid"], "0000-037M");
  EXPECT_EQ(j["hello"]["interface_version"], 2);
}

TEST(HelloDecodeCommand, ReadsRawFile) {
  auto run = RunCli({"hello", "decode", "--file", std::string(OPENSCS_SOURCE_DIR) + "/examples/hellos/pki-legacy-sha1.bin"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("hashes[1]"), std::string::npos);
  EXPECT_NE(run.out.find("sha1 2796bae63f1801e277261ba0d77770028f20eee4"), std::string::npos);
}

TEST(HelloDecodeCommand, MalformedNamesFieldAndOffsetOnStderr) {
  auto run = RunCli({"hello", "decode", "--file",
                     std::string(OPENSCS_SOURCE_DIR) + "/examples/hellos/malformed-bad-hash-length.bin"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("hashes[0].length at offset 26"), std::string::npos) << run.err;
}

TEST(HelloDecodeCommand, MalformedJsonStillPrintsStructuredError) {
  auto run = RunCli({"hello", "decode", "--json", "0100070000"});
  EXPECT_EQ(run.exit_code, 1);
  auto j = nlohmann::json::parse(run.out);
  EXPECT_FALSE(j["valid"].get<bool>());
  EXPECT_EQ(j["error"]["field"], "interface_version");
  EXPECT_EQ(j["error"]["offset"], 2);
}

TEST(HelloDecodeCommand, NotHexIsUsageError) {
  auto run = RunCli({"hello", "decode", "zz"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("not hex"), std::string::npos);
}

TEST(HelloDecodeCommand, NeedsInput) {
  auto run = RunCli({"hello", "decode"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("HEX or with --file"), std::string::npos);
}

TEST(Cli, HelpOnEveryCommand) {
  for (auto args : std::vector<std::vector<std::string>>{{"--help"}, {"hello", "--help"}, {"hello", "decode", "--help"}}) {
    auto run = RunCli(args);
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << args.back();
  }
}

TEST(Cli, UnknownCommandIsUsageError) {
  auto run = RunCli({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(run.err.empty());
}

}  // namespace
}  // namespace openscs::cli
