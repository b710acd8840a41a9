#pragma once

// A thin RAII wrapper of one prepared SQLite statement, with the typed binds
// and column reads the SQLite store uses. Indexes are SQLite's: parameters
// from 1 (write "?1", "?2" in the SQL), columns from 0.
//
// A bind failure (a value too big for SQLite, out of memory) is remembered
// and returned by the next Step()/Run(), so call sites bind without checks.
// Not thread-safe; used by the one thread that owns the connection.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace openscs::store::sqlite {

// Time points are stored as integer microseconds since the Unix epoch;
// anything finer is dropped.
int64_t ToMicros(base::TimePoint t);
base::TimePoint FromMicros(int64_t micros);

class Statement {
 public:
  // Compiles `sql` (one statement) on `db`. `persistent` hints SQLite that
  // the statement will be reused many times. kInternal on an SQL error: the
  // SQL is ours, so that is a bug or a schema mismatch.
  static base::Result<Statement> Prepare(sqlite3* db, std::string_view sql, bool persistent = false);

  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, bool value) { return Bind(index, int64_t{value ? 1 : 0}); }
  Statement& BindText(int index, std::string_view value);
  Statement& BindBlob(int index, std::string_view value);  // Sealed bytes: any byte, NUL included
  Statement& BindTime(int index, base::TimePoint value) { return Bind(index, ToMicros(value)); }

  // Advances: true when a row is ready to read, false when done. Errors are
  // mapped as DatabaseError() does.
  base::Result<bool> Step();
  // Steps to the end, for statements that return no rows.
  base::Status Run();
  // Ready to run again, with every parameter unbound (NULL).
  void Reset();

  // Steps through the remaining rows, collecting `read(row)` of each;
  // `read` returns a T, or a base::Result<T> whose error ends the walk.
  template <typename T, typename Read>
  base::Result<std::vector<T>> ReadAll(Read&& read);

  int64_t Int(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  std::string Text(int column) const;
  std::string Blob(int column) const;
  base::TimePoint Time(int column) const { return FromMicros(Int(column)); }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_;
  int bind_error_ = 0;  // first SQLite error code of a bind since Reset(), 0 if none
};

template <typename T, typename Read>
base::Result<std::vector<T>> Statement::ReadAll(Read&& read) {
  std::vector<T> out;
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return out;
    base::Result<T> item = read(static_cast<const Statement&>(*this));
    if (!item) return item.error();
    out.push_back(std::move(item).value());
  }
}

// The Status for SQLite result code `rc` on `db`: kUnavailable for busy or
// locked (another writer held the database longer than the busy timeout),
// kAlreadyExists for a uniqueness violation, kDataLoss for a corrupt file,
// kIoError for the rest. The message is SQLite's (which never quotes bound
// values, so no secret reaches it).
base::Status DatabaseError(sqlite3* db, int rc);

}  // namespace openscs::store::sqlite
