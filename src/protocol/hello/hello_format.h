#pragma once

// Wire constants of the Intel AMT Setup Mode "Hello" message, in one place.
// The grammar, field by field, is docs/formats/hello.md; the source is
// shared/reference/amt-setup-protocol.md §3. All integers are little-endian.

#include <cstddef>
#include <cstdint>

namespace openscs::hello {

// Common header (both versions).
inline constexpr size_t kOffsetAdminCredentials = 0;  // u16, 0 or 1
inline constexpr size_t kOffsetInterfaceVersion = 2;  // u16, 2 (PSK) or 3 (PKI)
inline constexpr size_t kOffsetRetryCount = 4;        // u32
inline constexpr size_t kOffsetUuid = 8;              // 16 bytes, SMBIOS GUID byte order
inline constexpr size_t kUuidSize = 16;
inline constexpr size_t kHeaderSize = 24;

// PSK hello, interface version 2: header + 8 ASCII PID characters.
inline constexpr uint16_t kVersionPsk = 2;
inline constexpr size_t kOffsetPid = 24;
inline constexpr size_t kPidSize = 8;
inline constexpr size_t kPskHelloSize = 32;

// PKI hello, interface version 3: header + u8 count + count x {u8 type, u8 length, digest}.
inline constexpr uint16_t kVersionPki = 3;
inline constexpr size_t kOffsetHashCount = 24;
inline constexpr size_t kPkiFixedSize = 25;
inline constexpr size_t kHashEntryHeaderSize = 2;

inline constexpr uint8_t kHashTypeSha1 = 1;
inline constexpr uint8_t kHashTypeSha256 = 2;
inline constexpr uint8_t kHashTypeSha384 = 3;
inline constexpr size_t kSha1Size = 20;
inline constexpr size_t kSha256Size = 32;
inline constexpr size_t kSha384Size = 48;

// Firmware before AMT 7.0 holds at most 20 embedded + 3 custom hashes.
inline constexpr size_t kMaxLegacyHashes = 23;
// 15 hellos per PSK cycle are numbered 0..14; real firmware has been seen
// (and a 24 h PKI window needs) to go beyond, so larger values only warn.
inline constexpr uint32_t kMaxDocumentedRetryCount = 14;

// Largest well-formed hello: 255 entries of SHA-384. A listener may cap reads here.
inline constexpr size_t kMaxHelloSize = kPkiFixedSize + 255 * (kHashEntryHeaderSize + kSha384Size);

}  // namespace openscs::hello
