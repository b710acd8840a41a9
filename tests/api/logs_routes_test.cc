// GET /api/v1/logs: filters, paging for pollers, bad parameters.

#include <gmock/gmock.h>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using std::chrono::minutes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kUuidA = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr std::string_view kUuidB = "0a0a0a0a-0000-4000-8000-000000000001";

class LogRoutes : public testing::ApiTest {
 protected:
  LogRoutes() { AddLogRoutes(router_); }

  void SetUp() override {
    auto entry = [&](std::string_view uuid, store::LogLevel level, std::string code, minutes ago) {
      store::LogEntry e;
      e.at = clock_.Now() - ago + std::chrono::microseconds(123456);
      e.uuid = uuid;
      e.level = level;
      e.code = std::move(code);
      e.step = "lookup";
      e.message = "message of " + e.code;
      return e;
    };
    ASSERT_TRUE(store_
                    ->AppendLogs(std::vector<store::LogEntry>{
                        entry(kUuidA, store::LogLevel::kInfo, "hello_received", minutes(60)),
                        entry(kUuidA, store::LogLevel::kError, "pid_not_found", minutes(30)),
                        entry(kUuidB, store::LogLevel::kDebug, "step_ok", minutes(5)),
                        entry("", store::LogLevel::kWarning, "hello_malformed", minutes(1)),
                    })
                    .ok());
  }

  std::vector<std::string> Codes(const nlohmann::json& j) {
    std::vector<std::string> out;
    for (const auto& e : j["items"]) out.push_back(e["code"]);
    return out;
  }
};

TEST_F(LogRoutes, ListsEntriesOldestFirstWithTheLastId) {
  auto r = Get("/api/v1/logs");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = Json(r);
  EXPECT_THAT(Codes(j), ElementsAre("hello_received", "pid_not_found", "step_ok", "hello_malformed"));
  EXPECT_EQ(j["last_id"], j["items"][3]["id"]);
  const auto& first = j["items"][0];
  EXPECT_EQ(first["at"], "2026-12-01T16:00:00.123456Z");
  EXPECT_EQ(first["uuid"], kUuidA);
  EXPECT_EQ(first["level"], "info");
  EXPECT_EQ(first["step"], "lookup");
  EXPECT_EQ(first["message"], "message of hello_received");
}

TEST_F(LogRoutes, FiltersByUuidLevelAndSince) {
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?uuid=" + std::string(kUuidA)))),
              ElementsAre("hello_received", "pid_not_found"));
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?uuid=4C4C4544-004B-4210-8033-B6C04F504633&level=error"))),
              ElementsAre("pid_not_found"));
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?level=warning"))), ElementsAre("pid_not_found", "hello_malformed"));
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?since=10m"))), ElementsAre("step_ok", "hello_malformed"));
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?since=2026-12-01T16:30:00Z"))),
              ElementsAre("pid_not_found", "step_ok", "hello_malformed"));
}

TEST_F(LogRoutes, PollsWithAfterIdAndLimit) {
  auto all = Json(Get("/api/v1/logs"));
  const int64_t second = all["items"][1]["id"];
  // Without after_id, the newest `limit`; with it, the oldest `limit` after it.
  EXPECT_THAT(Codes(Json(Get("/api/v1/logs?limit=1"))), ElementsAre("hello_malformed"));
  auto next = Json(Get("/api/v1/logs?limit=1&after_id=" + std::to_string(second)));
  EXPECT_THAT(Codes(next), ElementsAre("step_ok"));
  // Nothing newer: the poller keeps its id.
  const int64_t last = all["last_id"];
  auto none = Json(Get("/api/v1/logs?after_id=" + std::to_string(last)));
  EXPECT_EQ(none["items"].size(), 0u);
  EXPECT_EQ(none["last_id"], last);
}

TEST_F(LogRoutes, RefusesBadParametersNamingThem) {
  for (const auto& [target, name] :
       std::vector<std::pair<std::string, std::string>>{{"/api/v1/logs?level=loud", "level: 'loud'"},
                                                        {"/api/v1/logs?uuid=xyz", "uuid: 'xyz'"},
                                                        {"/api/v1/logs?after_id=-3", "after_id: '-3'"},
                                                        {"/api/v1/logs?after_id=7x", "after_id: '7x'"},
                                                        {"/api/v1/logs?since=yesterday", "since: 'yesterday'"},
                                                        {"/api/v1/logs?limit=5000", "limit"},
                                                        {"/api/v1/logs?limit=0", "limit"}}) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(ErrorCode(r), "invalid_argument") << target;
    EXPECT_THAT(ErrorMessage(r), HasSubstr(name)) << target;
  }
  EXPECT_THAT(ErrorMessage(Get("/api/v1/logs?level=loud")), HasSubstr("error, warning, info or debug"));
}

}  // namespace
}  // namespace openscs::api
