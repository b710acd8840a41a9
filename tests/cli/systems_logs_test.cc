// systems, logs and settings commands over a database the test fills in.

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "tests/cli/store_fixture.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::CliStoreTest;
using std::chrono::minutes;

constexpr std::string_view kUuidA = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr std::string_view kUuidB = "0a0a0a0a-0000-4000-8000-000000000001";

class SystemsAndLogs : public CliStoreTest {
 protected:
  void AddSystems() {
    auto db = OpenDb();
    store::HelloObservation a;
    a.uuid = kUuidA;
    a.at = clock_->Now() - minutes(30);
    a.source_address = "192.0.2.7";
    a.pid = "0000037M";
    a.admin_credentials_set = true;
    store::HelloObservation b = a;
    b.uuid = kUuidB;
    b.at = clock_->Now() - minutes(20);
    b.hello_version = 3;
    b.pid = "";
    b.hashes = {"sha1:00112233"};
    ASSERT_TRUE(db->RecordHellos(std::vector<store::HelloObservation>{a, b}).ok());
    ASSERT_TRUE(db->ClaimForProvisioning(kUuidA, "server-1", clock_->Now(), clock_->Now() + minutes(1)).value_or(false));
    store::SystemRecord s = **db->GetSystem(kUuidA);
    s.state = store::SystemState::kOperational;
    s.state_changed = clock_->Now();
    s.amt_version = "3.2.1";
    s.host_name = "amt-4c4c4544";
    s.admin_user = "admin";
    s.admin_password = "sealed-admin-password-bytes";
    s.lease_owner = "";
    ASSERT_TRUE(db->UpdateProvisioning(s).ok());
  }
  void AddLogs() {
    auto entry = [&](std::string_view uuid, store::LogLevel level, std::string code, minutes ago) {
      store::LogEntry e;
      e.at = clock_->Now() - ago + std::chrono::milliseconds(123);
      e.uuid = uuid;
      e.level = level;
      e.code = std::move(code);
      e.step = "lookup";
      e.message = "failed to find PID mapping for 0000-037M";
      return e;
    };
    const std::vector<store::LogEntry> entries = {
        entry(kUuidA, store::LogLevel::kInfo, "hello", minutes(60)),
        entry(kUuidA, store::LogLevel::kError, "pid_not_found", minutes(30)),
        entry(kUuidB, store::LogLevel::kDebug, "hello", minutes(5)),
        entry("", store::LogLevel::kWarning, "queue_full", minutes(1)),
    };
    ASSERT_TRUE(OpenDb()->AppendLogs(entries).ok());
  }
};

TEST_F(SystemsAndLogs, ListsSystemsFirstHelloFirstAndFiltersByState) {
  AddSystems();
  auto run = Run({"systems", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_LT(run.out.find(kUuidA), run.out.find(kUuidB));
  EXPECT_THAT(run.out, HasSubstr("operational"));
  EXPECT_THAT(run.out, HasSubstr("amt-4c4c4544"));
  auto operational = Run({"systems", "list", "--state", "operational", "--json"});
  auto j = nlohmann::json::parse(operational.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["uuid"], std::string(kUuidA));
  EXPECT_EQ(Run({"systems", "list", "--state", "failed"}).out, "no systems in state failed\n");
  EXPECT_EQ(Run({"systems", "list", "--state", "gone"}).exit_code, 1);
}

TEST_F(SystemsAndLogs, ShowGivesEveryFieldButNeverASealedValue) {
  AddSystems();
  auto run = Run({"systems", "show", "4C4C4544-004B-4210-8033-B6C04F504633"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("state:"));
  EXPECT_THAT(run.out, HasSubstr("operational (since 2026-12-01T17:00:00.000Z)"));
  EXPECT_THAT(run.out, HasSubstr("first hello:"));
  EXPECT_THAT(run.out, HasSubstr("2026-12-01T16:30:00.000Z"));
  EXPECT_THAT(run.out, HasSubstr("0000-037M"));
  EXPECT_THAT(run.out, HasSubstr("admin credentials:  set"));
  EXPECT_THAT(run.out, HasSubstr("admin password:     set"));
  EXPECT_THAT(run.out, HasSubstr("MEBx password:      not set"));
  EXPECT_THAT(run.out, HasSubstr("3.2.1"));
  EXPECT_THAT(run.out, Not(HasSubstr("sealed-admin-password-bytes")));

  auto j = nlohmann::json::parse(Run({"systems", "show", std::string(kUuidA), "--json"}).out);
  EXPECT_EQ(j["admin_password_set"], true);
  EXPECT_EQ(j["mebx_password_set"], false);
  EXPECT_EQ(j["attempts"], 1);
  EXPECT_FALSE(j.contains("admin_password"));
  auto pki = nlohmann::json::parse(Run({"systems", "show", std::string(kUuidB), "--json"}).out);
  EXPECT_EQ(pki["method"], "pki");
  EXPECT_EQ(pki["hashes"][0], "sha1:00112233");
}

TEST_F(SystemsAndLogs, ShowNamesAnUnknownOrMalformedUuid) {
  auto unknown = Run({"systems", "show", std::string(kUuidA)});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no system 4c4c4544-004b-4210-8033-b6c04f504633"));
  auto malformed = Run({"systems", "show", "4c4c-nope"});
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_THAT(malformed.err, HasSubstr("UUID"));
}

TEST_F(SystemsAndLogs, LogsPrintOneLinePerEntryOldestFirst) {
  AddLogs();
  auto run = Run({"logs"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "2026-12-01T16:00:00.123Z INFO 4c4c4544-004b-4210-8033-b6c04f504633 hello lookup: failed to find PID "
            "mapping for 0000-037M\n"
            "2026-12-01T16:30:00.123Z ERROR 4c4c4544-004b-4210-8033-b6c04f504633 pid_not_found lookup: failed to "
            "find PID mapping for 0000-037M\n"
            "2026-12-01T16:55:00.123Z DEBUG 0a0a0a0a-0000-4000-8000-000000000001 hello lookup: failed to find PID "
            "mapping for 0000-037M\n"
            "2026-12-01T16:59:00.123Z WARNING - queue_full lookup: failed to find PID mapping for 0000-037M\n");
}

TEST_F(SystemsAndLogs, LogsFilterByUuidLevelSinceAndLimit) {
  AddLogs();
  auto count = [](const std::string& text) { return std::count(text.begin(), text.end(), '\n'); };
  EXPECT_EQ(count(Run({"logs", "--uuid", std::string(kUuidA)}).out), 2);
  EXPECT_EQ(count(Run({"logs", "--level", "warning"}).out), 2);
  EXPECT_EQ(count(Run({"logs", "--level", "ERROR", "--uuid", std::string(kUuidA)}).out), 1);
  EXPECT_EQ(count(Run({"logs", "--since", "10m"}).out), 2);
  EXPECT_EQ(count(Run({"logs", "--since", "2026-12-01T16:30:00Z"}).out), 3);
  EXPECT_EQ(count(Run({"logs", "--since", "2026-12-01T17:30+01:00"}).out), 3);
  auto limited = Run({"logs", "--limit", "1"});
  EXPECT_THAT(limited.out, HasSubstr("queue_full"));
  EXPECT_EQ(count(limited.out), 1);
  auto bad_level = Run({"logs", "--level", "loud"});
  EXPECT_EQ(bad_level.exit_code, 1);
  EXPECT_THAT(bad_level.err, HasSubstr("--level 'loud'"));
  auto bad_since = Run({"logs", "--since", "yesterday"});
  EXPECT_EQ(bad_since.exit_code, 1);
  EXPECT_THAT(bad_since.err, HasSubstr("--since: 'yesterday' is not a time"));
}

TEST_F(SystemsAndLogs, LogsAsJson) {
  AddLogs();
  auto j = nlohmann::json::parse(Run({"logs", "--json", "--level", "error"}).out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["code"], "pid_not_found");
  EXPECT_EQ(j[0]["level"], "error");
  EXPECT_EQ(j[0]["uuid"], std::string(kUuidA));
  EXPECT_EQ(j[0]["at"], "2026-12-01T16:30:00.123Z");
  EXPECT_GT(j[0]["id"].get<int64_t>(), 0);
}

TEST_F(SystemsAndLogs, FollowPrintsEntriesWrittenMeanwhileExactlyOnce) {
  AddLogs();
  // Another process (the server) appends while the command follows; the
  // entry shows up once whether the first query or a poll sees it.
  std::thread server([this] {
    auto db = store::OpenSqliteStore(db_);
    ASSERT_TRUE(db);
    store::LogEntry e;
    e.at = clock_->Now();
    e.uuid = kUuidB;
    e.level = store::LogLevel::kInfo;
    e.code = "provisioned";
    e.message = "done";
    ASSERT_TRUE((*db)->AppendLogs({&e, 1}).ok());
  });
  context_clock_ = base::SystemClock();  // polls really wait 500 ms
  auto run = Run({"logs", "--follow", "--follow-for", "1", "--json"});
  server.join();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  size_t provisioned = 0;
  size_t lines = 0;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line); ++lines) {
    auto j = nlohmann::json::parse(line);
    if (j["code"] == "provisioned") ++provisioned;
  }
  EXPECT_EQ(provisioned, 1u);
  EXPECT_EQ(lines, 5u);
}

TEST_F(SystemsAndLogs, LogLevelSettingIsReadAndWritten) {
  EXPECT_EQ(Run({"settings", "log-level"}).out, "info\n");
  auto set = Run({"settings", "log-level", "DEBUG"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_THAT(set.out, HasSubstr("log level set to debug"));
  EXPECT_EQ(OpenDb()->GetSetting("log_level")->value_or(""), "debug");
  EXPECT_EQ(Run({"settings", "log-level"}).out, "debug\n");
  auto bad = Run({"settings", "log-level", "chatty"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("log level 'chatty': expected error, warning, info or debug"));
}

TEST_F(SystemsAndLogs, TheDatabaseComesFromTheEnvironmentToo) {
  ASSERT_EQ(setenv("OPENSCS_DB", db_.c_str(), 1), 0);
  auto run = RunRaw({"settings", "log-level", "error"});
  unsetenv("OPENSCS_DB");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(OpenDb()->GetSetting("log_level")->value_or(""), "error");
}

}  // namespace
}  // namespace openscs::cli
