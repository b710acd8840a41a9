#pragma once

// The consumption algorithm a BIOS applies at power-on to the setup.bin on a
// USB stick (reference §8.5), over the file's bytes, in place:
//   1. reject an unknown GUID/version pair (and a malformed header);
//   2. stop when DataRecordsConsumed == DataRecordCount;
//   3. take the record at RecordChunkCount x 512 + consumed x
//      DataRecordChunkCount x 512, and use it only if it is a type 1, valid
//      record that decodes;
//   4. unless the file says "do not consume" (v2+ FileFlags bit 0): increment
//      DataRecordsConsumed (offset 32), zero the record body (everything after
//      its 24-byte header) and clear its valid bit.
// Like the BIOS, it reads the header and that one record only: a broken later
// record does not stop it (ReadFile would refuse such a file).

#include <cstddef>
#include <span>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

struct Consumed {
  Record record;        // decoded, as it was before consumption
  bool marked = false;  // false when the file's do-not-consume flag is set
};

// The next record, consumed. Errors, with `file` left untouched:
//  - the errors of ReadHeader()/ReadRecord() (reader.h) for the header and
//    the record in question (DataLoss when the file ends before the record);
//  - FailedPrecondition "all N records are consumed";
//  - FailedPrecondition when the record at the consumed count is not a valid
//    data record (type != 1 or valid bit clear).
// `file` must be the whole file.
base::Result<Consumed> ConsumeNextRecord(std::span<std::byte> file);

}  // namespace openscs::setupbin
