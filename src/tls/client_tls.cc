#include "tls/client_tls.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "base/hex.h"
#include "tls/cert_factory.h"

namespace openscs::tls {
namespace {

// TLS alert descriptions (RFC 5246 §7.2, RFC 4279 §2, RFC 8446 §6).
constexpr int kAlertBadRecordMac = 20;
constexpr int kAlertDecryptionFailed = 21;
constexpr int kAlertHandshakeFailure = 40;
constexpr int kAlertDecryptError = 51;
constexpr int kAlertProtocolVersion = 70;
constexpr int kAlertUnknownPskIdentity = 115;

// Handshake message types (RFC 5246 §7.4).
constexpr int kMsgServerHello = 2;
constexpr int kMsgCertificate = 11;
constexpr int kMsgClientKeyExchange = 16;

// What one connection brings and what its handshake showed. Lives in the
// SSL's ex_data and dies with the SSL.
struct ConnectionRecord {
  ClientTlsMode mode = ClientTlsMode::kOperational;
  std::string identity;
  std::string key;
  bool got_server_hello = false;
  bool sent_certificate = false;
  bool sent_key_exchange = false;
  int last_sent = -1;      // handshake message type
  int last_received = -1;
  int alert = -1;          // first fatal alert, either way
  bool alert_from_device = false;

  ~ConnectionRecord() { OPENSSL_cleanse(key.data(), key.size()); }
};

void FreeRecord(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) { delete static_cast<ConnectionRecord*>(ptr); }

int RecordIndex() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, FreeRecord);
  return index;
}

ConnectionRecord* RecordOf(const SSL* ssl) {
  return static_cast<ConnectionRecord*>(SSL_get_ex_data(ssl, RecordIndex()));
}

unsigned int PskClientCallback(SSL* ssl, const char* /*hint: AMT may send one; ignored (§4.3)*/, char* identity,
                               unsigned int max_identity_len, unsigned char* psk, unsigned int max_psk_len) {
  const ConnectionRecord* record = RecordOf(ssl);
  if (record == nullptr || record->identity.empty() || record->key.empty()) return 0;
  if (record->identity.size() + 1 > max_identity_len || record->key.size() > max_psk_len) return 0;
  std::memcpy(identity, record->identity.c_str(), record->identity.size() + 1);
  std::memcpy(psk, record->key.data(), record->key.size());
  return static_cast<unsigned int>(record->key.size());
}

// Watches handshake messages and alerts, so that a failure can be told
// apart by where it happened and what the device said.
void MessageCallback(int write_p, int, int content_type, const void* buf, size_t len, SSL* ssl, void*) {
  ConnectionRecord* record = RecordOf(ssl);
  if (record == nullptr || len == 0) return;
  const auto* bytes = static_cast<const unsigned char*>(buf);
  if (content_type == SSL3_RT_HANDSHAKE) {
    const int type = bytes[0];
    if (write_p != 0) {
      record->last_sent = type;
      if (type == kMsgCertificate) record->sent_certificate = true;
      if (type == kMsgClientKeyExchange) record->sent_key_exchange = true;
    } else {
      record->last_received = type;
      if (type == kMsgServerHello) record->got_server_hello = true;
    }
  } else if (content_type == SSL3_RT_ALERT && len >= 2 && bytes[0] == SSL3_AL_FATAL && record->alert < 0) {
    record->alert = bytes[1];
    record->alert_from_device = write_p == 0;
  }
}

std::string OpensslError(std::string_view what) {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return fmt::format("{}: {}", what, text.data());
}

std::string_view MessageName(int type) {
  switch (type) {
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    default: return "no handshake message";
  }
}

base::Result<SSL_CTX*> MakeContext(const ClientTlsOptions& options, const std::string& ciphers) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr) return base::Internal(OpensslError("SSL_CTX_new"));
  // The security level first: it also governs which certificates and keys
  // the context accepts below.
  SSL_CTX_set_security_level(ctx, options.allow_tls10 ? 0 : 1);
  SSL_CTX_set_min_proto_version(ctx, options.allow_tls10 ? TLS1_VERSION : TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  // The device's certificate is self-signed in every mode (reference §5.3):
  // there is no CA to check it against. Operational callers pin the
  // fingerprint InspectHandshake() reports instead.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_msg_callback(ctx, MessageCallback);
  if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    const std::string error = OpensslError(fmt::format("client TLS cipher list '{}'", ciphers));
    SSL_CTX_free(ctx);
    return base::InvalidArgument(error);
  }
  return ctx;
}

}  // namespace

std::string_view HandshakeFailureName(HandshakeFailure failure) {
  switch (failure) {
    case HandshakeFailure::kNone: return "none";
    case HandshakeFailure::kPskMismatch: return "psk_mismatch";
    case HandshakeFailure::kUnknownIdentity: return "unknown_identity";
    case HandshakeFailure::kCertificateRefused: return "certificate_refused";
    case HandshakeFailure::kVersionRefused: return "version_refused";
    case HandshakeFailure::kOther: return "other";
  }
  return "other";
}

std::string AlertName(int description) {
  switch (description) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case kAlertBadRecordMac: return "bad_record_mac";
    case kAlertDecryptionFailed: return "decryption_failed";
    case 22: return "record_overflow";
    case 30: return "decompression_failure";
    case kAlertHandshakeFailure: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case kAlertDecryptError: return "decrypt_error";
    case kAlertProtocolVersion: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case kAlertUnknownPskIdentity: return "unknown_psk_identity";
    default: return fmt::format("alert_{}", description);
  }
}

base::Result<std::unique_ptr<ClientTlsContext>> ClientTlsContext::CreatePsk(const ClientTlsOptions& options) {
  auto ctx = MakeContext(options, options.psk_ciphers);
  if (!ctx) return ctx.error();
  SSL_CTX_set_psk_client_callback(*ctx, PskClientCallback);
  return std::unique_ptr<ClientTlsContext>(new ClientTlsContext(*ctx, ClientTlsMode::kPsk));
}

base::Result<std::unique_ptr<ClientTlsContext>> ClientTlsContext::CreatePki(std::string_view chain_pem,
                                                                            std::string_view key_pem,
                                                                            const ClientTlsOptions& options) {
  auto chain = CertificatesFromPem(chain_pem);
  if (!chain) return chain.error().WithContext("provisioning certificate chain");
  auto key = KeyFromPem(key_pem);
  if (!key) return base::InvalidArgument("provisioning private key: no PEM private key could be read");
  auto ctx = MakeContext(options, options.rsa_ciphers);
  if (!ctx) return ctx.error();
  std::unique_ptr<ClientTlsContext> out(new ClientTlsContext(*ctx, ClientTlsMode::kPki));
  if (SSL_CTX_use_certificate(*ctx, chain->front().get()) != 1) {
    return base::InvalidArgument(OpensslError("provisioning certificate (first in the chain)"));
  }
  // Every certificate after the leaf goes out as sent: the device checks the
  // root's hash, so the root must be in the Certificate message too.
  for (size_t i = 1; i < chain->size(); ++i) {
    if (SSL_CTX_add1_chain_cert(*ctx, (*chain)[i].get()) != 1) {
      return base::InvalidArgument(OpensslError(fmt::format("provisioning chain certificate {}", i + 1)));
    }
  }
  if (X509_check_private_key(chain->front().get(), key->get()) != 1) {
    ERR_clear_error();
    return base::InvalidArgument("provisioning private key does not belong to the first certificate of the chain");
  }
  if (SSL_CTX_use_PrivateKey(*ctx, key->get()) != 1) {
    ERR_clear_error();
    return base::InvalidArgument("provisioning private key: OpenSSL refused it (type or size)");
  }
  return out;
}

base::Result<std::unique_ptr<ClientTlsContext>> ClientTlsContext::CreateOperational(const ClientTlsOptions& options) {
  auto ctx = MakeContext(options, options.rsa_ciphers);
  if (!ctx) return ctx.error();
  return std::unique_ptr<ClientTlsContext>(new ClientTlsContext(*ctx, ClientTlsMode::kOperational));
}

ClientTlsContext::~ClientTlsContext() { SSL_CTX_free(ctx_); }

base::Status ClientTlsContext::Bind(SSL* ssl, const PskCredentials* psk) const {
  if (RecordOf(ssl) != nullptr) return base::FailedPrecondition("TLS connection is already bound");
  auto record = std::make_unique<ConnectionRecord>();
  record->mode = mode_;
  if (mode_ == ClientTlsMode::kPsk) {
    if (psk == nullptr || psk->identity.empty() || psk->key.empty()) {
      return base::InvalidArgument("TLS-PSK connection needs a PSK identity (PID) and key (PPS)");
    }
    record->identity = psk->identity;
    record->key = psk->key;
  }
  if (SSL_set_ex_data(ssl, RecordIndex(), record.get()) != 1) return base::Internal(OpensslError("SSL_set_ex_data"));
  record.release();  // owned by the SSL now: FreeRecord runs with SSL_free
  return base::Status::Ok();
}

HandshakeReport InspectHandshake(SSL* ssl, bool completed, unsigned long openssl_error) {
  HandshakeReport report;
  if (X509* cert = SSL_get0_peer_certificate(ssl)) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (X509_digest(cert, EVP_sha256(), md.data(), &len) == 1) {
      report.device_cert_sha256 = base::ToHex(std::as_bytes(std::span(md.data(), len)));
    }
  }
  if (completed) {
    report.protocol = SSL_get_version(ssl);
    report.cipher = SSL_get_cipher_name(ssl);
    return report;
  }

  const ConnectionRecord empty;
  const ConnectionRecord* record = RecordOf(ssl);
  if (record == nullptr) record = &empty;
  const int reason = openssl_error != 0 && ERR_GET_LIB(openssl_error) == ERR_LIB_SSL ? ERR_GET_REASON(openssl_error) : 0;
  const std::string where = record->last_sent < 0 && record->last_received < 0
                          ? std::string("before any handshake message")
                          : fmt::format("after we sent {} and the device sent {}", MessageName(record->last_sent),
                                        MessageName(record->last_received));
  if (record->alert >= 0) {
    report.alert = AlertName(record->alert);
    report.alert_from_device = record->alert_from_device;
  }
  const int alert = record->alert;
  const bool from_device = record->alert_from_device;

  if (alert == kAlertProtocolVersion || reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_NO_PROTOCOLS_AVAILABLE) {
    report.failure = HandshakeFailure::kVersionRefused;
  } else if (alert == kAlertUnknownPskIdentity && from_device) {
    report.failure = HandshakeFailure::kUnknownIdentity;
  } else if (record->mode == ClientTlsMode::kPsk && record->sent_key_exchange &&
             (alert == kAlertBadRecordMac || alert == kAlertDecryptionFailed || alert == kAlertDecryptError)) {
    // The device (or we, reading its Finished) could not decrypt: both ends
    // derived different keys, so the PPS differs.
    report.failure = HandshakeFailure::kPskMismatch;
  } else if (record->mode == ClientTlsMode::kPki && record->sent_certificate && from_device &&
             (alert == kAlertHandshakeFailure || (alert >= 42 && alert <= 49 && alert != 47))) {
    report.failure = HandshakeFailure::kCertificateRefused;
  } else {
    report.failure = HandshakeFailure::kOther;
  }

  std::string said;
  if (alert >= 0) {
    said = fmt::format("{} alert {}", from_device ? "the device sent" : "we sent", report.alert);
  } else if (openssl_error != 0) {
    std::array<char, 256> text{};
    ERR_error_string_n(openssl_error, text.data(), text.size());
    said = text.data();
  } else {
    said = "the device closed the connection";
  }
  report.detail = fmt::format("TLS handshake failed {}: {}", where, said);
  if (report.failure == HandshakeFailure::kOther && alert < 0 && record->mode == ClientTlsMode::kPsk &&
      record->sent_key_exchange) {
    report.detail += " (right after the PSK key exchange: a PPS that differs is a likely cause)";
  }
  return report;
}

}  // namespace openscs::tls
