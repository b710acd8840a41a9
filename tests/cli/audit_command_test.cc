// openscs audit: the audit log as text and JSON, its filters and --follow.

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <sstream>
#include <thread>

#include "cli/audit_command.h"
#include "cli/store_access.h"
#include "tests/cli/store_fixture.h"

namespace openscs::cli {
namespace {

using testing::CliStoreTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AuditCommand : public CliStoreTest {
 protected:
  store::AuditEntry Entry(std::string user, std::string via, std::string action, std::string target,
                          std::chrono::seconds ago) {
    store::AuditEntry e;
    e.at = clock_->Now() - ago;
    e.user = std::move(user);
    e.via = std::move(via);
    e.action = std::move(action);
    e.target = std::move(target);
    return e;
  }
  // Four entries: two logins, a key export refused, a profile change.
  void Seed() {
    auto db = OpenDb();
    store::AuditEntry login = Entry("alice", "session", "login", "", std::chrono::seconds(40));
    login.remote = "192.0.2.7";
    store::AuditEntry refused = Entry("bob", "token:tok_0123456789ab", "keys.export", "", std::chrono::seconds(30));
    refused.remote = "192.0.2.8";
    refused.success = false;
    refused.detail = "role viewer may not reveal secrets";
    store::AuditEntry generate = Entry("alice", "session", "keys.generate", "batch-1", std::chrono::seconds(20));
    generate.detail = "10 keys";
    store::AuditEntry profile = Entry("cli:root", "cli", "profiles.set", "lab", std::chrono::seconds(10));
    for (const auto& e : {login, refused, generate, profile}) ASSERT_TRUE(db->AppendAudit(e));
  }
  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
};

TEST_F(AuditCommand, ShowsEveryEntryOldestFirstAsText) {
  Seed();
  auto run = Run({"audit"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(Lines(run.out),
              ElementsAre("2026-12-01T16:59:20.000Z alice via session from 192.0.2.7 login - ok",
                          "2026-12-01T16:59:30.000Z bob via token:tok_0123456789ab from 192.0.2.8 keys.export - "
                          "FAILED: role viewer may not reveal secrets",
                          "2026-12-01T16:59:40.000Z alice via session keys.generate batch-1 ok: 10 keys",
                          "2026-12-01T16:59:50.000Z cli:root via cli profiles.set lab ok"));
}

TEST_F(AuditCommand, JsonHasEveryField) {
  Seed();
  auto run = Run({"audit", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j.size(), 4u);
  const auto& e = j[1];
  EXPECT_GT(e["id"].get<int64_t>(), j[0]["id"].get<int64_t>());
  EXPECT_EQ(e["at"], "2026-12-01T16:59:30.000Z");
  EXPECT_EQ(e["user"], "bob");
  EXPECT_EQ(e["via"], "token:tok_0123456789ab");
  EXPECT_EQ(e["action"], "keys.export");
  EXPECT_EQ(e["target"], "");
  EXPECT_EQ(e["success"], false);
  EXPECT_EQ(e["detail"], "role viewer may not reveal secrets");
  EXPECT_EQ(e["remote"], "192.0.2.8");
}

TEST_F(AuditCommand, FiltersByUserActionPrefixAndLimit) {
  Seed();
  auto actions = [this](std::vector<std::string> args) {
    args.insert(args.begin(), {"audit", "--json"});
    auto run = Run(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> out;
    for (const auto& e : nlohmann::json::parse(run.out)) out.push_back(e["action"].get<std::string>());
    return out;
  };
  EXPECT_THAT(actions({"--user", "alice"}), ElementsAre("login", "keys.generate"));
  EXPECT_THAT(actions({"--action", "keys."}), ElementsAre("keys.export", "keys.generate"));
  EXPECT_THAT(actions({"--action", "keys.", "--user", "bob"}), ElementsAre("keys.export"));
  EXPECT_THAT(actions({"--limit", "2"}), ElementsAre("keys.generate", "profiles.set"));
  EXPECT_THAT(actions({"--limit", "0"}).size(), 4u);
  EXPECT_TRUE(actions({"--user", "carol"}).empty());
}

TEST_F(AuditCommand, AnEmptyLogPrintsNothing) {
  auto text = Run({"audit"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "");
  EXPECT_EQ(Run({"audit", "--json"}).out, "[]\n");
}

TEST_F(AuditCommand, FollowPrintsEntriesWrittenMeanwhileExactlyOnce) {
  Seed();
  // The server appends while the command follows; the entry shows up once
  // whether the first query or a poll sees it. Another user's is filtered out.
  std::thread server([this] {
    auto db = store::OpenSqliteStore(db_);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->AppendAudit(Entry("alice", "session", "logout", "", std::chrono::seconds(0))));
    ASSERT_TRUE((*db)->AppendAudit(Entry("bob", "session", "logout", "", std::chrono::seconds(0))));
  });
  context_clock_ = base::SystemClock();  // polls really wait 500 ms
  auto run = Run({"audit", "--follow", "--follow-for", "1", "--json", "--user", "alice"});
  server.join();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> actions;
  for (const auto& line : Lines(run.out)) actions.push_back(nlohmann::json::parse(line)["action"]);
  EXPECT_THAT(actions, ElementsAre("login", "keys.generate", "logout"));
}

TEST_F(AuditCommand, FollowingAnEmptyMatchPrintsOnlyWhatComesLater) {
  Seed();
  std::thread server([this] {
    auto db = store::OpenSqliteStore(db_);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->AppendAudit(Entry("carol", "session", "login", "", std::chrono::seconds(0))));
  });
  context_clock_ = base::SystemClock();
  auto run = Run({"audit", "--follow-for", "1", "--user", "carol"});
  server.join();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("carol via session login - ok"));
}

TEST_F(AuditCommand, CliEntriesNameTheLoginAndTheCli) {
  auto db = OpenDb();
  ASSERT_TRUE(
      AppendCliAudit(*db, Context{std::cout, std::cerr, nullptr, clock_}, "settings.log_level", "", "debug").ok());
  auto run = Run({"audit"});
  EXPECT_EQ(run.out, "2026-12-01T17:00:00.000Z cli:" + CurrentUser() + " via cli settings.log_level - ok: debug\n");
}

}  // namespace
}  // namespace openscs::cli
