#pragma once

// The in-memory model of a setup.bin file (docs/formats/setupbin.md). It keeps
// everything the file holds, consumed records included, so that `inspect` can
// show all of it and ReadFile/WriteFile round-trip. Plain values; copy freely.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace openscs::setupbin {

// MajorVersion.MinorVersion of the header: 1, 2, 2.1, 3 or 4.
struct FileVersion {
  uint8_t major = 3;
  uint8_t minor = 0;  // 1 only for "2.1"
  // True for 1.0, 2.0, 2.1, 3.0 and 4.0.
  bool IsSupported() const;
  std::string ToString() const;  // "2.1", "3"
  friend auto operator<=>(const FileVersion&, const FileVersion&) = default;
};

// One variable of a data record. `value` is the raw (descrambled) value
// bytes, without the padding.
struct Entry {
  uint16_t module = 0;
  uint16_t variable = 0;
  std::vector<std::byte> value;
  size_t file_offset = 0;  // reader only: where the entry header starts; not compared
  friend bool operator==(const Entry& a, const Entry& b) {
    return a.module == b.module && a.variable == b.variable && a.value == b.value;
  }
};

// One data record. A record the BIOS consumed has `valid` false and no
// entries (the BIOS zeroed its body); it is still a record of the file.
struct Record {
  uint32_t number = 0;  // 1-based position in the file (the writer renumbers)
  uint32_t type = 1;    // RecordTypeIdentifier: 1 data, 0 invalid
  bool valid = true;    // RecordFlags bit 0
  bool scrambled = false;
  std::vector<Entry> entries;  // in file order; empty unless type 1 and valid
  size_t file_offset = 0;      // reader only: where the record starts; not compared
  bool consumed() const { return !valid; }
  friend bool operator==(const Record& a, const Record& b) {
    return a.number == b.number && a.type == b.type && a.valid == b.valid && a.scrambled == b.scrambled &&
           a.entries == b.entries;
  }
};

struct File {
  FileVersion version;
  uint16_t flags = 0;                 // FileFlags (kFileFlagDoNotConsume); always 0 in v1
  uint32_t consumed = 0;              // DataRecordsConsumed
  uint16_t record_chunks = 1;         // DataRecordChunkCount: chunks per data record
  std::vector<uint16_t> modules;      // ModuleList without its 0; the writer derives it from the entries when empty
  std::vector<Record> records;        // DataRecordCount == records.size()
  std::vector<std::string> warnings;  // reader only: oddities it accepted; not compared
  friend bool operator==(const File& a, const File& b) {
    return a.version == b.version && a.flags == b.flags && a.consumed == b.consumed &&
           a.record_chunks == b.record_chunks && a.modules == b.modules && a.records == b.records;
  }
};

}  // namespace openscs::setupbin
