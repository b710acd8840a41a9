// users add/passwd/list/remove/disable/enable/role and users token
// add/list/revoke, against a real database.

#include <gmock/gmock.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "auth/password.h"
#include "auth/token.h"
#include "cli/store_access.h"
#include "tests/cli/store_fixture.h"

namespace openscs::cli {
namespace {

using ::testing::AllOf;
using testing::CliRun;
using testing::CliStoreTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kPassword = "correct horse battery";
constexpr std::string_view kNewPassword = "tr0ub4dor and 3 more words";

// Every byte of the database: the main file and its write-ahead log.
std::string DatabaseBytes(const std::filesystem::path& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("openscs.db", 0) != 0) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

// Puts `text` on std::cin for the scope's lifetime.
class StdinScope {
 public:
  explicit StdinScope(std::string text) : in_(std::move(text)), saved_(std::cin.rdbuf(in_.rdbuf())) {}
  StdinScope(const StdinScope&) = delete;
  StdinScope& operator=(const StdinScope&) = delete;
  ~StdinScope() {
    std::cin.rdbuf(saved_);
    std::cin.clear();
  }

 private:
  std::istringstream in_;
  std::streambuf* saved_;
};

class Users : public CliStoreTest {
 protected:
  void SetUp() override {
    // A password in the environment of whoever runs the tests must not leak in.
    if (const char* env = std::getenv("OPENSCS_PASSWORD"); env != nullptr) saved_env_ = env;
    unsetenv("OPENSCS_PASSWORD");
  }
  void TearDown() override {
    if (saved_env_) setenv("OPENSCS_PASSWORD", saved_env_->c_str(), 1);
  }

  CliRun RunWithStdin(const std::vector<std::string>& args, std::string_view input, uint32_t seed = 1) {
    StdinScope stdin_scope{std::string(input)};
    return Run(args, seed);
  }
  CliRun Add(const std::string& name, const std::string& role, std::string_view password = kPassword) {
    auto run = RunWithStdin({"users", "add", name, "--role", role, "--password-stdin"}, std::string(password) + "\n");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }
  store::UserRecord MustGetUser(const std::string& name) {
    auto u = OpenDb()->GetUser(name);
    EXPECT_TRUE(u && u->has_value()) << name;
    return u && u->has_value() ? **u : store::UserRecord{};
  }
  // Makes a token for `user` and returns what was printed (the token).
  std::string AddToken(const std::string& user, const std::string& label, uint32_t seed,
                       std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"users", "token", "add", user, "--label", label};
    args.insert(args.end(), extra.begin(), extra.end());
    auto run = Run(args, seed);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string token = run.out;
    if (!token.empty() && token.back() == '\n') token.pop_back();
    return token;
  }
  std::vector<store::AuditEntry> Audit() {
    store::AuditQuery all;
    all.limit = 0;
    return *OpenDb()->QueryAudit(all);
  }

  std::optional<std::string> saved_env_;
};

TEST_F(Users, AddStoresOnlyAnArgon2idHashOfThePassword) {
  auto run = Add("alice", "admin");
  EXPECT_EQ(run.out, "added user 'alice' (admin)\n");
  const store::UserRecord u = MustGetUser("alice");
  EXPECT_EQ(u.role, store::UserRole::kAdmin);
  EXPECT_FALSE(u.disabled);
  EXPECT_EQ(u.created, clock_->Now());
  EXPECT_EQ(u.updated, clock_->Now());
  EXPECT_THAT(u.password_hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(auth::VerifyPassword(u.password_hash, kPassword));
  EXPECT_FALSE(auth::VerifyPassword(u.password_hash, "correct horse battery!"));
}

TEST_F(Users, ThePasswordIsInNoOutputAndNotInTheDatabaseFile) {
  std::vector<CliRun> runs;
  runs.push_back(Add("alice", "admin"));
  runs.push_back(RunWithStdin({"users", "passwd", "alice", "--password-stdin"}, std::string(kNewPassword) + "\n"));
  runs.push_back(Run({"users", "list"}));
  runs.push_back(Run({"users", "list", "--json"}));
  runs.push_back(Run({"audit", "--json"}));
  // Refused ones too: a weak password, a user that exists.
  runs.push_back(RunWithStdin({"users", "add", "bob", "--role", "viewer", "--password-stdin"}, "Sh0rt!pw9\n"));
  runs.push_back(
      RunWithStdin({"users", "add", "alice", "--role", "viewer", "--password-stdin"}, std::string(kPassword) + "\n"));
  const std::string hash = MustGetUser("alice").password_hash;
  for (const CliRun& r : runs) {
    for (std::string_view secret : {kPassword, kNewPassword, std::string_view("Sh0rt!pw9")}) {
      EXPECT_THAT(r.out, Not(HasSubstr(std::string(secret))));
      EXPECT_THAT(r.err, Not(HasSubstr(std::string(secret))));
    }
    EXPECT_THAT(r.out, Not(HasSubstr("$argon2")));
    EXPECT_THAT(r.out, Not(HasSubstr(hash.substr(hash.rfind('$')))));
  }
  const std::string bytes = DatabaseBytes(dir_.path());
  ASSERT_FALSE(bytes.empty());
  EXPECT_THAT(bytes, HasSubstr("$argon2id$"));  // the hash is there, so the scan sees the users table
  EXPECT_THAT(bytes, Not(HasSubstr(std::string(kPassword))));
  EXPECT_THAT(bytes, Not(HasSubstr(std::string(kNewPassword))));
}

TEST_F(Users, ListShowsRoleStateAndTokenCountButNoHash) {
  Add("bob", "viewer");
  Add("alice", "admin");
  AddToken("bob", "prometheus", 11);
  AddToken("bob", "inventory", 12);
  ASSERT_EQ(Run({"users", "disable", "bob"}).exit_code, 0);

  auto list = Run({"users", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::istringstream lines(list.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_THAT(header, AllOf(HasSubstr("NAME"), HasSubstr("ROLE"), HasSubstr("DISABLED"), HasSubstr("TOKENS")));
  EXPECT_THAT(first, MatchesRegex("alice +admin +no +2026-12-01T17:00:00.000Z +0"));
  EXPECT_THAT(second, MatchesRegex("bob +viewer +yes +2026-12-01T17:00:00.000Z +2"));

  auto j = nlohmann::json::parse(Run({"users", "list", "--json"}).out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[1]["name"], "bob");
  EXPECT_EQ(j[1]["role"], "viewer");
  EXPECT_EQ(j[1]["disabled"], true);
  EXPECT_EQ(j[1]["tokens"], 2);
  EXPECT_EQ(j[1]["created"], "2026-12-01T17:00:00.000Z");
  EXPECT_FALSE(j[1].contains("password_hash"));
  EXPECT_EQ(Run({"users", "list", "--json"}).out.find("argon2"), std::string::npos);
}

TEST_F(Users, AnEmptyListSaysHowToAddOne) {
  auto list = Run({"users", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, HasSubstr("users add NAME --role admin"));
  EXPECT_EQ(Run({"users", "list", "--json"}).out, "[]\n");
}

TEST_F(Users, AddRefusesAnExistingUserAndKeepsItsPassword) {
  Add("alice", "admin");
  const std::string hash = MustGetUser("alice").password_hash;
  auto again =
      RunWithStdin({"users", "add", "alice", "--role", "viewer", "--password-stdin"}, std::string(kNewPassword) + "\n");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("user 'alice' already exists; use users passwd"));
  EXPECT_EQ(MustGetUser("alice").password_hash, hash);
  EXPECT_EQ(MustGetUser("alice").role, store::UserRole::kAdmin);
}

TEST_F(Users, BadNamesRolesAndPasswordsAreUsageErrorsAndStoreNothing) {
  const std::string pw = std::string(kPassword) + "\n";
  auto name = RunWithStdin({"users", "add", "alice smith", "--role", "admin", "--password-stdin"}, pw);
  EXPECT_EQ(name.exit_code, 2);
  EXPECT_THAT(name.err, HasSubstr("user name 'alice...': character 6 (' ') is not allowed"));
  auto role = RunWithStdin({"users", "add", "alice", "--role", "root", "--password-stdin"}, pw);
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_THAT(role.err, HasSubstr("--role: role 'root': expected admin or viewer"));
  auto weak = RunWithStdin({"users", "add", "alice", "--role", "admin", "--password-stdin"}, "Sh0rt!pw9\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_THAT(weak.err, HasSubstr("at least 10 characters"));
  auto empty = RunWithStdin({"users", "add", "alice", "--role", "admin", "--password-stdin"}, "");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_THAT(empty.err, HasSubstr("--password-stdin: standard input has no line"));
  EXPECT_EQ(RunWithStdin({"users", "add", "alice", "--password-stdin"}, pw).exit_code, 2);  // --role is required
  EXPECT_TRUE(OpenDb()->ListUsers()->empty());
  EXPECT_TRUE(Audit().empty());
}

TEST_F(Users, WithoutAFlagThePasswordComesFromTheEnvironment) {
  ASSERT_EQ(setenv("OPENSCS_PASSWORD", std::string(kNewPassword).c_str(), 1), 0);
  auto run = Run({"users", "add", "carol@corp.test", "--role", "viewer"});
  unsetenv("OPENSCS_PASSWORD");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(auth::VerifyPassword(MustGetUser("carol@corp.test").password_hash, kNewPassword));
  EXPECT_EQ(MustGetUser("carol@corp.test").role, store::UserRole::kViewer);
}

TEST_F(Users, WithNoPasswordSourceAtAllNothingIsAdded) {
  if (isatty(STDIN_FILENO) == 1) GTEST_SKIP() << "standard input is a terminal: the command would prompt";
  auto run = RunWithStdin({"users", "add", "alice", "--role", "admin"}, std::string(kPassword) + "\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("no password given: use --password-stdin, set OPENSCS_PASSWORD"));
  EXPECT_TRUE(OpenDb()->ListUsers()->empty());
}

TEST_F(Users, PasswdReplacesThePassword) {
  Add("alice", "admin");
  clock_->Advance(std::chrono::hours(1));
  auto run = RunWithStdin({"users", "passwd", "alice", "--password-stdin"}, std::string(kNewPassword) + "\r\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "changed the password of user 'alice'\n");
  const store::UserRecord u = MustGetUser("alice");
  EXPECT_TRUE(auth::VerifyPassword(u.password_hash, kNewPassword));
  EXPECT_FALSE(auth::VerifyPassword(u.password_hash, kPassword));
  EXPECT_EQ(u.updated, clock_->Now());
  EXPECT_EQ(u.created, clock_->Now() - std::chrono::hours(1));

  auto weak = RunWithStdin({"users", "passwd", "alice", "--password-stdin"}, "tooshort\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_TRUE(auth::VerifyPassword(MustGetUser("alice").password_hash, kNewPassword));
  auto nobody = RunWithStdin({"users", "passwd", "carol", "--password-stdin"}, std::string(kPassword) + "\n");
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_THAT(nobody.err, HasSubstr("no user 'carol'"));
}

TEST_F(Users, RemoveTakesTheUsersTokens) {
  Add("alice", "admin");
  Add("bob", "viewer");
  AddToken("alice", "one", 21);
  AddToken("alice", "two", 22);
  const std::string bobs = AddToken("bob", "three", 23);
  auto run = Run({"users", "remove", "alice"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "removed user 'alice' and 2 API token(s)\n");
  EXPECT_FALSE(OpenDb()->GetUser("alice")->has_value());
  auto left = OpenDb()->ListApiTokens("");
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().digest, auth::TokenDigest(bobs));
  auto again = Run({"users", "remove", "alice"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("no user 'alice'"));
}

TEST_F(Users, DisableEnableAndRoleChangeOneField) {
  Add("alice", "viewer");
  const std::string hash = MustGetUser("alice").password_hash;
  auto disable = Run({"users", "disable", "alice"});
  ASSERT_EQ(disable.exit_code, 0) << disable.err;
  EXPECT_THAT(disable.out, HasSubstr("user 'alice' disabled"));
  EXPECT_TRUE(MustGetUser("alice").disabled);
  EXPECT_THAT(Run({"users", "disable", "alice"}).out, HasSubstr("already disabled"));
  ASSERT_EQ(Run({"users", "enable", "alice"}).exit_code, 0);
  EXPECT_FALSE(MustGetUser("alice").disabled);

  auto role = Run({"users", "role", "alice", "ADMIN"});
  ASSERT_EQ(role.exit_code, 0) << role.err;
  EXPECT_EQ(role.out, "user 'alice' is now admin\n");
  EXPECT_EQ(MustGetUser("alice").role, store::UserRole::kAdmin);
  EXPECT_THAT(Run({"users", "role", "alice", "admin"}).out, HasSubstr("already admin"));
  EXPECT_EQ(MustGetUser("alice").password_hash, hash);

  auto bad = Run({"users", "role", "alice", "superuser"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("role 'superuser': expected admin or viewer"));
  for (const char* command : {"disable", "enable"}) {
    auto nobody = Run({"users", command, "carol"});
    EXPECT_EQ(nobody.exit_code, 1);
    EXPECT_THAT(nobody.err, HasSubstr("no user 'carol'"));
  }
  EXPECT_EQ(Run({"users", "role", "carol", "viewer"}).exit_code, 1);
}

TEST_F(Users, TokenAddPrintsTheTokenOnceAndStoresOnlyItsDigest) {
  Add("alice", "admin");
  auto run = Run({"users", "token", "add", "alice", "--label", "prometheus"}, 5);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, MatchesRegex("oscs_[A-Za-z0-9_-]{43}\n"));
  const std::string token = run.out.substr(0, run.out.size() - 1);
  EXPECT_THAT(run.err, HasSubstr("shown only this once"));
  EXPECT_THAT(run.err, Not(HasSubstr(token)));

  auto tokens = OpenDb()->ListApiTokens("alice");
  ASSERT_EQ(tokens->size(), 1u);
  const store::ApiTokenRecord& t = tokens->front();
  EXPECT_THAT(t.id, MatchesRegex("tok_[0-9a-f]{12}"));
  EXPECT_THAT(run.err, HasSubstr(t.id));
  EXPECT_EQ(t.digest, auth::TokenDigest(token));
  EXPECT_EQ(t.label, "prometheus");
  EXPECT_EQ(t.created, clock_->Now());
  EXPECT_EQ(t.expires, clock_->Now() + std::chrono::hours(24 * 90));  // the default
  EXPECT_EQ(t.last_used, base::TimePoint{});

  auto list = Run({"users", "token", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(t.id));
  EXPECT_THAT(list.out, HasSubstr("prometheus"));
  EXPECT_THAT(list.out, HasSubstr("2027-03-01T17:00:00.000Z"));
  EXPECT_THAT(list.out, HasSubstr("never"));  // last used
  const std::string json_list = Run({"users", "token", "list", "alice", "--json"}).out;
  for (const std::string& shown : {list.out, json_list}) {
    EXPECT_THAT(shown, Not(HasSubstr(token)));
    EXPECT_THAT(shown, Not(HasSubstr(t.digest)));
  }
  auto j = nlohmann::json::parse(json_list);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["id"], t.id);
  EXPECT_EQ(j[0]["user"], "alice");
  EXPECT_EQ(j[0]["label"], "prometheus");
  EXPECT_EQ(j[0]["created"], "2026-12-01T17:00:00.000Z");
  EXPECT_EQ(j[0]["expires"], "2027-03-01T17:00:00.000Z");
  EXPECT_EQ(j[0]["last_used"], "-");
  EXPECT_FALSE(j[0].contains("digest"));

  EXPECT_THAT(DatabaseBytes(dir_.path()), Not(HasSubstr(token)));
  EXPECT_THAT(DatabaseBytes(dir_.path()), HasSubstr(t.digest));
  for (const auto& e : Audit()) EXPECT_THAT(e.detail, Not(HasSubstr(token)));
}

TEST_F(Users, TokenExpiryAndLabelAreChecked) {
  Add("alice", "admin");
  AddToken("alice", "forever", 31, {"--expires", "never"});
  AddToken("alice", "half-day", 32, {"--expires", "12h"});
  AddToken("alice", "new-year", 33, {"--expires", "2027-01-01"});
  auto tokens = OpenDb()->ListApiTokens("alice");
  ASSERT_EQ(tokens->size(), 3u);
  std::map<std::string, base::TimePoint> expires;
  for (const auto& t : *tokens) expires[t.label] = t.expires;
  EXPECT_EQ(expires["forever"], base::TimePoint{});
  EXPECT_EQ(expires["half-day"], clock_->Now() + std::chrono::hours(12));
  EXPECT_EQ(expires["new-year"], base::TimePoint(std::chrono::seconds(1'798'761'600)));  // 2027-01-01T00:00Z

  for (const char* bad : {"0d", "90", "d", "2w", "1000000d", "2020-01-01", "soon"}) {
    auto run = Run({"users", "token", "add", "alice", "--label", "x", "--expires", bad}, 34);
    EXPECT_EQ(run.exit_code, 2) << bad;
    EXPECT_THAT(run.err, HasSubstr("--expires")) << bad;
    EXPECT_EQ(run.out, "") << bad;
  }
  auto label = Run({"users", "token", "add", "alice", "--label", ""}, 35);
  EXPECT_EQ(label.exit_code, 2);
  EXPECT_THAT(label.err, HasSubstr("--label"));
  EXPECT_EQ(Run({"users", "token", "add", "alice", "--label", "a\tb"}, 36).exit_code, 2);
  EXPECT_EQ(Run({"users", "token", "add", "alice"}, 37).exit_code, 2);  // --label is required
  EXPECT_EQ(OpenDb()->ListApiTokens("")->size(), 3u);

  auto nobody = Run({"users", "token", "add", "carol", "--label", "x"}, 38);
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_THAT(nobody.err, HasSubstr("no user 'carol'"));
  EXPECT_EQ(nobody.out, "");  // no token printed for a token that was not stored
}

TEST_F(Users, TokenListByUserMarksExpiredTokens) {
  Add("alice", "admin");
  Add("bob", "viewer");
  AddToken("alice", "short", 41, {"--expires", "1h"});
  AddToken("bob", "bobs", 42);
  clock_->Advance(std::chrono::hours(2));
  auto alice = Run({"users", "token", "list", "alice"});
  ASSERT_EQ(alice.exit_code, 0) << alice.err;
  EXPECT_THAT(alice.out, HasSubstr("(expired)"));
  EXPECT_THAT(alice.out, Not(HasSubstr("bobs")));
  auto all = nlohmann::json::parse(Run({"users", "token", "list", "--json"}).out);
  EXPECT_EQ(all.size(), 2u);
  auto nobody = Run({"users", "token", "list", "carol"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_THAT(nobody.err, HasSubstr("no user 'carol'"));
  Run({"users", "remove", "bob"});
  EXPECT_EQ(Run({"users", "token", "list", "bob"}).exit_code, 1);
}

TEST_F(Users, TokenRevokeDeletesIt) {
  Add("alice", "admin");
  const std::string token = AddToken("alice", "ci", 51);
  const std::string id = OpenDb()->ListApiTokens("alice")->front().id;
  auto run = Run({"users", "token", "revoke", id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "revoked API token " + id + " of user 'alice'\n");
  EXPECT_FALSE(OpenDb()->FindApiTokenByDigest(auth::TokenDigest(token))->has_value());
  EXPECT_TRUE(OpenDb()->GetUser("alice")->has_value());
  auto again = Run({"users", "token", "revoke", id});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("no API token '" + id + "'"));
  EXPECT_EQ(Run({"users", "token", "list"}).out, "no API tokens\n");
}

TEST_F(Users, EveryChangeIsAudited) {
  Add("alice", "viewer");
  RunWithStdin({"users", "passwd", "alice", "--password-stdin"}, std::string(kNewPassword) + "\n");
  Run({"users", "role", "alice", "admin"});
  Run({"users", "role", "alice", "admin"});  // no change: no entry
  Run({"users", "disable", "alice"});
  Run({"users", "enable", "alice"});
  AddToken("alice", "ci", 61);
  const std::string id = OpenDb()->ListApiTokens("alice")->front().id;
  Run({"users", "token", "revoke", id});
  Run({"users", "remove", "alice"});
  Run({"users", "remove", "alice"});  // refused: no entry

  const auto entries = Audit();
  std::vector<std::string> actions;
  for (const auto& e : entries) actions.push_back(e.action + " " + e.target);
  EXPECT_THAT(actions, ElementsAre("users.add alice", "users.passwd alice", "users.role alice", "users.disable alice",
                                   "users.enable alice", "users.token.add " + id, "users.token.revoke " + id,
                                   "users.remove alice"));
  for (const auto& e : entries) {
    EXPECT_EQ(e.user, "cli:" + CurrentUser());
    EXPECT_EQ(e.via, "cli");
    EXPECT_EQ(e.remote, "");
    EXPECT_TRUE(e.success);
    EXPECT_EQ(e.at, clock_->Now());
    EXPECT_THAT(e.detail, Not(HasSubstr(std::string(kPassword))));
    EXPECT_THAT(e.detail, Not(HasSubstr(std::string(kNewPassword))));
  }
  EXPECT_EQ(entries[0].detail, "role viewer");
  EXPECT_EQ(entries[2].detail, "viewer -> admin");
  EXPECT_THAT(entries[5].detail, HasSubstr("for user 'alice', label 'ci'"));
  EXPECT_EQ(entries[6].detail, "of user 'alice'");
  EXPECT_EQ(entries[7].detail, "with 0 API token(s)");
}

}  // namespace
}  // namespace openscs::cli
