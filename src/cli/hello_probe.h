#pragma once

// The network side of `openscs hello send`: sends hellos to a server as a
// device would (connect, write the whole message, close; reference §3.1) and,
// for --check, stands in for the device's TLS port 16993 to see whether the
// server connects back.
//
// Blocking: RunHelloProbe() runs its own one-thread io_context and returns
// when every hello is sent and, with a check, the server has connected back
// or the wait is over. Every network wait has a deadline.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace openscs::cli {

struct HelloProbeOptions {
  std::string to_address;  // an IP address (IPv4 or IPv6); names are resolved by the caller
  uint16_t to_port = 9971;
  // Bind the hellos' source to this address (a device on that address).
  // Empty: the address the kernel picks for `to_address`.
  std::string from_address;
  // Bind the hellos' source port (the seed saw 16994). 0: ephemeral. A fixed
  // port is bound with SO_REUSEADDR, but the sender closes first, so each
  // connection leaves that port to that server in TIME_WAIT: a second hello
  // to the same server within about 60 s may fail (Linux lets loopback reuse
  // it after 1 s).
  uint16_t source_port = 0;
  std::chrono::milliseconds connect_timeout{5000};
  // One message per hello, sent `interval` apart (the first at once).
  std::vector<std::vector<std::byte>> messages;
  std::chrono::milliseconds interval{0};

  // --check: listen on the source address's `check_port` before the first
  // hello; wait up to `check_timeout` after the last one for a connection.
  bool check = false;
  uint16_t check_port = 16993;
  std::chrono::milliseconds check_timeout{30000};
  // After the server connects back: how long to wait for its first bytes,
  // and how many to keep at most.
  std::chrono::milliseconds first_bytes_timeout{5000};
  size_t first_bytes_limit = 16384;

  std::shared_ptr<base::Clock> clock = base::SystemClock();  // "connected back after N s"
};

struct ConnectBack {
  std::string peer;                    // "127.67.1.1:43210" ("[::1]:43210" for IPv6)
  base::Duration after{};              // since the first hello was written
  std::vector<std::byte> first_bytes;  // up to first_bytes_limit, until a ClientHello is whole, EOF or timeout
  bool peer_closed = false;            // EOF before a ClientHello was whole
};

struct HelloProbeResult {
  std::string from;                         // the source address the hellos left from
  std::vector<uint16_t> source_ports;       // one per hello sent
  std::string listened_on;                  // --check: "ADDRESS:PORT"
  std::optional<ConnectBack> connect_back;  // --check: nullopt when nobody connected in time
};

// What went wrong, so the caller can name the likely cause.
enum class HelloProbeFailure {
  kNone,
  kBadAddress,      // to/from is not an IP address, or families differ
  kBindSource,      // cannot bind the source address/port
  kBindCheck,       // cannot listen on FROM:check_port (in use, e.g. by a device, or not local)
  kConnectRefused,  // RST: nothing listens on the server's port
  kConnectTimeout,  // no answer within connect_timeout (filtered, or no such host)
  kConnectFailed,   // any other connect error (network unreachable, ...)
  kWriteFailed,
};

struct HelloProbeError {
  HelloProbeFailure failure = HelloProbeFailure::kNone;
  std::string message;     // names the address and what happened
  size_t hellos_sent = 0;  // before the failure
};

// Ok: every hello was sent (and, with check, the wait ended either way).
// The error of the first step that failed otherwise.
struct HelloProbeOutcome {
  HelloProbeResult result;
  HelloProbeError error;
  bool ok() const { return error.failure == HelloProbeFailure::kNone; }
};

HelloProbeOutcome RunHelloProbe(const HelloProbeOptions& options);

// True for an IPv4 or IPv6 address in text form (not a name).
bool IsIpAddress(const std::string& text);

// "ADDRESS:PORT", or "[ADDRESS]:PORT" for IPv6.
std::string EndpointText(const std::string& address, uint16_t port);

}  // namespace openscs::cli
