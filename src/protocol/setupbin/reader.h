#pragma once

// Reading setup.bin files, versions 1, 2, 2.1, 3 and 4
// (docs/formats/setupbin.md). Pure functions over bytes; nothing here keeps a
// reference to the input after returning.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

// Parses a whole file, every record, consumed or not.
//
// Errors say what is wrong, with the record number (for data records) and the
// byte offset in the file: "setup.bin record 2: ... (offset 1044)".
//  - DataLoss: shorter than the header chunk, or shorter than the records the
//    header announces ("record 3 is truncated (offset 1536)").
//  - InvalidArgument: unknown GUID; major version contradicting the GUID or
//    an unknown minor; header counts (chunk counts 0, header record number not
//    0, RecordHeaderByteCount not matching the module list);
//    DataRecordsConsumed > DataRecordCount; a size that is not a multiple of
//    512 or that holds more chunks than the header announces; a data record
//    with the wrong number, chunk count or header size; an entry or value
//    running past its record; a value invalid for its variable's type
//    (overlong strings, PID characters, unknown enum values, SHA-256 hashes
//    before v3, ...); an unknown module, or a module absent from the header's
//    module list.
// Accepted, with a line in File::warnings:
//  - an unknown variable of module 1 or 2, kept as a raw entry (later firmware
//    adds variables; `inspect` shows it in hex; WriteFile refuses it);
//  - a variable newer than the file version (WriteFile refuses it);
//  - FileFlags in a v1 file (a v1 file has none; read as 0);
//  - a consumed record whose body is not zeroed, a valid record before the
//    consumed count or a consumed one after it.
base::Result<File> ReadFile(std::span<const std::byte> bytes);

// The major version whose GUID the first 16 bytes hold, or 0.
uint8_t MajorVersionOfGuid(std::span<const std::byte> first16);

// The pieces ReadFile is made of, shared with the BIOS consumption algorithm
// (consume.h), which reads the header and one record only.

// The decoded header record (chunk 0).
struct Header {
  FileVersion version;
  uint16_t flags = 0;  // 0 for v1
  uint16_t header_chunks = 1;
  uint32_t record_count = 0;
  uint32_t consumed = 0;
  uint16_t record_chunks = 1;
  std::vector<uint16_t> modules;
  std::vector<std::string> warnings;

  size_t RecordSize() const;
  // Byte offset of the data record at 0-based `index`:
  // RecordChunkCount x 512 + index x DataRecordChunkCount x 512.
  size_t RecordOffset(uint32_t index) const;
  // Bytes a complete file has: the header and every record.
  size_t FileSize() const;
};

// Decodes and checks chunk 0 (all errors of ReadFile about the header). Does
// not look at the records or the file size beyond the header chunk(s).
base::Result<Header> ReadHeader(std::span<const std::byte> bytes);

struct RecordRead {
  Record record;
  std::vector<std::string> warnings;
};

// Decodes the data record at 0-based `index` of the file `bytes` whose header
// is `header` (all errors of ReadFile about a record; DataLoss when `bytes`
// ends before the record does).
base::Result<RecordRead> ReadRecord(const Header& header, std::span<const std::byte> bytes, uint32_t index);

}  // namespace openscs::setupbin
