#pragma once

// The device side of TLS on 16993: one shared OpenSSL context for every
// simulated device in a process (an SSL_CTX is tens of KiB; thousands of
// devices share it), with per-connection binding to the device whose address
// accepted the connection.
//
// Setup Mode TLS-PSK: PSK cipher suites only; the PSK identity is the PID and
// the key the device's PPS (pidpps::DeriveTlsPsk). Setup Mode PKI: RSA key
// exchange with the process's self-signed certificate, and the server's
// client certificate chain checked as reference §5.3 says
// (provisioning_cert.h). Operational: server certificate only.

#include <openssl/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "tls/provisioning_cert.h"

namespace openscs::tls {

// What a handshake asks of the device it is for. Called on the thread running
// the handshake; the object must outlive the connection.
class DeviceTlsPolicy {
 public:
  virtual ~DeviceTlsPolicy() = default;
  // The PSK key bytes for `identity`, or nullopt for an unknown identity.
  virtual std::optional<std::string> PskKeyFor(std::string_view identity) = 0;
  // What to check the server's provisioning chain against.
  virtual CertCheckInput PkiCheckInput() = 0;
  // Every refusal, with a stable reason code ("unknown_psk_identity",
  // "root_hash_not_enabled", ...) and a detail without secrets.
  virtual void OnRefused(std::string_view reason_code, std::string_view detail) = 0;
};

enum class DeviceTlsMode { kSetupPsk, kSetupPki, kOperational };

struct DeviceTlsOptions {
  // Accept TLS 1.0 (AMT before 12). OpenSSL 3 then runs at security level 0
  // for this context only, as legacy firmware needs.
  bool allow_tls10 = true;
  // Suites offered (reference §4.2 [L]: no primary source; these are what
  // the era's servers negotiate). RC4 is not in Debian's OpenSSL 3.
  std::string psk_ciphers = "PSK-AES128-CBC-SHA:PSK-AES256-CBC-SHA:PSK-3DES-EDE-CBC-SHA";
  std::string rsa_ciphers = "AES128-SHA:AES256-SHA:DES-CBC3-SHA";
  int rsa_bits = 2048;  // the self-signed device certificate's key
};

class DeviceTlsContext {
 public:
  static base::Result<std::unique_ptr<DeviceTlsContext>> Create(const DeviceTlsOptions& options);
  ~DeviceTlsContext();
  DeviceTlsContext(const DeviceTlsContext&) = delete;
  DeviceTlsContext& operator=(const DeviceTlsContext&) = delete;

  // The context; owned by this object (up-ref it to hand ownership on).
  SSL_CTX* native() const { return ctx_; }

  // Prepares a new connection's SSL for `mode` and binds it to `policy`.
  void Bind(SSL* ssl, DeviceTlsMode mode, DeviceTlsPolicy* policy) const;

 private:
  DeviceTlsContext(SSL_CTX* ctx, DeviceTlsOptions options) : ctx_(ctx), options_(std::move(options)) {}
  SSL_CTX* ctx_;
  DeviceTlsOptions options_;
};

}  // namespace openscs::tls
