#include "protocol/setupbin/reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/guid.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

// Callers check the bounds first; the reader never reads past `b`.
uint16_t U16At(std::span<const std::byte> b, size_t offset) {
  return static_cast<uint16_t>(static_cast<unsigned>(b[offset]) | static_cast<unsigned>(b[offset + 1]) << 8);
}

uint32_t U32At(std::span<const std::byte> b, size_t offset) {
  return static_cast<uint32_t>(U16At(b, offset)) | static_cast<uint32_t>(U16At(b, offset + 2)) << 16;
}

base::Status HeaderError(size_t offset, std::string_view what) {
  return base::InvalidArgument(fmt::format("setup.bin: {} (offset {})", what, offset));
}

base::Status RecordError(uint32_t number, size_t offset, std::string_view what) {
  return base::InvalidArgument(fmt::format("setup.bin record {}: {} (offset {})", number, what, offset));
}

bool AllZero(std::span<const std::byte> b) {
  return std::all_of(b.begin(), b.end(), [](std::byte x) { return x == std::byte{0}; });
}

// Parses the entry list of one valid data record from its descrambled body.
// `body_offset` is the body's offset in the file, for messages.
base::Status ReadEntries(const Header& header, std::span<const std::byte> body, size_t body_offset, RecordRead& out) {
  Record& record = out.record;
  size_t pos = 0;
  // Fewer than 4 bytes left cannot hold a (module, variable) pair: the list
  // ends with the record, as it does when an entry fills it exactly.
  while (pos + kEntryTerminatorSize <= body.size()) {
    const size_t at = body_offset + pos;
    const uint16_t module = U16At(body, pos + kEntryOffsetModule);
    const uint16_t variable = U16At(body, pos + kEntryOffsetVariable);
    if (module == 0 || variable == 0) return base::Status::Ok();
    if (pos + kEntryHeaderSize > body.size()) {
      return RecordError(record.number, at,
                         fmt::format("entry {}/{} header runs past the record end", module, variable));
    }
    const uint16_t length = U16At(body, pos + kEntryOffsetLength);
    if (pos + kEntryHeaderSize + length > body.size()) {
      return RecordError(
          record.number, at,
          fmt::format("variable {}/{} value of {} bytes runs past the record end", module, variable, length));
    }
    const auto value = body.subspan(pos + kEntryHeaderSize, length);
    const auto info = LookUpVariable(module, variable);
    if (info) {
      if (auto s = ValidateValue(*info, value, header.version); !s.ok()) {
        return RecordError(record.number, at, fmt::format("{} ({}/{}): {}", info->name, module, variable, s.message()));
      }
      if (header.version < info->min_version) {
        out.warnings.push_back(fmt::format("record {}: {} ({}/{}) is newer than file version {} (offset {})",
                                           record.number, info->name, module, variable, header.version.ToString(), at));
      }
    } else if (module == kModuleMe || module == kModuleAmt) {
      out.warnings.push_back(fmt::format("record {}: unknown variable {}/{} kept as raw bytes (offset {})",
                                         record.number, module, variable, at));
    } else {
      return RecordError(record.number, at, fmt::format("unknown module {} (variable {})", module, variable));
    }
    if (std::find(header.modules.begin(), header.modules.end(), module) == header.modules.end()) {
      return RecordError(record.number, at, fmt::format("module {} is not in the header's module list", module));
    }
    record.entries.push_back(Entry{module, variable, {value.begin(), value.end()}, at});
    const size_t padded = (size_t{length} + kEntryAlignment - 1) / kEntryAlignment * kEntryAlignment;
    pos += kEntryHeaderSize + padded;
  }
  return base::Status::Ok();
}

}  // namespace

size_t Header::RecordSize() const { return size_t{record_chunks} * kChunkSize; }

size_t Header::RecordOffset(uint32_t index) const { return size_t{header_chunks} * kChunkSize + index * RecordSize(); }

size_t Header::FileSize() const { return RecordOffset(record_count); }

uint8_t MajorVersionOfGuid(std::span<const std::byte> first16) {
  if (first16.size() < 16) return 0;
  for (size_t v = 0; v < kVersionGuids.size(); ++v) {
    if (std::equal(first16.begin(), first16.begin() + 16, kVersionGuids[v]->begin(),
                   [](std::byte a, uint8_t b) { return static_cast<uint8_t>(a) == b; })) {
      return static_cast<uint8_t>(v + 1);
    }
  }
  return 0;
}

base::Result<Header> ReadHeader(std::span<const std::byte> bytes) {
  if (bytes.size() < kChunkSize) {
    return base::DataLoss(fmt::format("setup.bin: file is {} bytes, shorter than its {}-byte header (offset 0)",
                                      bytes.size(), kChunkSize));
  }
  Header h;
  const uint8_t guid_major = MajorVersionOfGuid(bytes.first(16));
  if (guid_major == 0) {
    return HeaderError(kHeaderOffsetGuid,
                       fmt::format("unknown file type GUID {}", base::Guid(bytes.first<16>()).ToString()));
  }
  h.version.major = static_cast<uint8_t>(bytes[kHeaderOffsetMajor]);
  h.version.minor = static_cast<uint8_t>(bytes[kHeaderOffsetMinor]);
  if (h.version.major != guid_major) {
    return HeaderError(kHeaderOffsetMajor,
                       fmt::format("major version {} contradicts the version {} GUID", h.version.major, guid_major));
  }
  if (!h.version.IsSupported()) {
    return HeaderError(kHeaderOffsetMinor, fmt::format("unknown version {}.{}", h.version.major, h.version.minor));
  }
  h.header_chunks = U16At(bytes, kHeaderOffsetChunkCount);
  if (h.header_chunks == 0) return HeaderError(kHeaderOffsetChunkCount, "header chunk count is 0");
  if (const uint32_t n = U32At(bytes, kHeaderOffsetRecordNumber); n != 0) {
    return HeaderError(kHeaderOffsetRecordNumber, fmt::format("header record number is {}, expected 0", n));
  }
  h.flags = U16At(bytes, kHeaderOffsetFlags);
  h.record_count = U32At(bytes, kHeaderOffsetRecordCount);
  h.consumed = U32At(bytes, kHeaderOffsetConsumed);
  h.record_chunks = U16At(bytes, kHeaderOffsetRecordChunks);
  if (h.record_chunks == 0) return HeaderError(kHeaderOffsetRecordChunks, "data record chunk count is 0");
  if (h.consumed > h.record_count) {
    return HeaderError(kHeaderOffsetConsumed,
                       fmt::format("{} records consumed but the file has only {}", h.consumed, h.record_count));
  }
  if (h.version.major < 2 && h.flags != 0) {
    // Flags came with v2; a v1 BIOS does not look at them, so neither do we.
    h.warnings.push_back(
        fmt::format("file flags 0x{:x} are ignored in version 1 files (offset {})", h.flags, kHeaderOffsetFlags));
    h.flags = 0;
  }

  // ModuleList: u16 ids up to a 0, inside the header chunk(s) that are there.
  const size_t header_end = std::min(size_t{h.header_chunks} * kChunkSize, bytes.size());
  size_t pos = kHeaderOffsetModuleList;
  for (;;) {
    if (pos + kModuleIdSize > header_end) return HeaderError(pos, "module list is not 0-terminated");
    const uint16_t module = U16At(bytes, pos);
    pos += kModuleIdSize;
    if (module == 0) break;
    h.modules.push_back(module);
  }
  if (const uint16_t header_bytes = U16At(bytes, kHeaderOffsetHeaderBytes); header_bytes != pos) {
    return HeaderError(kHeaderOffsetHeaderBytes,
                       fmt::format("header byte count is {}, its module list ends at {}", header_bytes, pos));
  }
  return h;
}

base::Result<RecordRead> ReadRecord(const Header& header, std::span<const std::byte> bytes, uint32_t index) {
  const uint32_t expected = index + 1;
  const size_t offset = header.RecordOffset(index);
  const size_t size = header.RecordSize();
  if (bytes.size() < offset + size) {
    return base::DataLoss(
        fmt::format("setup.bin record {}: the file ends {} bytes into it; record {} is truncated "
                    "(offset {})",
                    expected, bytes.size() > offset ? bytes.size() - offset : 0, expected, offset));
  }
  const auto chunk = bytes.subspan(offset, size);
  RecordRead out;
  Record& record = out.record;
  record.file_offset = offset;
  record.number = U32At(chunk, kRecordOffsetNumber);
  if (record.number != expected) {
    return RecordError(expected, offset + kRecordOffsetNumber,
                       fmt::format("record number field is {}, expected {}", record.number, expected));
  }
  if (const uint16_t chunks = U16At(chunk, kRecordOffsetChunkCount); chunks != header.record_chunks) {
    return RecordError(expected, offset + kRecordOffsetChunkCount,
                       fmt::format("chunk count {} differs from the header's {}", chunks, header.record_chunks));
  }
  if (const uint16_t header_bytes = U16At(chunk, kRecordOffsetHeaderBytes); header_bytes != kRecordHeaderSize) {
    return RecordError(expected, offset + kRecordOffsetHeaderBytes,
                       fmt::format("header byte count is {}, expected {}", header_bytes, kRecordHeaderSize));
  }
  record.type = U32At(chunk, kRecordOffsetType);
  const uint32_t flags = U32At(chunk, kRecordOffsetFlags);
  record.valid = (flags & kRecordFlagValid) != 0;
  record.scrambled = (flags & kRecordFlagScrambled) != 0;

  const auto stored_body = chunk.subspan(kRecordHeaderSize);
  if (record.consumed()) {
    // The BIOS zeroes what it consumed; the body is not read.
    if (!AllZero(stored_body)) {
      out.warnings.push_back(fmt::format("record {} is consumed but its body is not zeroed (offset {})", expected,
                                         offset + kRecordHeaderSize));
    }
    return out;
  }
  if (record.type != kRecordTypeData) {
    out.warnings.push_back(fmt::format("record {} has type {}, not a data record; its body is ignored (offset {})",
                                       expected, record.type, offset + kRecordOffsetType));
    return out;
  }
  std::vector<std::byte> body(stored_body.begin(), stored_body.end());
  if (record.scrambled) {
    for (auto& b : body) b = static_cast<std::byte>(static_cast<uint8_t>(static_cast<unsigned>(b) + kUnscrambleOffset));
  }
  if (auto s = ReadEntries(header, body, offset + kRecordHeaderSize, out); !s.ok()) return s;
  return out;
}

base::Result<File> ReadFile(std::span<const std::byte> bytes) {
  auto header = ReadHeader(bytes);
  if (!header) return header.error();
  const Header& h = *header;
  const size_t needed = h.FileSize();
  if (bytes.size() < needed) {
    // Name the first record that is not all there.
    const size_t first_record = h.RecordOffset(0);
    const size_t complete = bytes.size() <= first_record ? 0 : (bytes.size() - first_record) / h.RecordSize();
    const size_t truncated = complete + 1;
    return base::DataLoss(fmt::format(
        "setup.bin: file is {} bytes but its header announces {} records of {} bytes ({} bytes); record {} is "
        "truncated (offset {})",
        bytes.size(), h.record_count, h.RecordSize(), needed, truncated, first_record + complete * h.RecordSize()));
  }
  if (bytes.size() % kChunkSize != 0) {
    return HeaderError(needed, fmt::format("file is {} bytes, not a multiple of {}", bytes.size(), kChunkSize));
  }
  if (bytes.size() > needed) {
    return HeaderError(needed, fmt::format("{} chunks follow the last of the {} records DataRecordCount announces",
                                           (bytes.size() - needed) / kChunkSize, h.record_count));
  }

  File file;
  file.version = h.version;
  file.flags = h.flags;
  file.consumed = h.consumed;
  file.record_chunks = h.record_chunks;
  file.modules = h.modules;
  file.warnings = h.warnings;
  const bool do_not_consume = (h.flags & kFileFlagDoNotConsume) != 0;
  for (uint32_t i = 0; i < h.record_count; ++i) {
    auto read = ReadRecord(h, bytes, i);
    if (!read) return read.error();
    Record& r = read->record;
    file.warnings.insert(file.warnings.end(), read->warnings.begin(), read->warnings.end());
    if (i < h.consumed && r.valid && !do_not_consume) {
      file.warnings.push_back(
          fmt::format("record {} is counted as consumed but still valid (offset {})", r.number, r.file_offset));
    } else if (i >= h.consumed && !r.valid) {
      file.warnings.push_back(fmt::format("record {} is consumed but not counted in DataRecordsConsumed {} (offset {})",
                                          r.number, h.consumed, r.file_offset));
    }
    file.records.push_back(std::move(r));
  }
  return file;
}

}  // namespace openscs::setupbin
