#include "protocol/setupbin/consume.h"

#include <algorithm>

#include <fmt/format.h>

#include "protocol/setupbin/reader.h"
#include "protocol/setupbin/setupbin_format.h"

namespace openscs::setupbin {
namespace {

void PutU32(std::span<std::byte> b, size_t offset, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[offset + i] = static_cast<std::byte>(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

base::Result<Consumed> ConsumeNextRecord(std::span<std::byte> bytes) {
  auto header = ReadHeader(bytes);
  if (!header) return header.error();
  if (header->consumed >= header->record_count) {
    return base::FailedPrecondition(fmt::format("setup.bin: all {} records are consumed", header->record_count));
  }
  auto read = ReadRecord(*header, bytes, header->consumed);
  if (!read) return read.error();
  const Record& record = read->record;
  if (record.type != kRecordTypeData || !record.valid) {
    return base::FailedPrecondition(
        fmt::format("setup.bin record {}: not a valid data record (type {}, {}) (offset {})", record.number,
                    record.type, record.valid ? "valid" : "consumed", record.file_offset));
  }
  Consumed out{record, false};
  if ((header->flags & kFileFlagDoNotConsume) != 0) return out;  // ReadHeader clears v1 flags

  // Every check is done; only now write, so that a refusal leaves the file as it was.
  PutU32(bytes, kHeaderOffsetConsumed, header->consumed + 1);
  auto chunk = bytes.subspan(record.file_offset, header->RecordSize());
  chunk[kRecordOffsetFlags] &= ~std::byte{kRecordFlagValid};  // bit 0 lives in the flags' low byte
  std::fill(chunk.begin() + kRecordHeaderSize, chunk.end(), std::byte{0});
  out.marked = true;
  return out;
}

}  // namespace openscs::setupbin
