#pragma once

// Reads the first bytes a TLS client sends -- its ClientHello -- far enough
// to say what it offers: the versions and the cipher suites. `hello send
// --check` uses it to tell whether the server's connect-back to 16993 is a
// TLS-PSK attempt (PSK suites) or a PKI one (RSA suites). Only looks: it
// never answers, so no handshake is ever completed.
//
// Parse() is a pure function of bytes (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2);
// DescribeCipherSuite() asks OpenSSL for a suite's name and key exchange.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace openscs::cli {

inline constexpr uint8_t kTlsRecordHandshake = 22;
inline constexpr uint8_t kTlsHandshakeClientHello = 1;
inline constexpr uint16_t kTlsExtensionSupportedVersions = 43;

struct ClientHello {
  uint16_t record_version = 0;  // of the first record (0x0301 even for TLS 1.2 clients)
  uint16_t client_version = 0;  // legacy_version: the highest version up to TLS 1.2
  // The supported_versions extension (TLS 1.3 clients), GREASE values
  // dropped, in the client's order; empty when absent (the client offers
  // client_version and, as far as the message tells, anything older).
  std::vector<uint16_t> supported_versions;
  std::vector<uint16_t> cipher_suites;  // in the client's order, signalling values included
};

enum class ClientHelloState { kComplete, kNeedMore, kNotClientHello };

struct ClientHelloParse {
  ClientHelloState state = ClientHelloState::kNeedMore;
  ClientHello hello;   // kComplete
  std::string reason;  // kNotClientHello: what is wrong and where
};

// Examines the first bytes of a connection. The ClientHello may span several
// handshake records; reads only complete records of `bytes`.
ClientHelloParse ParseClientHello(std::span<const std::byte> bytes);

struct CipherSuiteInfo {
  std::string name;         // OpenSSL's ("PSK-AES128-CBC-SHA"), or "0x008c" if it has none
  bool psk = false;         // any PSK key exchange (PSK, DHE-PSK, ECDHE-PSK, RSA-PSK)
  bool rsa = false;         // RSA certificate authentication without PSK (RSA, DHE-RSA, ECDHE-RSA)
  bool signalling = false;  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV, GREASE
};

// Thread-safe.
CipherSuiteInfo DescribeCipherSuite(uint16_t suite);

}  // namespace openscs::cli
