#pragma once

// Wire constants of the USB One-Touch provisioning file (setup.bin). The
// grammar is docs/formats/setupbin.md; the source is
// shared/reference/amt-setup-protocol.md §8. All integers little-endian.

#include <array>
#include <cstddef>
#include <cstdint>

namespace openscs::setupbin {

inline constexpr size_t kChunkSize = 512;

// File header record (chunk 0).
inline constexpr size_t kHeaderOffsetGuid = 0;              // 16 bytes
inline constexpr size_t kHeaderOffsetChunkCount = 16;       // u16, header size in chunks (1)
inline constexpr size_t kHeaderOffsetHeaderBytes = 18;      // u16, 40 + 2 x modules + 2
inline constexpr size_t kHeaderOffsetRecordNumber = 20;     // u32, 0
inline constexpr size_t kHeaderOffsetMajor = 24;            // u8
inline constexpr size_t kHeaderOffsetMinor = 25;            // u8
inline constexpr size_t kHeaderOffsetFlags = 26;            // u16 (v2+)
inline constexpr size_t kHeaderOffsetRecordCount = 28;      // u32
inline constexpr size_t kHeaderOffsetConsumed = 32;         // u32, incremented by the BIOS
inline constexpr size_t kHeaderOffsetRecordChunks = 36;     // u16, chunks per data record
inline constexpr size_t kHeaderOffsetModuleList = 40;       // u16 ids, 0-terminated
inline constexpr size_t kHeaderFixedBytes = 40;

inline constexpr uint16_t kFileFlagDoNotConsume = 0x0001;   // v2+

// Data record header (24 bytes).
inline constexpr size_t kRecordOffsetType = 0;              // u32: 0 invalid, 1 data
inline constexpr size_t kRecordOffsetFlags = 4;             // u32
inline constexpr size_t kRecordOffsetChunkCount = 16;       // u16
inline constexpr size_t kRecordOffsetHeaderBytes = 18;      // u16, 24
inline constexpr size_t kRecordOffsetNumber = 20;           // u32, 1-based
inline constexpr size_t kRecordHeaderSize = 24;
inline constexpr uint32_t kRecordTypeData = 1;
inline constexpr uint32_t kRecordFlagValid = 0x1;
inline constexpr uint32_t kRecordFlagScrambled = 0x2;

// Entry: u16 module, u16 variable, u16 length, u16 reserved, value, pad to 4.
inline constexpr size_t kEntryHeaderSize = 8;
inline constexpr size_t kEntryAlignment = 4;

// Scrambled records store every byte after the record header as (b + 17) mod 256.
inline constexpr uint8_t kScrambleOffset = 17;

inline constexpr uint16_t kModuleMe = 1;    // ME kernel: passwords, feature selection
inline constexpr uint16_t kModuleAmt = 2;   // AMT configuration

// File type GUIDs as stored (EFI byte order), one per major version.
using GuidBytes = std::array<uint8_t, 16>;
inline constexpr GuidBytes kGuidV1 = {0xb5, 0x16, 0xfb, 0x71, 0x87, 0xcb, 0xf9, 0x4a,
                                      0xb4, 0x41, 0xca, 0x7b, 0x38, 0x35, 0x78, 0xf9};
inline constexpr GuidBytes kGuidV2 = {0x96, 0xb2, 0x81, 0x58, 0xcf, 0x6b, 0x72, 0x4c,
                                      0x8b, 0x91, 0xa1, 0x5e, 0x51, 0x2e, 0x99, 0xc4};
inline constexpr GuidBytes kGuidV3 = {0xa7, 0xf7, 0xf6, 0xc6, 0x89, 0xc4, 0xf6, 0x47,
                                      0x93, 0xed, 0xe2, 0xe5, 0x02, 0x0d, 0xa5, 0x1d};
inline constexpr GuidBytes kGuidV4 = {0xaa, 0xa9, 0x34, 0x52, 0xe1, 0x29, 0xa9, 0x44,
                                      0x8d, 0x4d, 0x08, 0x1c, 0x07, 0xb9, 0x63, 0x53};

}  // namespace openscs::setupbin
