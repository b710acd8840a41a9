#pragma once

// The server's side of TLS when it connects back to a device on 16993: AMT
// is the TLS server, the provisioning server the client (reference §4.2).
//
// One ClientTlsContext per way in, shareable by any number of connections:
//  - kPsk (Setup Mode TLS-PSK, reference §4.3): PSK suites only. The PSK
//    identity and key belong to one connection and are bound to its SSL by
//    Bind(), never to the shared context, so two handshakes running at once
//    cannot see each other's keys.
//  - kPki (Remote Configuration, reference §5.3): the provisioning chain,
//    leaf first, as the client certificate with every certificate of the
//    chain sent (the device cannot fetch intermediates). The device's own
//    certificate is self-signed and not checked: the device authenticates
//    us, not we it, during setup.
//  - kOperational (after CommitChanges): no client certificate; the device's
//    self-signed certificate is not checked against a CA either, but its
//    SHA-256 fingerprint is reported so the caller can log or pin it.
// All modes speak TLS 1.2 at most: PSK here is the TLS 1.2 kind, and TLS 1.2
// covers every AMT version this server provisions.
//
// Thread-safety: a context is immutable after Create*() and may be used from
// any thread; Bind() and InspectHandshake() touch only the SSL they are given.

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::tls {

enum class ClientTlsMode { kPsk, kPki, kOperational };

struct ClientTlsOptions {
  // Also offer TLS 1.0 and 1.1 for firmware that has nothing newer (AMT
  // before 12 may lack TLS 1.2). Off by default: when on, this context alone
  // runs at OpenSSL security level 0, which also admits weak suites and keys.
  bool allow_tls10 = false;
  // Suites for kPsk (reference §4.2 [L]; RC4 is not in Debian's OpenSSL 3).
  std::string psk_ciphers = "PSK-AES128-CBC-SHA:PSK-AES256-CBC-SHA:PSK-3DES-EDE-CBC-SHA";
  // Suites for kPki and kOperational: forward-secret suites for firmware
  // that has them first, then the RSA key exchange legacy firmware expects.
  std::string rsa_ciphers =
      "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:AES256-SHA:DES-CBC3-SHA";
};

// One connection's TLS-PSK (RFC 4279). `key` is as secret as the PPS.
struct PskCredentials {
  std::string identity;  // the compact PID, "0000037M"
  std::string key;       // the compact PPS as ASCII bytes (pidpps::DeriveTlsPsk)
};

// Why a handshake failed, as far as the TLS messages tell.
enum class HandshakeFailure {
  kNone,
  kPskMismatch,         // bad_record_mac / decrypt_error after our ClientKeyExchange
  kUnknownIdentity,     // unknown_psk_identity: the device has another PID
  kCertificateRefused,  // the device refused our provisioning chain (alert names why)
  kVersionRefused,      // no TLS version both sides allow (protocol_version)
  kOther,               // anything else; `detail` says what was seen
};

// Stable names: "psk_mismatch", "unknown_identity", "certificate_refused", ...
std::string_view HandshakeFailureName(HandshakeFailure failure);

struct HandshakeReport {
  HandshakeFailure failure = HandshakeFailure::kNone;
  std::string alert;           // RFC name of the fatal alert ("bad_record_mac"), empty if none
  bool alert_from_device = false;  // false: we sent it
  std::string detail;          // what happened, for logs; never holds a key
  std::string protocol;        // "TLSv1.2" once negotiated
  std::string cipher;          // "PSK-AES128-CBC-SHA" once negotiated
  std::string device_cert_sha256;  // lower-case hex; empty without a device certificate

  bool ok() const { return failure == HandshakeFailure::kNone; }
};

class ClientTlsContext {
 public:
  static base::Result<std::unique_ptr<ClientTlsContext>> CreatePsk(const ClientTlsOptions& options = {});
  // `chain_pem`: the provisioning certificate first, then its intermediates
  // and root; `key_pem`: the leaf's private key (unencrypted PEM). Errors
  // name which input is wrong and never echo the key.
  static base::Result<std::unique_ptr<ClientTlsContext>> CreatePki(std::string_view chain_pem,
                                                                   std::string_view key_pem,
                                                                   const ClientTlsOptions& options = {});
  static base::Result<std::unique_ptr<ClientTlsContext>> CreateOperational(const ClientTlsOptions& options = {});
  ~ClientTlsContext();
  ClientTlsContext(const ClientTlsContext&) = delete;
  ClientTlsContext& operator=(const ClientTlsContext&) = delete;

  // Owned by this object; up-ref it to hand a reference on.
  SSL_CTX* native() const { return ctx_; }
  ClientTlsMode mode() const { return mode_; }

  // Prepares `ssl`, made from native(), for one handshake: attaches the
  // per-connection record (freed with the SSL, the key wiped) holding a copy
  // of `psk`. kPsk needs `psk` with a non-empty identity and key; the other
  // modes ignore it. Call once per SSL, before the handshake.
  base::Status Bind(SSL* ssl, const PskCredentials* psk = nullptr) const;

 private:
  ClientTlsContext(SSL_CTX* ctx, ClientTlsMode mode) : ctx_(ctx), mode_(mode) {}
  SSL_CTX* ctx_;
  ClientTlsMode mode_;
};

// What the handshake on a Bind()-prepared `ssl` says: `completed` is whether
// it finished; `openssl_error` the OpenSSL error code it failed with (0 if
// none, e.g. the peer just closed). Reads the TLS messages and alerts the
// record saw; on success fills protocol, cipher and the device fingerprint.
HandshakeReport InspectHandshake(SSL* ssl, bool completed, unsigned long openssl_error);

// RFC 5246/8446 name of a TLS alert description ("bad_record_mac"), or
// "alert_<n>" for one without a name here.
std::string AlertName(int description);

}  // namespace openscs::tls
