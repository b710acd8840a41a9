// `openscs doctor` over a real database: the evidence gathering (systems,
// log, keys, mappings, host reports, the recorded hello endpoint) and what
// the admin reads. The rules themselves are tested in tests/diagnose.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/cli/store_fixture.h"

namespace openscs::cli::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr const char* kMissing = "4c4c4544-004b-4210-8033-b6c04f504699";

class DoctorCommandTest : public CliStoreTest {
 protected:
  // A PSK device that said hello from 127.66.200.5 with PID 0000-037M and
  // failed the way the server logs an unknown PID.
  void AddFailedPskSystem() {
    auto db = OpenDb();
    store::HelloObservation h;
    h.uuid = kUuid;
    h.at = clock_->Now() - std::chrono::minutes(2);
    h.source_address = "127.66.200.5";
    h.pid = "0000037M";
    h.retry_count = 1;
    ASSERT_TRUE(db->RecordHellos(std::span(&h, 1)).ok());
    auto sys = db->GetSystem(kUuid);
    ASSERT_TRUE(sys && *sys);
    store::SystemRecord s = **sys;
    s.state = store::SystemState::kFailed;
    s.last_error = "pid_not_found";
    ASSERT_TRUE(db->UpdateProvisioning(s).ok());
    store::LogEntry e;
    e.at = clock_->Now() - std::chrono::minutes(2);
    e.uuid = kUuid;
    e.level = store::LogLevel::kError;
    e.code = "pid_not_found";
    e.step = "lookup";
    e.message = "failed to find PID mapping for PID 0000-037M (UUID 4c4c4544-...). Cause: a. Fix: b.";
    ASSERT_TRUE(db->AppendLogs(std::span(&e, 1)).ok());
  }
};

TEST_F(DoctorCommandTest, ByUuidNamesTheMissingPidAndTheFix) {
  AddFailedPskSystem();
  const CliRun run = Run({"doctor", kUuid, "--offline"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Verdict: pid_not_found"));
  EXPECT_THAT(run.out, HasSubstr("failed to find PID mapping for PID 0000-037M"));
  EXPECT_THAT(run.out, HasSubstr("openscs keys add 0000-037M PPS"));
  EXPECT_THAT(run.out, HasSubstr("hello window:"));
}

TEST_F(DoctorCommandTest, ByAddressFindsTheSameSystem) {
  AddFailedPskSystem();
  const CliRun run = Run({"doctor", "127.66.200.5", "--offline", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["uuid"], kUuid);
  EXPECT_EQ(j["verdict"], "pid_not_found");
  EXPECT_EQ(j["hello_window"]["state"], "open");
}

TEST_F(DoctorCommandTest, AKeyAddedAfterTheFailureIsShownAsChecked) {
  AddFailedPskSystem();
  ASSERT_EQ(Run({"keys", "add", "0000-037M", "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ"}).exit_code, 0);
  const CliRun run = Run({"doctor", kUuid, "--offline"});
  // The log still holds the failure; the key store now has the PID.
  EXPECT_THAT(run.out, HasSubstr("failed to find PID mapping"));
  EXPECT_THAT(run.out, HasSubstr("PID 0000-037M is in the key store (available)"));
}

TEST_F(DoctorCommandTest, AMissingDeviceFromAHostReportIsWalked) {
  std::ofstream(Path("hosts.json")) << R"({"devices": [{"uuid": ")" << kMissing
                                    << R"(", "address": "127.66.200.9", "amt_enabled": true,
      "provisioning_state": "pre", "factory_default_password": false}]})";
  const CliRun run = Run({"doctor", kMissing, "--offline", "--host-report", Path("hosts.json")});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.out, HasSubstr("— missing"));
  EXPECT_THAT(run.out, HasSubstr("Verdict: mebx_password_changed"));
  EXPECT_THAT(run.out, HasSubstr("(seed mode 3)"));
}

TEST_F(DoctorCommandTest, PortCheckUsesTheRecordedHelloEndpoint) {
  // Nothing listens on this endpoint: the check from the device's address fails.
  {
    auto db = OpenDb();
    ASSERT_TRUE(db->PutSetting("hello_endpoint", "127.66.200.1:9").ok());
  }
  std::ofstream(Path("hosts.json")) << R"({"uuid": ")" << kMissing
                                    << R"(", "address": "127.66.200.9", "provisioning_state": "in",
      "provisioning_server": "127.66.200.1:9"})";
  const CliRun run = Run({"doctor", kMissing, "--host-report", Path("hosts.json"), "--json"});
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["verdict"], "hello_port_blocked") << run.out;
  EXPECT_THAT(j.dump(), HasSubstr("TCP connect from 127.66.200.9 to 127.66.200.1:9 failed"));
}

TEST_F(DoctorCommandTest, FleetCountsMappedDevicesThatNeverSaidHello) {
  AddFailedPskSystem();
  std::ofstream(Path("map.csv")) << "uuid,host_name,domain_name\n" << kMissing << ",pc-9,corp.test\n";
  ASSERT_EQ(Run({"mappings", "import", Path("map.csv")}).exit_code, 0);
  const CliRun run = Run({"doctor", "--fleet", "--offline", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["devices"], 2);
  EXPECT_EQ(j["by_state"]["missing"], 1);
  EXPECT_EQ(j["by_state"]["failed"], 1);
  EXPECT_EQ(j["by_cause"]["pid_not_found"], 1);
  EXPECT_EQ(j["by_cause"]["no_hellos_received"], 1);
  const CliRun text = Run({"doctor", "--fleet", "--offline"});
  EXPECT_THAT(text.out, HasSubstr("By cause:"));
  EXPECT_THAT(text.out, HasSubstr(kMissing));
}

TEST_F(DoctorCommandTest, UsageErrorsAreClear) {
  EXPECT_EQ(Run({"doctor"}).exit_code, 2);
  EXPECT_EQ(Run({"doctor", kUuid, "--fleet"}).exit_code, 2);
  const CliRun host = Run({"doctor", "no-such-host", "--offline"});
  EXPECT_EQ(host.exit_code, 1);
  EXPECT_THAT(host.err, HasSubstr("no system, mapping or host report has host name 'no-such-host'"));
  std::ofstream(Path("bad.json")) << R"({"uuid": "x"})";
  const CliRun bad = Run({"doctor", kUuid, "--host-report", Path("bad.json")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("'x' is not a UUID"));
}

}  // namespace
}  // namespace openscs::cli::testing
