#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <sqlite3.h>

#include <fstream>
#include <vector>

#include "tests/store/store_conformance.h"
#include "tests/support/temp_dir.h"

namespace openscs::store {
namespace {

using ::testing::HasSubstr;
using openscs::testing::TempDir;

// Each call: a new database in a new temporary directory, removed when the
// test program exits (after every Store is gone).
std::unique_ptr<Store> MakeSqliteStore() {
  static std::vector<std::unique_ptr<TempDir>> dirs;
  dirs.push_back(std::make_unique<TempDir>("store-conformance"));
  auto store = OpenSqliteStore(*dirs.back() / "openscs.db");
  EXPECT_TRUE(store) << store.error().ToString();
  return store ? std::move(store).value() : nullptr;
}

using testing::StoreConformance;
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(testing::Backend{"sqlite", MakeSqliteStore}));

// ---- What only the SQLite backend has: a file, its schema, its locks ------

// A raw connection beside the store, to look at and tamper with the file.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(db_); }

  // The first column of the first row, as text ("" if there is none).
  std::string Query(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  // All rows' first column, joined by '\n'.
  std::string QueryAll(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    std::string out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* text = sqlite3_column_text(stmt, c);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "";
        out += ' ';
      }
      out += '\n';
    }
    sqlite3_finalize(stmt);
    return out;
  }
  void Exec(const std::string& sql) { EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteStoreFile : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(const SqliteOptions& options = {}) {
    auto store = OpenSqliteStore(path_, options);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(store).value() : nullptr;
  }
  TempDir dir_{"sqlite-store"};
  const std::filesystem::path path_ = dir_ / "openscs.db";
};

base::TimePoint T(int64_t s) { return base::TimePoint(std::chrono::seconds(1'800'000'000 + s)); }

HelloObservation Hello(std::string uuid, base::TimePoint at) {
  HelloObservation h;
  h.uuid = std::move(uuid);
  h.at = at;
  h.pid = "0000037M";
  return h;
}

KeyRecord Key(std::string pid) {
  KeyRecord k;
  k.pid = std::move(pid);
  k.pps = std::string("\x01\0sealed", 8);
  return k;
}

TEST_F(SqliteStoreFile, ReopeningKeepsTheData) {
  {
    auto store = Open();
    const HelloObservation h = Hello("4c4c4544-004b-4210-8033-b6c04f504633", T(1));
    ASSERT_TRUE(store->RecordHellos({&h, 1}).ok());
    ASSERT_TRUE(store->AddKeys(std::vector<KeyRecord>{Key("0000037M")}).ok());
    ASSERT_TRUE(store->PutSetting("log_level", "debug").ok());
  }
  auto store = Open();
  EXPECT_TRUE(store->GetSystem("4c4c4544-004b-4210-8033-b6c04f504633")->has_value());
  EXPECT_EQ((*store->GetKey("0000037M"))->pps, std::string("\x01\0sealed", 8));
  EXPECT_EQ(store->GetSetting("log_level")->value_or(""), "debug");
  EXPECT_EQ(store->ListProfiles()->size(), 1u);  // the default profile is not added twice
}

TEST_F(SqliteStoreFile, MigrationsAreRecordedAndNotRepeated) {
  Open().reset();
  Open().reset();
  RawDb raw(path_);
  EXPECT_EQ(raw.Query("SELECT count(*) FROM schema_migrations"), "2");
  EXPECT_EQ(raw.Query("SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)"),
            "1,2");
  EXPECT_THAT(raw.Query("SELECT description FROM schema_migrations WHERE version = 1"), HasSubstr("profiles"));
  EXPECT_THAT(raw.Query("SELECT description FROM schema_migrations WHERE version = 2"), HasSubstr("audit log"));
  EXPECT_EQ(raw.Query("SELECT count(*) FROM schema_migrations WHERE applied_at = 0"), "0");
  EXPECT_EQ(Open()->SchemaVersion(), 2);
}

TEST_F(SqliteStoreFile, AVersionOneDatabaseIsMigratedKeepingItsData) {
  // A file written by the openscs before users existed: only migration 1.
  Open().reset();
  {
    RawDb raw(path_);
    raw.Exec(
        "DROP TABLE audit_log; DROP TABLE api_tokens; DROP TABLE users; "
        "DELETE FROM schema_migrations WHERE version = 2; "
        "INSERT INTO settings VALUES ('log_level', 'debug')");
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), 2);
  EXPECT_EQ(store->GetSetting("log_level")->value_or(""), "debug");
  UserRecord u;
  u.name = "alice";
  EXPECT_TRUE(store->PutUser(u).ok());
  EXPECT_TRUE(store->GetUser("alice")->has_value());
}

TEST_F(SqliteStoreFile, ANewerSchemaIsRefusedAndLeftAlone) {
  Open().reset();
  {
    RawDb raw(path_);
    raw.Exec("INSERT INTO schema_migrations VALUES (7, 'from the future', 0)");
  }
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.error().message(), HasSubstr("schema version 7, newer than this openscs knows (2)"));
  EXPECT_THAT(store.error().message(), HasSubstr(path_.string()));
  RawDb raw(path_);
  EXPECT_EQ(raw.Query("SELECT max(version) FROM schema_migrations"), "7");
}

TEST_F(SqliteStoreFile, UsesWalModeForeignKeysAndTheLogIndexes) {
  auto store = Open();
  RawDb raw(path_);
  EXPECT_EQ(raw.Query("PRAGMA journal_mode"), "wal");
  EXPECT_THAT(raw.QueryAll("EXPLAIN QUERY PLAN SELECT id FROM provisioning_log WHERE uuid = 'x' AND id > 3 ORDER BY id"),
              HasSubstr("provisioning_log_by_uuid"));
  // The profile's password list goes with the profile.
  EXPECT_THAT(raw.QueryAll("PRAGMA foreign_key_list(profile_mebx_passwords)"), HasSubstr("CASCADE"));
  // A bearer token is looked up by its digest on every API request.
  EXPECT_THAT(raw.QueryAll("EXPLAIN QUERY PLAN SELECT id FROM api_tokens WHERE digest = 'x'"),
              HasSubstr("api_tokens_by_digest"));
  EXPECT_THAT(raw.QueryAll("PRAGMA foreign_key_list(api_tokens)"), HasSubstr("CASCADE"));
  EXPECT_THAT(raw.QueryAll("EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE user = 'x' AND id > 3 ORDER BY id"),
              HasSubstr("audit_log_by_user"));
}

TEST_F(SqliteStoreFile, ASecondStoreOnTheFileSeesTheFirstOnesWrites) {
  // The server and a CLI command, each with its own connection.
  auto server = Open();
  auto cli = Open();
  const HelloObservation h = Hello("4c4c4544-004b-4210-8033-b6c04f504633", T(1));
  ASSERT_TRUE(server->RecordHellos({&h, 1}).ok());
  EXPECT_TRUE(cli->GetSystem(h.uuid)->has_value());
  ASSERT_TRUE(cli->PutSetting("log_level", "debug").ok());
  EXPECT_EQ(server->GetSetting("log_level")->value_or(""), "debug");
  // Reads between writes do not pin an old snapshot.
  const HelloObservation again = Hello(h.uuid, T(2));
  ASSERT_TRUE(server->RecordHellos({&again, 1}).ok());
  EXPECT_EQ((*cli->GetSystem(h.uuid))->hello_count, 2u);
  EXPECT_TRUE(cli->ClaimForProvisioning(h.uuid, "cli", T(3), T(4)).value_or(false));
  EXPECT_FALSE(server->ClaimForProvisioning(h.uuid, "server", T(3), T(4)).value_or(true));
}

TEST_F(SqliteStoreFile, AFailedBatchWritesNothing) {
  auto store = Open();
  ASSERT_TRUE(store->AddKeys(std::vector<KeyRecord>{Key("0000037M")}).ok());
  ASSERT_FALSE(store->AddKeys(std::vector<KeyRecord>{Key("0000047N"), Key("0000037M")}).ok());
  HelloObservation bad = Hello("0a0a0a0a-0000-4000-8000-000000000002", T(2));
  bad.hashes = {"sha1:a,b"};
  const std::vector<HelloObservation> hellos = {Hello("0a0a0a0a-0000-4000-8000-000000000001", T(1)), bad};
  const base::Status s = store->RecordHellos(hellos);
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("0a0a0a0a-0000-4000-8000-000000000002"));
  store.reset();

  RawDb raw(path_);
  EXPECT_EQ(raw.Query("SELECT group_concat(pid) FROM keys"), "0000037M");
  EXPECT_EQ(raw.Query("SELECT count(*) FROM systems"), "0");
}

TEST_F(SqliteStoreFile, AWriterHeldPastTheBusyTimeoutIsUnavailable) {
  SqliteOptions options;
  options.busy_timeout_ms = 20;
  auto store = Open(options);
  RawDb other(path_);
  other.Exec("BEGIN IMMEDIATE");
  const HelloObservation h = Hello("4c4c4544-004b-4210-8033-b6c04f504633", T(1));
  const base::Status s = store->RecordHellos({&h, 1});
  EXPECT_EQ(s.code(), base::StatusCode::kUnavailable) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("systems"));
  // Readers are not blocked by a writer (WAL).
  EXPECT_TRUE(store->GetSetting("x"));
  other.Exec("ROLLBACK");
  EXPECT_TRUE(store->RecordHellos({&h, 1}).ok());
}

TEST_F(SqliteStoreFile, AFileThatIsNoDatabaseIsDataLossNamingIt) {
  std::ofstream(path_) << std::string(4096, 'x');
  auto store = OpenSqliteStore(path_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), base::StatusCode::kDataLoss) << store.error().ToString();
  EXPECT_THAT(store.error().message(), HasSubstr(path_.string()));
}

TEST_F(SqliteStoreFile, AMissingDirectoryIsAnIoErrorNamingThePath) {
  auto store = OpenSqliteStore(dir_ / "no" / "such" / "openscs.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), base::StatusCode::kIoError) << store.error().ToString();
  EXPECT_THAT(store.error().message(), HasSubstr("no/such/openscs.db"));
}

TEST_F(SqliteStoreFile, TimesAreKeptToTheMicrosecond) {
  auto store = Open();
  LogEntry e;
  e.at = T(0) + std::chrono::nanoseconds(1'234'567);
  ASSERT_TRUE(store->AppendLogs({&e, 1}).ok());
  EXPECT_EQ(store->QueryLogs({})->front().at, T(0) + std::chrono::microseconds(1'234));
}

}  // namespace
}  // namespace openscs::store
