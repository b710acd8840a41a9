#pragma once

// Wire constants of the USB One-Touch provisioning file (setup.bin), and
// nothing else. The grammar is docs/formats/setupbin.md; the source is
// shared/reference/amt-setup-protocol.md §8. All integers are little-endian.

#include <array>
#include <cstddef>
#include <cstdint>

namespace openscs::setupbin {

// The file is a sequence of 512-byte chunks: one header record, then
// DataRecordCount data records of DataRecordChunkCount chunks each.
inline constexpr size_t kChunkSize = 512;

// File header record (chunk 0), §8.1.
inline constexpr size_t kHeaderOffsetGuid = 0;           // 16 bytes, EFI byte order
inline constexpr size_t kHeaderOffsetChunkCount = 16;    // u16 RecordChunkCount: header size in chunks (1)
inline constexpr size_t kHeaderOffsetHeaderBytes = 18;   // u16 RecordHeaderByteCount = 40 + 2 x modules + 2
inline constexpr size_t kHeaderOffsetRecordNumber = 20;  // u32, 0 for the header
inline constexpr size_t kHeaderOffsetMajor = 24;         // u8 MajorVersion, 1-4
inline constexpr size_t kHeaderOffsetMinor = 25;         // u8 MinorVersion, 0 (1 in "2.1")
inline constexpr size_t kHeaderOffsetFlags = 26;         // u16 FileFlags, meaningful from v2
inline constexpr size_t kHeaderOffsetRecordCount = 28;   // u32 DataRecordCount
inline constexpr size_t kHeaderOffsetConsumed = 32;      // u32 DataRecordsConsumed, incremented by the BIOS
inline constexpr size_t kHeaderOffsetRecordChunks = 36;  // u16 DataRecordChunkCount, chunks per data record
inline constexpr size_t kHeaderOffsetReserved = 38;      // u16
inline constexpr size_t kHeaderOffsetModuleList = 40;    // u16 module ids, 0-terminated, zero padded
inline constexpr size_t kHeaderFixedBytes = 40;
inline constexpr size_t kModuleIdSize = 2;
// RecordHeaderByteCount for a module list of `modules` ids (plus its 0).
inline constexpr size_t HeaderByteCount(size_t modules) { return kHeaderFixedBytes + kModuleIdSize * (modules + 1); }

// FileFlags bits (v2+; a v1 file has no flags).
inline constexpr uint16_t kFileFlagDoNotConsume = 0x0001;

// Data record header (24 bytes), §8.2. MeshCommander's decoder reads the
// chunk count / header size / number at 8/10/12; its encoder and Intel's BIOS
// headers use 16/18/20, which is what we follow.
inline constexpr size_t kRecordOffsetType = 0;          // u32 RecordTypeIdentifier
inline constexpr size_t kRecordOffsetFlags = 4;         // u32 RecordFlags
inline constexpr size_t kRecordOffsetReserved = 8;      // 8 bytes
inline constexpr size_t kRecordOffsetChunkCount = 16;   // u16 RecordChunkCount
inline constexpr size_t kRecordOffsetHeaderBytes = 18;  // u16 RecordHeaderByteCount (24)
inline constexpr size_t kRecordOffsetNumber = 20;       // u32 RecordNumber, 1-based
inline constexpr size_t kRecordHeaderSize = 24;

inline constexpr uint32_t kRecordTypeInvalid = 0;
inline constexpr uint32_t kRecordTypeData = 1;
inline constexpr uint32_t kRecordFlagValid = 0x1;      // cleared by the BIOS when it consumes the record
inline constexpr uint32_t kRecordFlagScrambled = 0x2;  // the body is scrambled (below)

// Entry, §8.3: u16 ModuleId, u16 VariableId, u16 Length, u16 reserved, value,
// zero padding to a 4-byte boundary. ModuleId or VariableId 0 ends the list.
inline constexpr size_t kEntryOffsetModule = 0;
inline constexpr size_t kEntryOffsetVariable = 2;
inline constexpr size_t kEntryOffsetLength = 4;
inline constexpr size_t kEntryOffsetReserved = 6;
inline constexpr size_t kEntryHeaderSize = 8;
inline constexpr size_t kEntryAlignment = 4;
// The end-of-list marker is a (module 0, variable 0) pair.
inline constexpr size_t kEntryTerminatorSize = 4;

// A scrambled record stores every byte after its 24-byte header as
// (b + 17) mod 256; reading adds 0xEF (= -17 mod 256).
inline constexpr uint8_t kScrambleOffset = 17;
inline constexpr uint8_t kUnscrambleOffset = 0xEF;

// Module ids.
inline constexpr uint16_t kModuleMe = 1;   // ME kernel: MEBx passwords, feature selection, power package
inline constexpr uint16_t kModuleAmt = 2;  // AMT configuration

// Versions, §8.5.
inline constexpr uint8_t kMinMajorVersion = 1;
inline constexpr uint8_t kMaxMajorVersion = 4;

// File type GUIDs as stored (EFI byte order), one per major version; v2 and
// v2.1 share one.
using GuidBytes = std::array<uint8_t, 16>;
inline constexpr GuidBytes kGuidV1 = {0xb5, 0x16, 0xfb, 0x71, 0x87, 0xcb, 0xf9, 0x4a,
                                      0xb4, 0x41, 0xca, 0x7b, 0x38, 0x35, 0x78, 0xf9};
inline constexpr GuidBytes kGuidV2 = {0x96, 0xb2, 0x81, 0x58, 0xcf, 0x6b, 0x72, 0x4c,
                                      0x8b, 0x91, 0xa1, 0x5e, 0x51, 0x2e, 0x99, 0xc4};
inline constexpr GuidBytes kGuidV3 = {0xa7, 0xf7, 0xf6, 0xc6, 0x89, 0xc4, 0xf6, 0x47,
                                      0x93, 0xed, 0xe2, 0xe5, 0x02, 0x0d, 0xa5, 0x1d};
inline constexpr GuidBytes kGuidV4 = {0xaa, 0xa9, 0x34, 0x52, 0xe1, 0x29, 0xa9, 0x44,
                                      0x8d, 0x4d, 0x08, 0x1c, 0x07, 0xb9, 0x63, 0x53};
// Indexed by major version - 1.
inline constexpr std::array<const GuidBytes*, 4> kVersionGuids = {&kGuidV1, &kGuidV2, &kGuidV3, &kGuidV4};

}  // namespace openscs::setupbin
