#include "sim/scenario.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <set>

#include "tests/support/temp_dir.h"

namespace openscs::sim {
namespace {

TEST(Scenario, ExpandsGroupsIntoDevicesWithAddressesAndKeys) {
  auto s = ParseScenario(R"({
    "acceleration": 60, "server": "127.62.0.1:9971", "domain": "corp.test", "seed": 7,
    "groups": [
      {"count": 3, "address": "127.62.1.254", "amt_version": "2.6", "mode": "psk"},
      {"count": 2, "address": "127.62.2.1", "amt_version": "3.2.1", "mode": "pki"}
    ]})");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->acceleration, 60);
  ASSERT_EQ(s->devices.size(), 5u);
  // .255 and .0 host parts are skipped.
  EXPECT_EQ(s->devices[0].config.address, "127.62.1.254");
  EXPECT_EQ(s->devices[1].config.address, "127.62.2.1");
  EXPECT_EQ(s->devices[2].config.address, "127.62.2.2");
  EXPECT_EQ(s->devices[0].factory.setup.provisioning_server_address, "127.62.0.1");
  EXPECT_EQ(s->devices[0].factory.setup.provisioning_server_port, 9971);
  EXPECT_EQ(s->server_keys.size(), 3u);
  EXPECT_EQ(s->server_keys[0].pair.pid.compact(), s->devices[0].factory.oem_pid);
  EXPECT_TRUE(s->devices[3].factory.remote_configuration);
  std::set<base::Guid> uuids;
  for (const auto& d : s->devices) uuids.insert(d.factory.uuid);
  EXPECT_EQ(uuids.size(), 5u);
}

TEST(Scenario, SameSeedSameFleet) {
  const char* json = R"({"seed": 3, "groups": [{"count": 2, "address": "127.62.3.1"}]})";
  auto a = ParseScenario(json);
  auto b = ParseScenario(json);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->devices[1].factory.uuid, b->devices[1].factory.uuid);
  EXPECT_EQ(a->server_keys[1].pair.pps, b->server_keys[1].pair.pps);
}

TEST(Scenario, FaultsChangeWhatTheServerIsGiven) {
  auto s = ParseScenario(R"({"server": "127.62.0.1", "groups": [
      {"address": "127.62.4.1", "mode": "psk", "faults": ["unknown_pid"]},
      {"address": "127.62.4.2", "mode": "psk", "faults": ["wrong_pps"]},
      {"address": "127.62.4.3", "mode": "psk", "faults": ["no_dns_record"]},
      {"address": "127.62.4.4", "mode": "psk", "faults": ["key_generation_busy", "drop_mid_session", "slow_responses", "server_unreachable"]},
      {"address": "127.62.4.5", "mode": "pki", "faults": ["domain_mismatch"]},
      {"address": "127.62.4.6", "mode": "psk", "faults": ["mebx_password_changed"]},
      {"address": "127.62.4.7", "mode": "psk", "faults": ["amt_disabled"]}]})");
  ASSERT_TRUE(s) << s.error().ToString();
  const auto& d = s->devices;
  // unknown_pid: its PID is not among the server's keys.
  for (const auto& k : s->server_keys) EXPECT_NE(k.pair.pid.compact(), d[0].factory.oem_pid);
  // wrong_pps: same PID, another PPS.
  bool found = false;
  for (const auto& k : s->server_keys) {
    if (k.pair.pid.compact() == d[1].factory.oem_pid) {
      found = true;
      EXPECT_NE(k.pair.pps.compact(), d[1].factory.oem_pps);
      EXPECT_EQ(k.mebx_password, d[1].mebx_password);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(d[2].factory.setup.provisioning_server_address.empty());
  EXPECT_EQ(d[3].config.faults.drop_after_requests, 2u);
  EXPECT_TRUE(d[3].config.faults.server_unreachable);
  EXPECT_GT(d[3].config.faults.slow_response.count(), 0);
  EXPECT_EQ(d[4].factory.network.domain_name, "mismatch.invalid");
  EXPECT_TRUE(d[5].factory.oem_pid.empty());
  EXPECT_FALSE(d[5].mebx_password.empty());
  EXPECT_FALSE(d[6].factory.amt_enabled);
}

// Regression: key_generation_busy was parsed but never reached the device,
// so GenerateKeyPair never answered 0x80D.
TEST(Scenario, RegressionKeyGenerationBusyReachesTheDevice) {
  auto s = ParseScenario(R"({"groups": [{"address": "127.62.6.1", "mode": "pki", "faults": ["key_generation_busy"]}]})");
  ASSERT_TRUE(s) << s.error().ToString();
  const auto& spec = s->devices[0];
  openscs::device::Device device(spec.factory, "Digest:00000000000000000000000000000000");
  const openscs::base::TimePoint now{};
  ASSERT_TRUE(PrepareDevice(spec, device, now).ok());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(device.GenerateKeyPair(), openscs::amt::PtStatus::kPkiGeneratingKeys);
  EXPECT_EQ(device.GenerateKeyPair(), openscs::amt::PtStatus::kSuccess);
}

TEST(Scenario, KeysOutHoldsEachPskDevicesMebxPasswordInAPrivateFile) {
  openscs::testing::TempDir dir("scenario-keys");
  auto s = ParseScenario(R"({"seed": 5, "groups": [
      {"count": 2, "address": "127.62.5.1", "mode": "psk"},
      {"address": "127.62.5.9", "mode": "pki"}]})");
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->server_keys.size(), 2u);
  EXPECT_EQ(s->server_keys[0].mebx_password, s->devices[0].mebx_password);
  EXPECT_EQ(s->server_keys[1].mebx_password, s->devices[1].mebx_password);
  EXPECT_NE(s->server_keys[0].mebx_password, s->server_keys[1].mebx_password);

  s->keys_out = (dir / "keys.csv").string();
  std::ofstream(s->keys_out) << "old, readable by all\n";
  ASSERT_EQ(chmod(s->keys_out.c_str(), 0644), 0);
  ASSERT_TRUE(WriteServerKeys(*s).ok());
  struct stat st {};
  ASSERT_EQ(stat(s->keys_out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(s->keys_out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rows = pidpps::ParseKeyCsv(text);
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].pair.pid.compact(), s->devices[1].factory.oem_pid);
  EXPECT_EQ((*rows)[1].mebx_password, s->devices[1].mebx_password);
  EXPECT_EQ(text.rfind("pid,pps,mebx_password\n", 0), 0u);

  s->keys_out = (dir / "no" / "dir" / "keys.csv").string();
  const base::Status failed = WriteServerKeys(*s);
  EXPECT_EQ(failed.code(), base::StatusCode::kIoError);
  EXPECT_NE(failed.message().find("no/dir/keys.csv"), std::string::npos);
}

TEST(Scenario, ErrorsNameTheGroupAndField) {
  auto e = [](const char* json) {
    auto s = ParseScenario(json);
    EXPECT_FALSE(s) << json;
    return s ? std::string() : s.error().message();
  };
  EXPECT_NE(e("{").find("not JSON"), std::string::npos);
  EXPECT_NE(e(R"({"groups": []})").find("scenario.groups"), std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"count": 1}]})").find("groups[0].address"), std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "10.0.0.1"}]})").find("not a 127.x.y.z loopback"), std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "127.0.0.2", "amt_version": "2.x"}]})").find("groups[0].amt_version"),
            std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "127.0.0.2", "amt_version": "2.0", "mode": "pki"}]})")
                .find("AMT 2.0 has no Remote Configuration"),
            std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "127.0.0.2", "amt_version": "11.0", "mode": "psk"}]})")
                .find("no PSK provisioning"),
            std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "127.0.0.2", "faults": ["gremlins"]}]})").find("unknown fault 'gremlins'"),
            std::string::npos);
  EXPECT_NE(e(R"({"groups": [{"address": "127.0.0.2", "mode": "sleepy"}]})").find("groups[0].mode"),
            std::string::npos);
  EXPECT_NE(e(R"({"server": "127.0.0.1:99999", "groups": [{"address": "127.0.0.2"}]})").find("no valid port"),
            std::string::npos);
  EXPECT_NE(e(R"({"acceleration": "fast", "groups": [{"address": "127.0.0.2"}]})").find("scenario.acceleration"),
            std::string::npos);
}

TEST(Scenario, EveryFaultHasAName) {
  for (Fault f : AllFaults()) EXPECT_EQ(ParseFault(FaultName(f)).value(), f);
}

}  // namespace
}  // namespace openscs::sim
