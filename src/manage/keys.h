#pragma once

// Stored PID/PPS keys: generating them, opening them for an export, and the
// key CSV they are exported as. The CLI (`keys generate/add/list/export`)
// and the REST API (/api/v1/keys...) do the same through these.
//
// Secrets: a PPS or MEBx password leaves here only in an OpenedKeys or a
// revealed CSV, which the caller writes where the user asked; no Status
// from here holds one.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"
#include "protocol/pidpps/key_csv.h"
#include "secrets/vault.h"
#include "store/records.h"
#include "store/store.h"

namespace openscs::manage {

// `count` new pairs drawn from `random` (pidpps::Generate).
std::vector<pidpps::Pair> GeneratePairs(size_t count, const base::RandomSource& random);

// Seals and stores `rows` as new keys with status available, `provenance`
// and `batch` ("" for none), all or nothing: kAlreadyExists naming the first
// PID already stored (or repeated in `rows`) and nothing stored.
base::Status StoreNewKeys(store::Store& store, const secrets::Vault& vault, std::span<const pidpps::KeyCsvRow> rows,
                          std::string_view provenance, std::string_view batch, base::TimePoint now);

// GeneratePairs, then StoreNewKeys with provenance "generated": the pairs
// created, in order. Nothing is stored on error.
base::Result<std::vector<pidpps::Pair>> GenerateKeys(store::Store& store, const secrets::Vault& vault, size_t count,
                                                     std::string_view batch, base::TimePoint now,
                                                     const base::RandomSource& random);

// Stored keys opened with the vault, in PID order.
struct OpenedKeys {
  std::vector<store::KeyRecord> records;
  std::vector<pidpps::KeyCsvRow> rows;  // same order as records
};

// Every key with `status` (all when nullopt), opened. DataLoss naming the
// first PID whose sealed values do not open (wrong key file).
base::Result<OpenedKeys> OpenKeys(store::Store& store, const secrets::Vault& vault,
                                  std::optional<store::KeyStatus> status);

// The 3-column key CSV (protocol/pidpps/key_csv.h) of `rows`. With `reveal`
// it holds every PPS and MEBx password and can be imported elsewhere;
// without, the same columns redacted (Pps::Redacted(), "<redacted>"): a
// listing, not importable.
std::string KeysCsv(std::span<const pidpps::KeyCsvRow> rows, bool reveal);

}  // namespace openscs::manage
