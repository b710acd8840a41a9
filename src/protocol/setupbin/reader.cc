#include <fmt/format.h>

#include <algorithm>

#include "base/byte_reader.h"
#include "base/guid.h"
#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

uint16_t U16At(std::span<const std::byte> b, size_t offset) {
  return static_cast<uint16_t>(static_cast<unsigned>(b[offset]) | static_cast<unsigned>(b[offset + 1]) << 8);
}

uint32_t U32At(std::span<const std::byte> b, size_t offset) {
  return static_cast<uint32_t>(U16At(b, offset)) | static_cast<uint32_t>(U16At(b, offset + 2)) << 16;
}

base::Status Error(size_t offset, std::string what) {
  return base::InvalidArgument(fmt::format("setup.bin: {} (offset {})", what, offset));
}

base::Status RecordError(uint32_t record, size_t offset, std::string what) {
  return base::InvalidArgument(fmt::format("setup.bin record {}: {} (offset {})", record, what, offset));
}

// Parses one data record's entries from its (descrambled) body.
base::Status ReadEntries(Record& record, std::span<const std::byte> body, size_t body_offset, FileVersion version,
                         std::vector<std::string>& warnings) {
  size_t pos = 0;
  while (pos + 4 <= body.size()) {
    const size_t at = body_offset + pos;
    const uint16_t module = U16At(body, pos);
    const uint16_t variable = U16At(body, pos + 2);
    if (module == 0 || variable == 0) return base::Status::Ok();  // end of list
    if (pos + kEntryHeaderSize > body.size()) {
      return RecordError(record.number, at, fmt::format("entry {}/{} header runs past the record end", module, variable));
    }
    const uint16_t length = U16At(body, pos + 4);
    if (pos + kEntryHeaderSize + length > body.size()) {
      return RecordError(record.number, at,
                         fmt::format("variable {}/{} value of {} bytes runs past the record end", module, variable,
                                     length));
    }
    Entry entry{module, variable, {}, at};
    const auto value = body.subspan(pos + kEntryHeaderSize, length);
    entry.value.assign(value.begin(), value.end());
    if (const auto info = LookUpVariable(module, variable)) {
      if (auto s = ValidateValue(*info, value, version); !s.ok()) {
        return RecordError(record.number, at, fmt::format("{} ({}/{}): {}", info->name, module, variable, s.message()));
      }
      if (version < info->min_version) {
        warnings.push_back(fmt::format("record {}: {} ({}/{}) is newer than file version {}", record.number,
                                       info->name, module, variable, version.ToString()));
      }
    } else if (module == kModuleMe || module == kModuleAmt) {
      warnings.push_back(fmt::format("record {}: unknown variable {}/{} at offset {} kept as raw bytes", record.number,
                                     module, variable, at));
    } else {
      return RecordError(record.number, at, fmt::format("unknown module {} (variable {})", module, variable));
    }
    record.entries.push_back(std::move(entry));
    const size_t padded = (length + kEntryAlignment - 1) / kEntryAlignment * kEntryAlignment;
    pos += kEntryHeaderSize + padded;
  }
  return base::Status::Ok();
}

}  // namespace

uint8_t MajorVersionOfGuid(std::span<const std::byte> first16) {
  if (first16.size() < 16) return 0;
  const GuidBytes* guids[] = {&kGuidV1, &kGuidV2, &kGuidV3, &kGuidV4};
  for (uint8_t v = 0; v < 4; ++v) {
    if (std::equal(first16.begin(), first16.begin() + 16, guids[v]->begin(),
                   [](std::byte a, uint8_t b) { return static_cast<uint8_t>(a) == b; })) {
      return static_cast<uint8_t>(v + 1);
    }
  }
  return 0;
}

base::Result<File> ReadFile(std::span<const std::byte> bytes) {
  if (bytes.size() < kChunkSize) {
    return base::DataLoss(fmt::format("setup.bin: file is {} bytes, shorter than its {}-byte header (offset 0)",
                                      bytes.size(), kChunkSize));
  }
  File file;
  const uint8_t guid_major = MajorVersionOfGuid(bytes.first(16));
  if (guid_major == 0) {
    return Error(kHeaderOffsetGuid, fmt::format("unknown file type GUID {}", base::Guid(bytes.first<16>()).ToString()));
  }
  file.version.major = static_cast<uint8_t>(bytes[kHeaderOffsetMajor]);
  file.version.minor = static_cast<uint8_t>(bytes[kHeaderOffsetMinor]);
  if (file.version.major != guid_major) {
    return Error(kHeaderOffsetMajor, fmt::format("major version {} contradicts the version {} GUID",
                                                 file.version.major, guid_major));
  }
  const bool minor_ok = file.version.minor == 0 || (file.version.major == 2 && file.version.minor == 1);
  if (!minor_ok) {
    return Error(kHeaderOffsetMinor, fmt::format("unknown version {}.{}", file.version.major, file.version.minor));
  }
  const uint16_t header_chunks = U16At(bytes, kHeaderOffsetChunkCount);
  if (header_chunks == 0) return Error(kHeaderOffsetChunkCount, "header chunk count is 0");
  if (U32At(bytes, kHeaderOffsetRecordNumber) != 0) {
    return Error(kHeaderOffsetRecordNumber, "header record number must be 0");
  }
  file.flags = U16At(bytes, kHeaderOffsetFlags);
  const uint32_t count = U32At(bytes, kHeaderOffsetRecordCount);
  file.consumed = U32At(bytes, kHeaderOffsetConsumed);
  file.record_chunks = U16At(bytes, kHeaderOffsetRecordChunks);
  if (file.record_chunks == 0) return Error(kHeaderOffsetRecordChunks, "data record chunk count is 0");
  if (file.consumed > count) {
    return Error(kHeaderOffsetConsumed,
                 fmt::format("{} records consumed but the file has only {}", file.consumed, count));
  }
  if (file.version.major < 2 && file.flags != 0) {
    file.warnings.push_back(fmt::format("file flags 0x{:x} are ignored in version 1 files", file.flags));
    file.flags = 0;  // as a BIOS reads it; the writer writes 0 for v1
  }

  // Module list: u16 ids up to a 0, within the header bytes it declares.
  const uint16_t header_bytes = U16At(bytes, kHeaderOffsetHeaderBytes);
  size_t pos = kHeaderOffsetModuleList;
  for (;;) {
    if (pos + 2 > static_cast<size_t>(header_chunks) * kChunkSize || pos + 2 > bytes.size()) {
      return Error(pos, "module list is not 0-terminated");
    }
    const uint16_t module = U16At(bytes, pos);
    pos += 2;
    if (module == 0) break;
    file.modules.push_back(module);
  }
  if (header_bytes != pos) {
    return Error(kHeaderOffsetHeaderBytes, fmt::format("header byte count is {}, its module list ends at {}",
                                                       header_bytes, pos));
  }

  const size_t record_size = static_cast<size_t>(file.record_chunks) * kChunkSize;
  const size_t first_record = static_cast<size_t>(header_chunks) * kChunkSize;
  const size_t needed = first_record + static_cast<size_t>(count) * record_size;
  if (bytes.size() < needed) {
    const size_t truncated = (bytes.size() - std::min(bytes.size(), first_record)) / record_size + 1;
    return base::DataLoss(fmt::format(
        "setup.bin: file is {} bytes but its header announces {} records of {} bytes ({} bytes); record {} is "
        "truncated (offset {})",
        bytes.size(), count, record_size, needed, truncated, first_record + (truncated - 1) * record_size));
  }
  if (bytes.size() > needed) {
    file.warnings.push_back(fmt::format("{} bytes after the last record are ignored", bytes.size() - needed));
  }

  for (uint32_t i = 0; i < count; ++i) {
    const size_t offset = first_record + i * record_size;
    const auto chunk = bytes.subspan(offset, record_size);
    Record record;
    record.file_offset = offset;
    record.number = U32At(chunk, kRecordOffsetNumber);
    record.type = U32At(chunk, kRecordOffsetType);
    const uint32_t flags = U32At(chunk, kRecordOffsetFlags);
    record.valid = (flags & kRecordFlagValid) != 0;
    record.scrambled = (flags & kRecordFlagScrambled) != 0;
    if (record.number != i + 1) {
      return RecordError(i + 1, offset + kRecordOffsetNumber,
                         fmt::format("record number field is {}, expected {}", record.number, i + 1));
    }
    if (U16At(chunk, kRecordOffsetChunkCount) != file.record_chunks) {
      return RecordError(record.number, offset + kRecordOffsetChunkCount,
                         fmt::format("chunk count {} differs from the header's {}", U16At(chunk, kRecordOffsetChunkCount),
                                     file.record_chunks));
    }
    const uint16_t record_header = U16At(chunk, kRecordOffsetHeaderBytes);
    if (record_header != kRecordHeaderSize) {
      return RecordError(record.number, offset + kRecordOffsetHeaderBytes,
                         fmt::format("header byte count is {}, expected {}", record_header, kRecordHeaderSize));
    }
    if (record.consumed() || record.type != kRecordTypeData) {
      file.records.push_back(std::move(record));  // consumed or invalid: its body was zeroed
      continue;
    }
    std::vector<std::byte> body(chunk.begin() + kRecordHeaderSize, chunk.end());
    if (record.scrambled) {
      for (auto& b : body) b = static_cast<std::byte>(static_cast<uint8_t>(static_cast<unsigned>(b) + 0xEF));
    }
    if (auto s = ReadEntries(record, body, offset + kRecordHeaderSize, file.version, file.warnings); !s.ok()) return s;
    file.records.push_back(std::move(record));
  }
  return file;
}

}  // namespace openscs::setupbin
