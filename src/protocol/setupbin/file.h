#pragma once

// The in-memory model of a setup.bin file: everything the file holds,
// consumed records included, so that `inspect` can show all of it.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace openscs::setupbin {

struct FileVersion {
  uint8_t major = 3;
  uint8_t minor = 0;  // 1 only for "2.1"
  std::string ToString() const;
  friend auto operator<=>(const FileVersion&, const FileVersion&) = default;
};

struct Entry {
  uint16_t module = 0;
  uint16_t variable = 0;
  std::vector<std::byte> value;
  size_t file_offset = 0;  // where the entry starts (reader only; for messages)
  friend bool operator==(const Entry& a, const Entry& b) {
    return a.module == b.module && a.variable == b.variable && a.value == b.value;
  }
};

struct Record {
  uint32_t number = 0;  // 1-based
  uint32_t type = 1;    // 1 data, 0 invalid
  bool valid = true;    // cleared by the BIOS when it consumes the record
  bool scrambled = false;
  std::vector<Entry> entries;  // empty for a consumed record (its body is zeroed)
  size_t file_offset = 0;      // reader only
  bool consumed() const { return !valid; }
  friend bool operator==(const Record& a, const Record& b) {
    return a.number == b.number && a.type == b.type && a.valid == b.valid && a.scrambled == b.scrambled &&
           a.entries == b.entries;
  }
};

struct File {
  FileVersion version;
  uint16_t flags = 0;                 // v2+: kFileFlagDoNotConsume
  uint32_t consumed = 0;              // DataRecordsConsumed
  uint16_t record_chunks = 1;         // chunks per data record
  std::vector<uint16_t> modules;      // module ids in use (writer fills it when empty)
  std::vector<Record> records;
  std::vector<std::string> warnings;  // reader: accepted oddities
  friend bool operator==(const File& a, const File& b) {
    return a.version == b.version && a.flags == b.flags && a.consumed == b.consumed &&
           a.record_chunks == b.record_chunks && a.modules == b.modules && a.records == b.records;
  }
};

}  // namespace openscs::setupbin
