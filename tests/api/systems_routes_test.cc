// GET /api/v1/systems, /systems/{uuid}, /systems/{uuid}/timeline over a
// store the test fills in.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kUuidA = "4c4c4544-004b-4210-8033-b6c04f504633";  // PSK, operational
constexpr std::string_view kUuidB = "0a0a0a0a-0000-4000-8000-000000000001";  // PKI, failed
constexpr std::string_view kUuidC = "0a0a0a0a-0000-4000-8000-000000000002";  // PSK, discovered
const std::string kSha1 = "00112233445566778899aabbccddeeff00112233";

class SystemRoutes : public testing::ApiTest {
 protected:
  SystemRoutes() { AddSystemRoutes(router_); }

  void SetUp() override {
    store::HelloObservation a;
    a.uuid = kUuidA;
    a.at = clock_.Now() - minutes(30);
    a.source_address = "192.0.2.7";
    a.pid = "0000037M";
    a.admin_credentials_set = true;
    store::HelloObservation b;
    b.uuid = kUuidB;
    b.at = clock_.Now() - minutes(20);
    b.source_address = "192.0.2.8";
    b.hello_version = 3;
    b.retry_count = 4;
    b.hashes = {"sha1:" + kSha1};
    store::HelloObservation c;
    c.uuid = kUuidC;
    c.at = clock_.Now() - minutes(10);
    c.source_address = "192.0.2.9";
    c.pid = "ABCD0001";
    ASSERT_TRUE(store_->RecordHellos(std::vector<store::HelloObservation>{a, b, c}).ok());
    SetState(kUuidA, store::SystemState::kOperational, "", [](store::SystemRecord& s) {
      s.amt_version = "3.2.1";
      s.host_name = "amt-4c4c4544";
      s.admin_password = "sealed";
    });
    SetState(kUuidB, store::SystemState::kFailed, "pid_not_found", [](store::SystemRecord&) {});
  }

  template <typename F>
  void SetState(std::string_view uuid, store::SystemState state, std::string last_error, F edit) {
    store::SystemRecord s = **store_->GetSystem(uuid);
    s.state = state;
    s.state_changed = clock_.Now();
    s.last_error = std::move(last_error);
    edit(s);
    ASSERT_TRUE(store_->UpdateProvisioning(s).ok());
  }

  std::vector<std::string> Uuids(std::string_view target) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const auto j = Json(r);
    for (const auto& item : j["items"]) out.push_back(item["uuid"]);
    return out;
  }
};

TEST_F(SystemRoutes, ListsEverySystemWithCountsOverTheWholeFleet) {
  auto r = Get("/api/v1/systems?state=failed");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["total"], 1);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["uuid"], kUuidB);
  EXPECT_EQ(j["items"][0]["cause"], "pid_not_found");
  // The counts ignore the filter: the console shows every state and cause.
  EXPECT_EQ(j["counts"]["by_state"],
            (nlohmann::json{{"discovered", 1}, {"provisioning", 0}, {"operational", 1}, {"failed", 1}}));
  EXPECT_EQ(j["counts"]["by_cause"], (nlohmann::json{{"none", 2}, {"pid_not_found", 1}}));
}

TEST_F(SystemRoutes, FiltersByStateMethodAndCause) {
  EXPECT_THAT(Uuids("/api/v1/systems"), ElementsAre(kUuidA, kUuidB, kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?method=pki"), ElementsAre(kUuidB));
  EXPECT_THAT(Uuids("/api/v1/systems?method=PSK"), ElementsAre(kUuidA, kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?cause=none"), ElementsAre(kUuidA, kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?state=discovered&method=psk"), ElementsAre(kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?cause=none&state=failed"), ElementsAre());
}

TEST_F(SystemRoutes, SearchesTextCaseInsensitively) {
  EXPECT_THAT(Uuids("/api/v1/systems?q=0000-037m"), ElementsAre(kUuidA));  // the PID as displayed
  EXPECT_THAT(Uuids("/api/v1/systems?q=0000037M"), ElementsAre(kUuidA));   // and compact
  EXPECT_THAT(Uuids("/api/v1/systems?q=AMT-4C4C"), ElementsAre(kUuidA));
  EXPECT_THAT(Uuids("/api/v1/systems?q=192.0.2.9"), ElementsAre(kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?q=3.2.1"), ElementsAre(kUuidA));
  EXPECT_THAT(Uuids("/api/v1/systems?q=PID_NOT"), ElementsAre(kUuidB));
  EXPECT_THAT(Uuids("/api/v1/systems?q=0a0a0a0a-0000"), ElementsAre(kUuidB, kUuidC));
  EXPECT_THAT(Uuids("/api/v1/systems?q=nothing-like-this"), ElementsAre());
}

TEST_F(SystemRoutes, PagesAfterFiltering) {
  auto j = Json(Get("/api/v1/systems?limit=1&offset=1"));
  EXPECT_EQ(j["total"], 3);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["uuid"], kUuidB);
  j = Json(Get("/api/v1/systems?method=psk&offset=1"));
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["uuid"], kUuidC);
  EXPECT_EQ(Json(Get("/api/v1/systems?offset=7"))["items"].size(), 0u);
}

TEST_F(SystemRoutes, RefusesBadParametersNamingThem) {
  for (const char* target : {"/api/v1/systems?state=sleeping", "/api/v1/systems?method=amt",
                             "/api/v1/systems?limit=1001", "/api/v1/systems?limit=x", "/api/v1/systems?offset=-1"}) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(ErrorCode(r), "invalid_argument") << target;
    const std::string name(std::string_view(target).substr(16, std::string_view(target).find('=') - 16));
    EXPECT_THAT(ErrorMessage(r), HasSubstr(name)) << target;
  }
}

TEST_F(SystemRoutes, ItemsCarryTheWindowAndApiTimes) {
  auto j = Json(Get("/api/v1/systems?q=" + std::string(kUuidC)));
  ASSERT_EQ(j["items"].size(), 1u);
  const auto& c = j["items"][0];
  EXPECT_EQ(c["last_hello"], "2026-12-01T16:50:00.000000Z");  // microseconds, RFC 3339
  EXPECT_EQ(c["lease_until"], "");                            // never: empty, not "-"
  EXPECT_EQ(c["pid"], "ABCD0001");                            // fails its check character: shown as the device sent it
  EXPECT_EQ(c["admin_password_set"], false);
  // One hello (retry 0) ten minutes ago on the PSK cycle: the next is overdue
  // or due, the window is not closed, and the times are filled in.
  EXPECT_EQ(c["window"]["schedule"], "psk-cycle");
  EXPECT_THAT(c["window"]["state"].get<std::string>(), ::testing::AnyOf("open", "overdue"));
  EXPECT_FALSE(c["window"]["closes_at"].get<std::string>().empty());
  EXPECT_TRUE(c["window"].contains("next_hello_due"));
  // A PKI device follows the PKI schedule unless the server says otherwise.
  EXPECT_EQ(Json(Get("/api/v1/systems?method=pki"))["items"][0]["window"]["schedule"], "configmgr");
}

TEST_F(SystemRoutes, AnAcceleratedFleetsWindowSaysSoAndClosesSooner) {
  const auto closes = [&] {
    auto j = Json(Get("/api/v1/systems?q=" + std::string(kUuidC)));
    EXPECT_EQ(j["items"].size(), 1u);
    return j["items"][0]["window"];
  };
  const auto real = closes();
  EXPECT_EQ(real["time_scale"], 1.0);
  options_.time_scale = 60;
  const auto accelerated = closes();
  EXPECT_EQ(accelerated["time_scale"], 60.0);
  // RFC 3339 UTC strings of one format compare as times.
  EXPECT_LT(accelerated["closes_at"].get<std::string>(), real["closes_at"].get<std::string>());
}

TEST_F(SystemRoutes, ShowsOneSystemWithItsPskHelloFieldByField) {
  auto r = Get("/api/v1/systems/" + std::string(kUuidA));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_EQ(j["uuid"], kUuidA);
  EXPECT_EQ(j["state"], "operational");
  EXPECT_EQ(j["pid"], "0000-037M");
  EXPECT_EQ(j["admin_password_set"], true);
  EXPECT_FALSE(j.contains("admin_password"));
  EXPECT_TRUE(j["mapping"].is_null());
  const auto& hello = j["hello"];
  // The reference §3.7 example: these 32 bytes.
  EXPECT_EQ(hello["hex"],
            "010002000000000044454c4c4b0010428033b6c04f50463330303030303337"
            "4d");
  EXPECT_EQ(hello["size"], 32);
  std::vector<std::string> names;
  for (const auto& f : hello["fields"]) names.push_back(f["name"]);
  EXPECT_THAT(names, ElementsAre("admin_credentials_set", "interface_version", "retry_count", "uuid", "pid"));
  const auto& pid = hello["fields"][4];
  EXPECT_EQ(pid["offset"], 24);
  EXPECT_EQ(pid["length"], 8);
  EXPECT_EQ(pid["hex"], "303030303033374d");
  EXPECT_EQ(pid["value"], "0000-037M");
  EXPECT_FALSE(pid["meaning"].get<std::string>().empty());
  EXPECT_EQ(hello["fields"][0]["value"], "1 (yes)");
  EXPECT_EQ(hello["fields"][1]["hex"], "0200");
  EXPECT_EQ(hello["fields"][3]["hex"], "44454c4c4b0010428033b6c04f504633");
  EXPECT_EQ(hello["decoded"]["pid"], "0000-037M");
  EXPECT_EQ(hello["warnings"].size(), 0u);
}

TEST_F(SystemRoutes, ShowsAPkiHelloAndTheHostNameMapping) {
  ASSERT_TRUE(
      store_->PutHostNameMappings(std::vector<store::HostNameMapping>{{std::string(kUuidB), "ws-17", "corp.test"}})
          .ok());
  auto j = Json(Get("/api/v1/systems/" + std::string(kUuidB)));
  EXPECT_EQ(j["mapping"], (nlohmann::json{{"host_name", "ws-17"}, {"domain_name", "corp.test"}}));
  const auto& fields = j["hello"]["fields"];
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[1]["value"], "3 (PKI)");
  EXPECT_EQ(fields[2]["hex"], "04000000");  // retry count 4, little-endian
  EXPECT_EQ(fields[4]["name"], "hash_count");
  EXPECT_EQ(fields[4]["offset"], 24);
  EXPECT_EQ(fields[5]["name"], "hashes[0]");
  EXPECT_EQ(fields[5]["offset"], 25);
  EXPECT_EQ(fields[5]["length"], 22);
  EXPECT_EQ(fields[5]["hex"], "0114" + kSha1);
  EXPECT_EQ(j["hello"]["size"], 47);
}

TEST_F(SystemRoutes, AHelloThatDecodesWithAWarningSaysSo) {
  auto j = Json(Get("/api/v1/systems/" + std::string(kUuidC)));
  ASSERT_EQ(j["hello"]["warnings"].size(), 1u);
  EXPECT_THAT(j["hello"]["warnings"][0].get<std::string>(), HasSubstr("check character"));
}

TEST_F(SystemRoutes, AnswersNotFoundAndBadUuids) {
  auto r = Get("/api/v1/systems/0a0a0a0a-0000-4000-8000-0000000000ff");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorCode(r), "not_found");
  EXPECT_THAT(ErrorMessage(r), HasSubstr("0a0a0a0a-0000-4000-8000-0000000000ff"));
  for (const char* target : {"/api/v1/systems/not-a-uuid", "/api/v1/systems/not-a-uuid/timeline"}) {
    r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(ErrorCode(r), "invalid_argument");
    EXPECT_THAT(ErrorMessage(r), HasSubstr("uuid: 'not-a-uuid'"));
  }
  // Any case and braces name the same system.
  EXPECT_EQ(Get("/api/v1/systems/{4C4C4544-004B-4210-8033-B6C04F504633}").status, 200);
}

class Timeline : public SystemRoutes {
 protected:
  void AddLog(std::string_view uuid, store::LogLevel level, std::string code, std::string step, minutes ago) {
    store::LogEntry e;
    e.at = clock_.Now() - ago;
    e.uuid = uuid;
    e.level = level;
    e.code = std::move(code);
    e.step = std::move(step);
    e.message = "text of " + e.code;
    ASSERT_TRUE(store_->AppendLogs(std::vector<store::LogEntry>{e}).ok());
  }
};

TEST_F(Timeline, ListsTheDevicesEntriesOldestFirstWithKinds) {
  AddLog(kUuidB, store::LogLevel::kInfo, "hello_received", "hello", minutes(20));
  AddLog(kUuidB, store::LogLevel::kInfo, "provisioning_started", "claim", minutes(19));
  AddLog("", store::LogLevel::kInfo, "server_started", "", minutes(19));  // not this device's
  AddLog(kUuidB, store::LogLevel::kDebug, "step_ok", "SetHostName", minutes(18));
  AddLog(kUuidA, store::LogLevel::kError, "pid_not_found", "lookup", minutes(18));  // another device
  AddLog(kUuidB, store::LogLevel::kError, "pid_not_found", "lookup", minutes(17));
  AddLog(kUuidB, store::LogLevel::kWarning, "attempt_interrupted", "", minutes(16));
  auto r = Get("/api/v1/systems/" + std::string(kUuidB) + "/timeline");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  std::vector<std::string> codes, kinds;
  int64_t last_id = 0;
  for (const auto& item : j["items"]) {
    codes.push_back(item["code"]);
    kinds.push_back(item["kind"]);
    EXPECT_GT(item["id"].get<int64_t>(), last_id);
    last_id = item["id"];
  }
  EXPECT_THAT(codes,
              ElementsAre("hello_received", "provisioning_started", "step_ok", "pid_not_found", "attempt_interrupted"));
  EXPECT_THAT(kinds, ElementsAre("hello", "step", "step", "error", "event"));
  EXPECT_EQ(j["items"][0]["at"], "2026-12-01T16:40:00.000000Z");
}

TEST_F(Timeline, AddsHellosOlderThanTheLogFromTheSystemRecord) {
  // A second hello makes first and last differ; the log starts after both.
  store::HelloObservation again;
  again.uuid = kUuidA;
  again.at = clock_.Now() - minutes(25);
  again.source_address = "192.0.2.7";
  again.pid = "0000037M";
  again.retry_count = 1;
  ASSERT_TRUE(store_->RecordHellos(std::vector<store::HelloObservation>{again}).ok());
  AddLog(kUuidA, store::LogLevel::kInfo, "provisioning_started", "claim", minutes(5));
  AddLog(kUuidA, store::LogLevel::kInfo, "provisioned", "commit", minutes(4));
  AddLog(kUuidA, store::LogLevel::kDebug, "verified", "verify", minutes(3));

  auto j = Json(Get("/api/v1/systems/" + std::string(kUuidA) + "/timeline"));
  std::vector<std::string> codes;
  for (const auto& item : j["items"]) codes.push_back(item["code"]);
  EXPECT_THAT(codes, ElementsAre("first_hello", "last_hello", "provisioning_started", "provisioned", "verified"));
  EXPECT_EQ(j["items"][0]["kind"], "hello");
  EXPECT_EQ(j["items"][0]["at"], "2026-12-01T16:30:00.000000Z");
  EXPECT_EQ(j["items"][1]["at"], "2026-12-01T16:35:00.000000Z");

  // ?limit keeps the newest entries; the hellos still lead.
  j = Json(Get("/api/v1/systems/" + std::string(kUuidA) + "/timeline?limit=1"));
  codes.clear();
  for (const auto& item : j["items"]) codes.push_back(item["code"]);
  EXPECT_THAT(codes, ElementsAre("first_hello", "last_hello", "verified"));
  EXPECT_EQ(Get("/api/v1/systems/" + std::string(kUuidA) + "/timeline?limit=0").status, 400);
}

TEST_F(Timeline, UnknownSystemIsNotFound) {
  EXPECT_EQ(Get("/api/v1/systems/0a0a0a0a-0000-4000-8000-0000000000ff/timeline").status, 404);
}

}  // namespace
}  // namespace openscs::api
