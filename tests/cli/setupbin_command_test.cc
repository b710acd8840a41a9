#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <filesystem>

#include "cli/file_io.h"
#include "protocol/setupbin/setupbin.h"
#include "tests/cli/cli_testing.h"

namespace openscs::cli {
namespace {

using testing::RunCli;

class SetupBinCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openscs-setupbin-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(SetupBinCommand, CreateFromKeysThenInspect) {
  ASSERT_EQ(RunCli({"keys", "generate", "--no-store", "--count", "3", "--out", Path("keys.csv")}).exit_code, 0);
  auto create = RunCli({"setupbin", "create", "--version", "3", "--out", Path("setup.bin"), "--current-password",
                        "admin", "--new-password", "P@ssw0rd", "--keys", Path("keys.csv"), "--provision-server",
                        "192.0.2.10", "--port", "9971", "--pki-dns-suffix", "corp.test", "--remote-config", "on"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  struct stat st {};
  ASSERT_EQ(stat(Path("setup.bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 4 * 512);

  auto inspect = RunCli({"setupbin", "inspect", "--json", Path("setup.bin")});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  auto j = nlohmann::json::parse(inspect.out);
  EXPECT_EQ(j["version"], "3");
  ASSERT_EQ(j["records"].size(), 3u);
  const auto& vars = j["records"][0]["variables"];
  EXPECT_EQ(vars[0]["name"], "Current MEBx password");
  EXPECT_EQ(vars[1]["name"], "New MEBx password");
  EXPECT_EQ(vars[1]["value"], "<redacted, 8 characters>");
  bool saw_server = false;
  for (const auto& v : vars) {
    if (v["name"] == "Provisioning server address") {
      EXPECT_EQ(v["value"], "192.0.2.10");
      saw_server = true;
    }
  }
  EXPECT_TRUE(saw_server);
  EXPECT_EQ(inspect.out.find("P@ssw0rd"), std::string::npos);

  auto revealed = RunCli({"setupbin", "inspect", "--reveal", Path("setup.bin")});
  EXPECT_NE(revealed.out.find("P@ssw0rd"), std::string::npos);
}

TEST_F(SetupBinCommand, SingleRecordFromPidPps) {
  auto create = RunCli({"setupbin", "create", "--version", "1", "--out", Path("v1.bin"), "--new-password",
                        "P@ssw0rd", "--pid", "0000-037M", "--pps", "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  auto inspect = RunCli({"setupbin", "inspect", Path("v1.bin")});
  EXPECT_NE(inspect.out.find("setup.bin version 1, 1 record(s)"), std::string::npos) << inspect.out;
  EXPECT_NE(inspect.out.find("0000-037M"), std::string::npos);
}

TEST_F(SetupBinCommand, WeakNewPasswordIsRefusedAndNothingWritten) {
  auto create = RunCli({"setupbin", "create", "--version", "3", "--out", Path("weak.bin"), "--new-password",
                        "password"});
  EXPECT_EQ(create.exit_code, 1);
  EXPECT_NE(create.err.find("record 1: new MEBx password"), std::string::npos) << create.err;
  EXPECT_FALSE(std::filesystem::exists(Path("weak.bin")));
}

TEST_F(SetupBinCommand, AdminWithoutNewPasswordRefusedInV2) {
  auto create = RunCli({"setupbin", "create", "--version", "2", "--out", Path("x.bin")});
  EXPECT_EQ(create.exit_code, 1);
  EXPECT_NE(create.err.find("must be followed by a new password"), std::string::npos);
}

TEST_F(SetupBinCommand, BadPpsNamesGroupNotValue) {
  auto create = RunCli({"setupbin", "create", "--out", Path("x.bin"), "--new-password", "P@ssw0rd", "--pid",
                        "0000-037M", "--pps", "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK"});
  EXPECT_EQ(create.exit_code, 1);
  EXPECT_NE(create.err.find("--pps: PPS group 8"), std::string::npos) << create.err;
  EXPECT_EQ(create.err.find("69XK"), std::string::npos);
}

TEST_F(SetupBinCommand, InspectTruncatedFileNamesRecordAndOffset) {
  ASSERT_EQ(RunCli({"setupbin", "create", "--out", Path("s.bin"), "--new-password", "P@ssw0rd", "--records", "2"})
                .exit_code,
            0);
  auto bytes = ReadBinaryFile(Path("s.bin")).value();
  bytes.resize(1300);
  ASSERT_TRUE(WriteFileAtomically(Path("t.bin"), bytes).ok());
  auto inspect = RunCli({"setupbin", "inspect", Path("t.bin")});
  EXPECT_EQ(inspect.exit_code, 1);
  EXPECT_NE(inspect.err.find("record 2 is truncated (offset 1024)"), std::string::npos) << inspect.err;
}

TEST_F(SetupBinCommand, InspectShowsConsumedRecords) {
  ASSERT_EQ(RunCli({"setupbin", "create", "--out", Path("s.bin"), "--new-password", "P@ssw0rd", "--records", "2"})
                .exit_code,
            0);
  auto bytes = ReadBinaryFile(Path("s.bin")).value();
  // Mark record 1 consumed the way a BIOS does.
  bytes[32] = std::byte{1};
  bytes[512 + 4] = std::byte{0};
  std::fill(bytes.begin() + 512 + 24, bytes.begin() + 1024, std::byte{0});
  ASSERT_TRUE(WriteFileAtomically(Path("s.bin"), bytes).ok());
  auto inspect = RunCli({"setupbin", "inspect", Path("s.bin")});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("1 consumed"), std::string::npos);
  EXPECT_NE(inspect.out.find("record 1 (offset 512): consumed"), std::string::npos);
  EXPECT_NE(inspect.out.find("record 2 (offset 1024): not consumed"), std::string::npos);
}

TEST_F(SetupBinCommand, HelpForEachSubcommand) {
  for (const char* sub : {"create", "inspect"}) {
    auto run = RunCli({"setupbin", sub, "--help"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_NE(run.out.find("Usage"), std::string::npos);
  }
}

}  // namespace
}  // namespace openscs::cli
