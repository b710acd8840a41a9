#pragma once

// Names of TLS values as the RFCs (and Wireshark) spell them: alert
// descriptions, handshake message types, versions and the cipher suites
// AMT firmware and its servers use, with the key exchange each implies.

#include <cstdint>
#include <string>

namespace openscs::capture::tls {

// RFC 5246 §7.2 / RFC 8446 §6: "decrypt_error (51)".
std::string AlertName(uint8_t description);
// true for the alerts that mean "your certificate": bad_certificate (42),
// unsupported_certificate, certificate_revoked, certificate_expired,
// certificate_unknown, unknown_ca (48), access_denied (49).
bool IsCertificateAlert(uint8_t description);

std::string HandshakeTypeName(uint8_t type);  // "ClientKeyExchange"
std::string VersionName(uint16_t version);    // "TLS 1.2", "0x7f1c"

enum class KeyExchange { kPsk, kCertificate, kUnknown };

struct CipherSuite {
  std::string name;  // "TLS_PSK_WITH_AES_128_CBC_SHA", or "0x1234" when unknown
  KeyExchange key_exchange = KeyExchange::kUnknown;
};
CipherSuite DescribeCipherSuite(uint16_t suite);

}  // namespace openscs::capture::tls
