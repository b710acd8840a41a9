#include "capture/tls_names.h"

#include <fmt/format.h>

namespace openscs::capture::tls {
namespace {

struct SuiteEntry {
  uint16_t value;
  const char* name;
  KeyExchange key_exchange;
};

// The suites of AMT-era firmware and servers (PSK for Setup Mode PSK, RSA for
// PKI), their modern relatives, and the TLS 1.3 suites.
constexpr SuiteEntry kSuites[] = {
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", KeyExchange::kCertificate},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", KeyExchange::kCertificate},
    {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", KeyExchange::kCertificate},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", KeyExchange::kCertificate},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", KeyExchange::kCertificate},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", KeyExchange::kCertificate},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", KeyExchange::kCertificate},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", KeyExchange::kCertificate},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", KeyExchange::kCertificate},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", KeyExchange::kCertificate},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", KeyExchange::kCertificate},
    {0x008a, "TLS_PSK_WITH_RC4_128_SHA", KeyExchange::kPsk},
    {0x008b, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", KeyExchange::kPsk},
    {0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", KeyExchange::kPsk},
    {0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA", KeyExchange::kPsk},
    {0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", KeyExchange::kPsk},
    {0x008f, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", KeyExchange::kPsk},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", KeyExchange::kPsk},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", KeyExchange::kPsk},
    {0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", KeyExchange::kPsk},
    {0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", KeyExchange::kPsk},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", KeyExchange::kPsk},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", KeyExchange::kPsk},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", KeyExchange::kCertificate},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", KeyExchange::kCertificate},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchange::kCertificate},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", KeyExchange::kCertificate},
    {0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", KeyExchange::kPsk},
    {0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", KeyExchange::kPsk},
    {0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", KeyExchange::kPsk},
    {0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", KeyExchange::kPsk},
    {0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256", KeyExchange::kPsk},
    {0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384", KeyExchange::kPsk},
    {0x1301, "TLS_AES_128_GCM_SHA256", KeyExchange::kUnknown},
    {0x1302, "TLS_AES_256_GCM_SHA384", KeyExchange::kUnknown},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", KeyExchange::kUnknown},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", KeyExchange::kCertificate},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", KeyExchange::kCertificate},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", KeyExchange::kCertificate},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", KeyExchange::kCertificate},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchange::kCertificate},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", KeyExchange::kCertificate},
    {0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", KeyExchange::kPsk},
    {0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", KeyExchange::kPsk},
    {0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", KeyExchange::kPsk},
    {0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", KeyExchange::kPsk},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", KeyExchange::kCertificate},
    {0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", KeyExchange::kPsk},
    {0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", KeyExchange::kPsk},
    {0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", KeyExchange::kPsk},
};

const char* AlertText(uint8_t d) {
  switch (d) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 21: return "decryption_failed";
    case 22: return "record_overflow";
    case 30: return "decompression_failure";
    case 40: return "handshake_failure";
    case 41: return "no_certificate";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 60: return "export_restriction";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return nullptr;
  }
}

}  // namespace

std::string AlertName(uint8_t description) {
  const char* text = AlertText(description);
  return fmt::format("{} ({})", text != nullptr ? text : "unknown alert", description);
}

bool IsCertificateAlert(uint8_t d) { return (d >= 42 && d <= 46) || d == 48 || d == 49; }

std::string HandshakeTypeName(uint8_t type) {
  switch (type) {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";
    case 8: return "EncryptedExtensions";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    default: return fmt::format("handshake type {}", type);
  }
}

std::string VersionName(uint16_t version) {
  switch (version) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return fmt::format("0x{:04x}", version);
  }
}

CipherSuite DescribeCipherSuite(uint16_t suite) {
  for (const SuiteEntry& e : kSuites) {
    if (e.value == suite) return {e.name, e.key_exchange};
  }
  return {fmt::format("0x{:04x}", suite), KeyExchange::kUnknown};
}

}  // namespace openscs::capture::tls
