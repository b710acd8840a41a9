#include "store/sqlite/database.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace openscs::store::sqlite {
namespace {

// The value of a one-row PRAGMA, e.g. "wal" for journal_mode.
base::Result<std::string> PragmaValue(Database& db, std::string_view pragma) {
  auto stmt = db.Prepare(pragma);
  if (!stmt) return stmt.error();
  auto row = (*stmt)->Step();
  if (!row) return row.error();
  return *row ? (*stmt)->Text(0) : std::string();
}

}  // namespace

base::Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& path, int busy_timeout_ms) {
  const std::string where = fmt::format("database '{}'", path.string());
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    base::Status error = DatabaseError(raw, rc);
    sqlite3_close(raw);
    return base::IoError(error.message()).WithContext(where);
  }
  std::unique_ptr<Database> db(new Database(raw, path));
  sqlite3_extended_result_codes(raw, 1);
  // Set first: turning WAL on needs a lock another process may be holding.
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // WAL lets the CLI read while the server writes; NORMAL is durable at
  // every checkpoint and never corrupts, and saves an fsync per commit.
  auto mode = PragmaValue(*db, "PRAGMA journal_mode=WAL");
  if (!mode) return mode.error().WithContext(where);
  if (*mode != "wal") {
    return base::FailedPrecondition(
        fmt::format("{}: cannot use write-ahead logging (journal mode stays '{}'; a network file system?)", where,
                    *mode));
  }
  if (auto s = db->Exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"); !s.ok()) return s.WithContext(where);
  return db;
}

Database::~Database() {
  statements_.clear();  // finalize before closing
  sqlite3_close(db_);
}

base::Result<StatementRef> Database::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    auto stmt = Statement::Prepare(db_, sql, /*persistent=*/true);
    if (!stmt) return stmt.error();
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(std::move(stmt).value())).first;
  }
  return StatementRef(it->second.get());
}

base::Status Database::Exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? base::Status::Ok() : DatabaseError(db_, rc);
}

int64_t Database::Changes() const { return sqlite3_changes64(db_); }

base::Result<Transaction> Transaction::Begin(Database& db, Mode mode) {
  if (auto s = db.Exec(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); !s.ok()) {
    return s.WithContext("begin transaction");
  }
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

base::Status Transaction::Commit() {
  Database* db = std::exchange(db_, nullptr);
  if (auto s = db->Exec("COMMIT"); !s.ok()) {
    // A failed COMMIT may leave the transaction open; end it so the
    // connection is usable and nothing half-done stays.
    (void)db->Exec("ROLLBACK");
    return s.WithContext("commit");
  }
  return base::Status::Ok();
}

}  // namespace openscs::store::sqlite
