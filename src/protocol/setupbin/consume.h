#pragma once

// The consumption algorithm a BIOS applies to a setup.bin on a USB stick at
// power-on (reference §8.5), over the file's bytes in place:
//   reject an unknown GUID/version; stop when consumed == count; locate the
//   next record at RecordChunkCount x 512 + consumed x DataRecordChunkCount x
//   512; use it only if it is a valid data record; then, unless the file says
//   "do not consume" (v2+ flag bit 0), increment DataRecordsConsumed at
//   offset 32, zero the record body and clear its valid bit.

#include <cstddef>
#include <span>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

struct Consumed {
  Record record;        // as it was before consumption
  bool marked = false;  // false when the file's do-not-consume flag is set
};

// FailedPrecondition "no records left" when all are consumed; errors of
// ReadFile() for a file that does not parse. `file` is modified only on success.
base::Result<Consumed> ConsumeNextRecord(std::span<std::byte> file);

}  // namespace openscs::setupbin
