#pragma once

// The trace hook: every connection attempt (TCP + TLS handshake) and every
// HTTP request/response pair a Connection makes, for a per-device log and
// for support. Bodies are redacted before they get here: each password,
// PPS, HA1 and private key the Connection was given reads "***".

#include <chrono>
#include <cstdint>
#include <string>

namespace openscs::amtclient {

struct HandshakeTrace {
  std::string address;
  uint16_t port = 0;
  std::string transport;   // "plain", "psk", "pki", "operational"
  bool ok = false;
  std::string error_kind;  // ErrorKindName() when !ok
  std::string detail;      // redacted; what the handshake or connect showed
  std::string protocol;    // "TLSv1.2" when ok over TLS
  std::string cipher;
  std::string device_cert_sha256;  // lower-case hex, TLS with a device certificate
  std::chrono::nanoseconds duration{};
};

struct ExchangeTrace {
  std::string method;       // "POST"
  std::string target;       // "/SecurityAdministrationService", "/wsman"
  std::string soap_action;  // SOAPAction header ("" for WS-Man: the action is in the envelope)
  int http_status = 0;      // 0 when no reply arrived
  std::string error_kind;   // ErrorKindName() when the exchange failed, else ""
  std::chrono::nanoseconds duration{};
  std::string request_body;   // redacted
  std::string response_body;  // redacted
};

// Called on the thread running the connection's coroutine, synchronously:
// keep it short. Must outlive the Connection it is given to.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void OnHandshake(const HandshakeTrace& trace) = 0;
  virtual void OnExchange(const ExchangeTrace& trace) = 0;
};

}  // namespace openscs::amtclient
