#include "sim/scenario.h"

#include <gtest/gtest.h>

#include <set>

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
  EXPECT_EQ(s->server_keys[0].pid.compact(), s->devices[0].factory.oem_pid);
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
  EXPECT_EQ(a->server_keys[1].pps, b->server_keys[1].pps);
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
  for (const auto& k : s->server_keys) EXPECT_NE(k.pid.compact(), d[0].factory.oem_pid);
  // wrong_pps: same PID, another PPS.
  bool found = false;
  for (const auto& k : s->server_keys) {
    if (k.pid.compact() == d[1].factory.oem_pid) {
      found = true;
      EXPECT_NE(k.pps.compact(), d[1].factory.oem_pps);
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
