// GET /api/v1/systems/{uuid}/doctor and GET /api/v1/doctor, without live
// checks: what the store holds is enough to name the cause.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr const char* kMapped = "4c4c4544-004b-4210-8033-b6c04f504699";

class DoctorRoutes : public testing::ApiTest {
 protected:
  DoctorRoutes() { AddDoctorRoutes(router_); }

  // A PSK device that said hello with PID 0000-037M and failed the way the
  // server logs an unknown PID; one more device only in the mapping table.
  void SetUp() override {
    store::HelloObservation h;
    h.uuid = kUuid;
    h.at = clock_.Now() - std::chrono::minutes(2);
    h.source_address = "127.72.1.5";
    h.pid = "0000037M";
    h.retry_count = 1;
    ASSERT_TRUE(store_->RecordHellos(std::span(&h, 1)).ok());
    store::SystemRecord s = **store_->GetSystem(kUuid);
    s.state = store::SystemState::kFailed;
    s.last_error = "pid_not_found";
    ASSERT_TRUE(store_->UpdateProvisioning(s).ok());
    store::LogEntry e;
    e.at = h.at;
    e.uuid = kUuid;
    e.level = store::LogLevel::kError;
    e.code = "pid_not_found";
    e.step = "lookup";
    e.message = "failed to find PID mapping for PID 0000-037M";
    ASSERT_TRUE(store_->AppendLogs(std::span(&e, 1)).ok());
    ASSERT_TRUE(store_->PutHostNameMappings(std::vector<store::HostNameMapping>{{kMapped, "ws-9", "corp.test"}}).ok());
  }
};

TEST_F(DoctorRoutes, DiagnosesOneDeviceFromTheStore) {
  auto r = Get(std::string("/api/v1/systems/") + kUuid + "/doctor?live=0");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["uuid"], kUuid);
  EXPECT_EQ(j["state"], "failed");
  EXPECT_EQ(j["verdict"], "pid_not_found");
  ASSERT_FALSE(j["findings"].empty());
  const auto& primary = j["findings"][0];
  EXPECT_EQ(primary["cause"], "pid_not_found");
  EXPECT_FALSE(primary["title"].get<std::string>().empty());
  EXPECT_THAT(primary["fixes"].dump(), HasSubstr("openscs keys add 0000-037M"));
  ASSERT_TRUE(j.contains("hello_window"));
  EXPECT_EQ(j["hello_window"]["schedule"], "psk-cycle");
  // API times: microseconds, RFC 3339.
  EXPECT_THAT(j["hello_window"]["closes_at"].get<std::string>(), ::testing::MatchesRegex(R"(.*\.[0-9]{6}Z)"));
}

TEST_F(DoctorRoutes, ADeviceTheServerNeverHeardFromIsMissing) {
  auto j = Json(Get(std::string("/api/v1/systems/") + kMapped + "/doctor?live=0"));
  EXPECT_EQ(j["uuid"], kMapped);
  EXPECT_EQ(j["state"], "missing");
}

TEST_F(DoctorRoutes, DiagnosesTheFleetWithoutLiveChecksByDefault) {
  auto r = Get("/api/v1/doctor");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["devices"], 2);
  EXPECT_EQ(j["by_state"]["failed"], 1);
  EXPECT_EQ(j["by_state"]["missing"], 1);
  EXPECT_EQ(j["by_cause"]["pid_not_found"], 1);
  ASSERT_EQ(j["systems"].size(), 2u);
  EXPECT_EQ(j["systems"][0]["uuid"], kUuid);
  EXPECT_EQ(j["systems"][1]["uuid"], kMapped);
}

TEST_F(DoctorRoutes, RefusesBadParameters) {
  auto r = Get("/api/v1/systems/xyz/doctor?live=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("uuid: 'xyz'"));
  r = Get("/api/v1/doctor?live=perhaps");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(ErrorMessage(r), HasSubstr("live: 'perhaps'"));
}

}  // namespace
}  // namespace openscs::api
