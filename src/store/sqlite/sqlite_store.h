#pragma once

// The embedded Store: one SQLite file, shared safely by the server and the
// CLI running at the same time (write-ahead logging; writers wait for each
// other up to the busy timeout).
//
// Open creates the file if there is none and migrates it to the schema this
// build knows (store/sqlite/migrations.h). Every Store call is one
// transaction (BEGIN IMMEDIATE for writers). Besides store.h's error
// contract: kUnavailable when another process held the write lock past
// `busy_timeout_ms`, kFailedPrecondition when the file was written by a
// newer openscs (its schema version is higher than ours).

#include <filesystem>
#include <memory>

#include "base/status.h"
#include "store/store.h"

namespace openscs::store {

struct SqliteOptions {
  // How long a call waits for another connection's write lock before it
  // fails with kUnavailable. Long enough for the server's batches of
  // hellos; short enough that a stuck process is reported, not waited for.
  int busy_timeout_ms = 5000;
};

// Errors name the path: kIoError when the file cannot be opened or created,
// kDataLoss when it is not an SQLite database, kFailedPrecondition as above
// or when WAL mode cannot be enabled.
base::Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& db,
                                                     const SqliteOptions& options = {});

}  // namespace openscs::store
