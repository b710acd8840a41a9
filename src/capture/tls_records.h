#pragma once

// The TLS record layer of one direction of a connection, as far as it is
// plaintext: record types and versions, the handshake messages in them
// (reassembled across records), the ServerHello's suite and version, and
// alerts. Records after this direction's ChangeCipherSpec are marked
// encrypted and not looked into. TLS 1.0-1.3 record framing (RFC 5246 §6.2,
// RFC 8446 §5.1). Pure: bytes in, records out.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace openscs::capture::tls {

inline constexpr uint8_t kChangeCipherSpec = 20;
inline constexpr uint8_t kAlert = 21;
inline constexpr uint8_t kHandshake = 22;
inline constexpr uint8_t kApplicationData = 23;

inline constexpr uint8_t kClientHello = 1;
inline constexpr uint8_t kServerHello = 2;
inline constexpr uint8_t kCertificateMessage = 11;
inline constexpr uint8_t kClientKeyExchange = 16;

inline constexpr uint8_t kAlertFatal = 2;

struct Record {
  uint64_t offset = 0;  // of the record header in its stream
  uint8_t content_type = 0;
  uint16_t version = 0;  // of the record header
  uint16_t length = 0;   // of the fragment
  bool encrypted = false;
  std::vector<uint8_t> handshake_types;  // handshake messages that end in this record
  // A plaintext alert.
  std::optional<uint8_t> alert_level;
  std::optional<uint8_t> alert_description;
  // A ServerHello ending in this record: the suite and the version chosen
  // (supported_versions when present, RFC 8446 §4.2.1).
  std::optional<uint16_t> cipher_suite;
  std::optional<uint16_t> selected_version;
  // A ClientKeyExchange ending in this record: its first bytes (a PSK
  // suite's starts with the identity, RFC 4279 §2), at most 256.
  std::vector<std::byte> client_key_exchange;
};

struct RecordStream {
  bool is_tls = false;      // the stream starts with a TLS record header
  std::vector<Record> records;
  std::string stopped;      // non-empty: why parsing stopped before the end
};

RecordStream ParseRecords(std::span<const std::byte> stream);

}  // namespace openscs::capture::tls
