#pragma once

// A setup.bin batch from the key store: the first N available keys (by
// PID), one record each, then marked exported in a named batch with the MEBx
// password the records set. `openscs setupbin create --from-store` and
// POST /api/v1/keys/setupbin.
//
// The file holds every PPS of the batch and both MEBx passwords: callers
// write it only where the user asked (0600 file, attachment download).
// Errors never hold a PPS or password.

#include <cstddef>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "protocol/pidpps/pid_pps.h"
#include "protocol/setupbin/file.h"
#include "secrets/vault.h"
#include "store/records.h"
#include "store/store.h"

namespace openscs::manage {

// The first `count` available keys, opened.
struct AvailableKeys {
  std::vector<store::KeyRecord> records;
  std::vector<pidpps::Pair> pairs;  // same order
};

// FailedPrecondition "the database has only N available key(s) (add some
// with keys generate or keys import)" when fewer than `count` are available;
// DataLoss naming the PID of a key that does not open.
base::Result<AvailableKeys> TakeAvailableKeys(store::Store& store, const secrets::Vault& vault, size_t count);

// Marks `records` exported in `batch`, updated `now`, with `new_mebx_password`
// (sealed; "" leaves the stored one) as the MEBx password their records
// set. All or nothing, and only while each is still available
// (Store::UpdateKeysIfStatus): when another batch took one of them meanwhile,
// kFailedPrecondition naming it, and no key is marked.
base::Status MarkExported(store::Store& store, const secrets::Vault& vault, std::vector<store::KeyRecord>& records,
                          const std::string& batch, const std::string& new_mebx_password, base::TimePoint now);

struct SetupBinBatchOptions {
  setupbin::FileVersion version;                // default 3
  std::string current_mebx_password = "admin";  // SECRET: the password the devices have now (factory: admin)
  std::string new_mebx_password;                // SECRET, required: MEBx rule (protocol/mebx)
  std::string batch;                            // required: recorded on the keys
};

struct SetupBinBatch {
  std::vector<std::byte> bytes;   // the file; SECRET
  std::vector<std::string> pids;  // display form, in record order
};

// TakeAvailableKeys, a record per key (current and new MEBx password, the
// AMT feature, the pair), setupbin::BuildFile, then MarkExported. The file
// is built before anything is marked, so a bad option marks nothing.
// InvalidArgument for count 0, an empty batch, or a new password breaking
// the MEBx rule ("new MEBx password: ..."); setup.bin writer errors as it
// returns them; FailedPrecondition for too few available keys.
base::Result<SetupBinBatch> CreateSetupBinBatch(store::Store& store, const secrets::Vault& vault, size_t count,
                                                const SetupBinBatchOptions& options, base::TimePoint now);

}  // namespace openscs::manage
