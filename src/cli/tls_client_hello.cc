#include "cli/tls_client_hello.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <optional>

namespace openscs::cli {
namespace {

constexpr size_t kRecordHeaderSize = 5;
constexpr size_t kHandshakeHeaderSize = 4;
constexpr size_t kRandomSize = 32;

// TLS is big-endian (RFC 5246 §4.4); base::ByteReader reads little-endian.
class BigEndianReader {
 public:
  explicit BigEndianReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  std::optional<uint32_t> Read(size_t width) {
    if (remaining() < width) return std::nullopt;
    uint32_t value = 0;
    for (size_t i = 0; i < width; ++i) value = value << 8 | static_cast<uint8_t>(bytes_[offset_ + i]);
    offset_ += width;
    return value;
  }
  std::optional<std::span<const std::byte>> Bytes(size_t count) {
    if (remaining() < count) return std::nullopt;
    auto out = bytes_.subspan(offset_, count);
    offset_ += count;
    return out;
  }

 private:
  std::span<const std::byte> bytes_;
  size_t offset_ = 0;
};

bool IsGrease(uint16_t value) { return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff); }

ClientHelloParse Bad(std::string reason) {
  ClientHelloParse out;
  out.state = ClientHelloState::kNotClientHello;
  out.reason = std::move(reason);
  return out;
}

// The body of a complete ClientHello handshake message (after its 4-byte
// header). Offsets in reasons count from the start of that body.
ClientHelloParse ParseBody(std::span<const std::byte> body, uint16_t record_version) {
  BigEndianReader r(body);
  ClientHelloParse out;
  out.hello.record_version = record_version;
  auto truncated = [&r](std::string_view field) {
    return Bad(fmt::format("ClientHello {} at offset {} is truncated", field, r.offset()));
  };
  auto version = r.Read(2);
  if (!version) return truncated("client_version");
  out.hello.client_version = static_cast<uint16_t>(*version);
  if (!r.Bytes(kRandomSize)) return truncated("random");
  auto session_length = r.Read(1);
  if (!session_length || !r.Bytes(*session_length)) return truncated("session_id");
  auto suites_length = r.Read(2);
  if (!suites_length) return truncated("cipher_suites length");
  if (*suites_length % 2 != 0) return Bad(fmt::format("ClientHello cipher_suites length {} is odd", *suites_length));
  auto suites = r.Bytes(*suites_length);
  if (!suites) return truncated("cipher_suites");
  BigEndianReader s(*suites);
  while (auto suite = s.Read(2)) out.hello.cipher_suites.push_back(static_cast<uint16_t>(*suite));
  auto compression_length = r.Read(1);
  if (!compression_length || !r.Bytes(*compression_length)) return truncated("compression_methods");
  if (r.remaining() == 0) {  // no extensions (allowed before TLS 1.3)
    out.state = ClientHelloState::kComplete;
    return out;
  }
  auto extensions_length = r.Read(2);
  if (!extensions_length) return truncated("extensions length");
  auto extensions = r.Bytes(*extensions_length);
  if (!extensions) return truncated("extensions");
  BigEndianReader e(*extensions);
  while (e.remaining() > 0) {
    auto type = e.Read(2);
    auto length = e.Read(2);
    if (!type || !length) return Bad("ClientHello extension header is truncated");
    auto data = e.Bytes(*length);
    if (!data) return Bad(fmt::format("ClientHello extension {} is truncated", *type));
    if (*type != kTlsExtensionSupportedVersions) continue;
    BigEndianReader v(*data);
    auto list_length = v.Read(1);
    if (!list_length || *list_length != v.remaining() || *list_length % 2 != 0) {
      return Bad("ClientHello supported_versions extension is malformed");
    }
    while (auto offered = v.Read(2)) {
      if (!IsGrease(static_cast<uint16_t>(*offered))) {
        out.hello.supported_versions.push_back(static_cast<uint16_t>(*offered));
      }
    }
  }
  out.state = ClientHelloState::kComplete;
  return out;
}

}  // namespace

ClientHelloParse ParseClientHello(std::span<const std::byte> bytes) {
  // Gather handshake bytes from consecutive handshake records until the
  // first handshake message is whole.
  std::vector<std::byte> handshake;
  BigEndianReader r(bytes);
  uint16_t record_version = 0;
  for (bool first = true;; first = false) {
    if (handshake.size() >= kHandshakeHeaderSize) {
      BigEndianReader h(handshake);
      const uint32_t type = *h.Read(1);
      const uint32_t length = *h.Read(3);
      if (type != kTlsHandshakeClientHello) {
        return Bad(fmt::format("first handshake message is type {}, not ClientHello (1)", type));
      }
      if (handshake.size() >= kHandshakeHeaderSize + length) {
        return ParseBody(std::span(handshake).subspan(kHandshakeHeaderSize, length), record_version);
      }
    }
    const size_t record_offset = r.offset();
    auto type = r.Read(1);
    if (!type) return {};
    if (*type != kTlsRecordHandshake) {
      if (first && bytes.size() >= 3 && static_cast<uint8_t>(bytes[2]) == 1 && (*type & 0x80) != 0) {
        return Bad("an SSL 2.0-style ClientHello");
      }
      return Bad(fmt::format("record at offset {} has content type {}, not handshake (22)", record_offset, *type));
    }
    auto version = r.Read(2);
    if (!version) return {};
    if ((*version >> 8) != 3)
      return Bad(fmt::format("record at offset {} has version 0x{:04x}", record_offset, *version));
    if (first) record_version = static_cast<uint16_t>(*version);
    auto length = r.Read(2);
    if (!length) return {};
    auto fragment = r.Bytes(*length);
    if (!fragment) return {};
    handshake.insert(handshake.end(), fragment->begin(), fragment->end());
  }
}

CipherSuiteInfo DescribeCipherSuite(uint16_t suite) {
  CipherSuiteInfo info;
  if (suite == 0x00ff || suite == 0x5600 || IsGrease(suite)) {
    info.signalling = true;
    info.name = suite == 0x00ff ? "EMPTY_RENEGOTIATION_INFO_SCSV" : suite == 0x5600 ? "FALLBACK_SCSV" : "GREASE";
    return info;
  }
  info.name = fmt::format("0x{:04x}", suite);
  // SSL_CIPHER_find() searches every suite this OpenSSL knows, whatever a
  // context's cipher list says; one SSL object serves all lookups.
  static SSL* const lookup = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_method());
    return ctx == nullptr ? nullptr : SSL_new(ctx);
  }();
  if (lookup == nullptr) return info;
  const unsigned char wire[2] = {static_cast<unsigned char>(suite >> 8), static_cast<unsigned char>(suite & 0xff)};
  const SSL_CIPHER* cipher = SSL_CIPHER_find(lookup, wire);
  if (cipher == nullptr) return info;
  info.name = SSL_CIPHER_get_name(cipher);
  const int kx = SSL_CIPHER_get_kx_nid(cipher);
  const int auth = SSL_CIPHER_get_auth_nid(cipher);
  info.psk = kx == NID_kx_psk || kx == NID_kx_dhe_psk || kx == NID_kx_ecdhe_psk || kx == NID_kx_rsa_psk;
  info.rsa = !info.psk && auth == NID_auth_rsa;
  return info;
}

}  // namespace openscs::cli
