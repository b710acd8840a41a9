#pragma once

// What can go wrong when the server talks to one device, as kinds a caller
// can act on (retry, reconnect, give up, tell the admin), and the Result<T>
// every amtclient call returns. Messages name what failed and where (address,
// target, method) and never hold a secret: Connection redacts them.

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace openscs::amtclient {

enum class ErrorKind {
  kConnectRefused,         // TCP: nothing listens (RST); safe to retry
  kConnectTimeout,         // TCP: no answer within the connect deadline; safe to retry
  kConnectFailed,          // TCP: anything else (unreachable network, bad address)
  kTlsPskMismatch,         // the device could not decrypt our Finished: other PPS
  kTlsUnknownIdentity,     // the device does not know our PSK identity (PID)
  kTlsCertificateRefused,  // the device refused our provisioning chain; tls_alert says how
  kTlsVersionRefused,      // no TLS version both ends allow
  kTlsTimeout,             // the handshake did not finish within its deadline
  kTlsFailed,              // any other handshake failure; the message says what was seen
  kDigestRejected,         // a 401 again after answering the challenge: wrong user or password
  kConnectionDropped,      // closed or reset by the device with a request outstanding, or before one was sent
  kTimeout,                // no complete response within the request deadline (connection closed)
  kHttpStatus,             // an HTTP status the call does not expect (404: no such service)
  kSoapFault,              // a SOAP 1.1 Fault (legacy services)
  kWsmanFault,             // a SOAP 1.2 / WS-Management Fault; fault_subcode says which
  kBadResponse,            // a reply that does not parse or does not answer the request
  kInvalidUse,             // the caller's mistake: not connected, missing PSK, ...
};

// Stable snake_case names: "connect_refused", "tls_psk_mismatch", ...
std::string_view ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInvalidUse;
  std::string message;
  int http_status = 0;        // when a reply arrived
  std::string fault_subcode;  // kWsmanFault: "DestinationUnreachable", ...
  std::string tls_alert;      // kTls*: RFC alert name, "" if none

  // "<kind name>: <message>"
  std::string ToString() const;
};

// A value of T or the Error that says why there is none, shaped like
// base::Result (and so like std::expected). Accessing the wrong side asserts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}    // NOLINT: implicit like std::expected
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  const Error& error() const {
    assert(!has_value());
    return std::get<1>(data_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> data_;
};

}  // namespace openscs::amtclient
