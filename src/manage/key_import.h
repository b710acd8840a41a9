#pragma once

// Importing a key file: a key CSV (protocol/pidpps/key_csv.h, 2 or 3
// columns) or a setup.bin (told apart by the setup.bin GUID in its first 16
// bytes), all or nothing.
//
//  - CSV: status available, provenance "csv:<file name>".
//  - setup.bin: each record's PID, PPS and new MEBx password; records
//    without a PID/PPS, and records the BIOS already consumed, are skipped
//    and counted. These pairs are on a USB key already, so they are stored
//    as exported, batch "<file name>", provenance "setupbin:<file name>#N".
//
// Errors name the line or record; a PID already stored names that PID, and
// nothing is stored. PPS values and passwords never reach a message.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "protocol/pidpps/key_csv.h"
#include "secrets/vault.h"
#include "store/records.h"
#include "store/store.h"

namespace openscs::manage {

struct ImportedKey {
  pidpps::KeyCsvRow row;
  std::string provenance;
  store::KeyStatus status = store::KeyStatus::kAvailable;
  std::string batch;
};

// What a key file holds, before anything is stored.
struct KeyFile {
  std::string format;             // "csv" or "setup.bin"
  std::vector<ImportedKey> keys;  // never empty
  size_t skipped = 0;             // setup.bin records without a pair, or consumed
};

// Parses `bytes`; `file_name` (no directory) goes into provenance and batch.
// Errors (InvalidArgument, DataLoss for a truncated setup.bin) name the CSV
// line or the setup.bin record, without the file name: callers add it.
base::Result<KeyFile> ReadKeyFile(std::span<const std::byte> bytes, std::string_view file_name);

// Seals and stores every key of `file`, created `now`, all or nothing: the
// store's kAlreadyExists names the PID.
base::Status StoreKeyFile(store::Store& store, const secrets::Vault& vault, const KeyFile& file, base::TimePoint now);

// ReadKeyFile then StoreKeyFile. Errors start with `file_name`; a store
// error ends "; nothing was imported".
base::Result<KeyFile> ImportKeyFile(store::Store& store, const secrets::Vault& vault, std::span<const std::byte> bytes,
                                    std::string_view file_name, base::TimePoint now);

}  // namespace openscs::manage
