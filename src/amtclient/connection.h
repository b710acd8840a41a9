#pragma once

// One connection from the server to one device: TCP connect (bounded by a
// deadline), then the TLS handshake the ClientTlsContext says (PSK, PKI,
// operational) or none (plain HTTP on 16992), then HTTP/1.1 POSTs with
// keep-alive, each authenticated with HTTP Digest (RFC 2617, qop=auth):
//  - the first 401 is answered with the configured user and password; the
//    nonce is then reused on later requests with an increasing nc;
//  - a 401 with stale=true is answered again with the new nonce;
//  - a 401 after an answer that was not stale is kDigestRejected.
// Replies may be chunked (real AMT answers so). Every wait has a deadline.
//
// The connection never reconnects by itself: a connection the device closed
// or reset is reported as kConnectionDropped, and the caller decides whether
// the request it was making may be sent again (Connect() again, then retry).
//
// Secrets: the password, the PSK key and every string passed as a secret
// (options.secrets, AddSecret) are replaced by "***" in traces and in every
// Error message this connection and amtclient/calls.h produce.
//
// Threading and lifetime: one coroutine at a time uses a Connection, on one
// executor; Connect() binds it to the calling coroutine's executor. Do not
// destroy it while an operation is in flight, and Close() or destroy it
// before that executor's execution context. No exceptions escape.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "amtclient/error.h"
#include "amtclient/trace.h"
#include "base/clock.h"
#include "base/random.h"
#include "tls/client_tls.h"

namespace openscs::amtclient {

struct ConnectOptions {
  std::string address;  // IP address or host name
  uint16_t port = 16993;
  // The TLS way in; null for plain HTTP. Borrowed: must outlive the Connection.
  const tls::ClientTlsContext* tls = nullptr;
  tls::PskCredentials psk;  // when tls->mode() is kPsk. Secret.
  std::string user = "admin";
  std::string password;  // Digest. Secret.
  std::chrono::milliseconds connect_timeout{5000};    // name lookup + TCP connect
  std::chrono::milliseconds handshake_timeout{10000};
  // One Post(), all its Digest round trips included.
  std::chrono::milliseconds request_timeout{10000};
  std::vector<std::string> secrets;  // more strings to redact (new passwords, PPS, HA1, key PEM)
  TraceSink* trace = nullptr;        // borrowed; may be null
  base::RandomSource random = base::SystemRandom();          // Digest cnonce, WS-Man MessageID
  std::shared_ptr<base::Clock> clock = base::SystemClock();  // durations and the request budget
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

class Connection {
 public:
  // Does no I/O.
  explicit Connection(ConnectOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Closes any previous connection, then connects and handshakes. The Digest
  // state (nonce, nc) carries over to the new connection. Failures:
  // kConnectRefused, kConnectTimeout, kConnectFailed, kTls*, kInvalidUse.
  // On success over TLS the report holds protocol, cipher and the device's
  // certificate fingerprint.
  boost::asio::awaitable<Result<tls::HandshakeReport>> Connect();
  bool is_open() const;
  void Close();

  // One POST of `body` to `target`, with Digest. Returns any reply that is
  // not a 401, whatever its status (the caller judges it). Failures:
  // kDigestRejected, kConnectionDropped (also when not connected: nothing
  // was sent), kTimeout, kBadResponse. After kTimeout or kBadResponse the
  // connection is closed.
  boost::asio::awaitable<Result<HttpReply>> Post(std::string_view target, std::string_view content_type,
                                                 std::string_view soap_action, std::string body);

  // The Digest credentials for the next requests (another password to try
  // after kDigestRejected). The new password is redacted from then on.
  void SetCredentials(std::string user, std::string password);
  // Redacts `secret` from then on (an HA1 computed mid-session).
  void AddSecret(std::string_view secret);
  void set_request_timeout(std::chrono::milliseconds timeout);

  // "uuid:xxxxxxxx-xxxx-..." from options.random.
  std::string NewMessageId();
  // An Error whose message is redacted.
  Error MakeError(ErrorKind kind, std::string_view message, int http_status = 0) const;
  std::string Redact(std::string_view text) const;
  const ConnectOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace openscs::amtclient
