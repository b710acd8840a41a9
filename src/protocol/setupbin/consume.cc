#include "protocol/setupbin/consume.h"

#include <algorithm>

#include <fmt/format.h>

#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/setupbin_format.h"

namespace openscs::setupbin {
namespace {

void PutU32(std::span<std::byte> b, size_t offset, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[offset + i] = static_cast<std::byte>(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

base::Result<Consumed> ConsumeNextRecord(std::span<std::byte> bytes) {
  // Parse everything first: a BIOS that finds a broken file must not write it.
  auto file = ReadFile(bytes);
  if (!file) return file.error();
  if (file->consumed >= file->records.size()) {
    return base::FailedPrecondition(fmt::format("setup.bin: all {} records are consumed", file->records.size()));
  }
  const Record& record = file->records[file->consumed];
  if (record.type != kRecordTypeData || !record.valid) {
    return base::FailedPrecondition(
        fmt::format("setup.bin record {} is not a valid data record (offset {})", record.number, record.file_offset));
  }
  Consumed out{record, false};
  const bool do_not_consume = file->version.major >= 2 && (file->flags & kFileFlagDoNotConsume) != 0;
  if (do_not_consume) return out;

  PutU32(bytes, kHeaderOffsetConsumed, file->consumed + 1);
  const size_t record_size = static_cast<size_t>(file->record_chunks) * kChunkSize;
  auto chunk = bytes.subspan(record.file_offset, record_size);
  const uint32_t flags = static_cast<uint32_t>(chunk[kRecordOffsetFlags]) & ~kRecordFlagValid;
  chunk[kRecordOffsetFlags] = static_cast<std::byte>(flags);
  std::fill(chunk.begin() + kRecordHeaderSize, chunk.end(), std::byte{0});
  out.marked = true;
  return out;
}

}  // namespace openscs::setupbin
