#pragma once

// The SQLite schema as an ordered list of migrations. Version N's SQL takes
// a database from version N-1 to N; each runs in its own transaction, and
// the versions applied are rows of `schema_migrations` (version,
// description, applied_at in microseconds). A migration, once released, is
// never edited: a change to the schema is a new entry at the end.

#include <span>
#include <string_view>

#include "base/status.h"
#include "store/sqlite/database.h"

namespace openscs::store::sqlite {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Ordered by version, 1, 2, 3, ... without gaps.
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// The highest version recorded in schema_migrations; 0 for a database that
// has none (a new file).
base::Result<int> CurrentSchemaVersion(Database& db);

// Brings `db` to LatestSchemaVersion(). Safe against another process
// migrating the same file at once: each step re-reads the version under the
// write lock. kFailedPrecondition, naming both versions, when the database
// is newer than this build knows (written by a later openscs); the database
// is then left untouched.
base::Status Migrate(Database& db);

}  // namespace openscs::store::sqlite
