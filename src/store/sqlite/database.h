#pragma once

// One SQLite connection with the settings the store relies on (WAL,
// busy timeout, foreign keys, synchronous=NORMAL), a cache of prepared
// statements, and transactions as scoped objects. Not thread-safe: one
// thread uses a Database at a time (store.h).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/status.h"
#include "store/sqlite/statement.h"

namespace openscs::store::sqlite {

// A statement borrowed from Database's cache. Reset and unbound when it goes
// out of scope, so that no statement stays active (holding a read snapshot
// open) once a Store call returns.
class StatementRef {
 public:
  explicit StatementRef(Statement* statement) : statement_(statement) {}
  StatementRef(StatementRef&& other) noexcept : statement_(std::exchange(other.statement_, nullptr)) {}
  StatementRef& operator=(StatementRef&&) = delete;
  ~StatementRef() {
    if (statement_ != nullptr) statement_->Reset();
  }
  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

class Database {
 public:
  // Opens `path`, creating the file if there is none. Errors name the path:
  // kIoError when it cannot be opened, kDataLoss when it is not an SQLite
  // database, kFailedPrecondition when WAL mode cannot be turned on (some
  // network file systems).
  static base::Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path, int busy_timeout_ms);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // The prepared statement for `sql`, compiled on first use and kept until
  // the Database closes. Each distinct text is one cache entry, so `sql` must
  // come from a bounded set (never holds values: bind them).
  base::Result<StatementRef> Prepare(std::string_view sql);

  // Runs one or more statements without parameters (schema changes).
  base::Status Exec(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::filesystem::path path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// One transaction, rolled back when it goes out of scope uncommitted, so
// every early error return leaves the database as it was.
class Transaction {
 public:
  enum class Mode {
    kRead,   // BEGIN DEFERRED: a consistent snapshot
    kWrite,  // BEGIN IMMEDIATE: takes the write lock now (waiting up to the
             // busy timeout), so the transaction cannot fail later on a
             // read-to-write upgrade.
  };
  static base::Result<Transaction> Begin(Database& db, Mode mode);

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  base::Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;  // null once committed or moved from
};

}  // namespace openscs::store::sqlite
