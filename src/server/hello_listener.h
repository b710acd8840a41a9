#pragma once

// The TCP 9971 listener. A device in Setup Mode connects, writes one binary
// hello and closes (reference §3.1); there is no reply. Each connection is
// one coroutine with a deadline and a size cap: bytes are read until the
// peer closes (or the deadline passes with a complete hello in hand), then
// decoded with the hello codec.
//
// A browser's "GET /" gets a one-line text banner, because admins test that
// the port is open with a browser; anything else malformed is reported to
// the sink and dropped. The listener never stops for bad input.
//
// Included only by server.cc (it brings Asio in).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "protocol/hello/hello.h"

namespace openscs::server {

struct ReceivedHello {
  hello::Hello hello;
  std::vector<std::string> warnings;  // accepted oddities from the codec
  std::string peer_address;
  uint16_t peer_port = 0;
  base::TimePoint at;
  std::vector<std::byte> raw;  // the message as received (for the trace)
};

// Called on the I/O thread; must not block.
class HelloSink {
 public:
  virtual ~HelloSink() = default;
  virtual void OnHello(ReceivedHello&& hello) = 0;
  // `reason` names the field and offset ("interface_version at offset 2: ...").
  virtual void OnMalformed(const std::string& peer_address, uint16_t peer_port, const std::string& reason,
                           const std::vector<std::byte>& raw) = 0;
  virtual void OnHttpProbe(const std::string& peer_address) = 0;
};

struct HelloListenerOptions {
  std::chrono::milliseconds read_timeout{5000};
  size_t max_bytes = 4096;
  size_t max_connections = 10000;  // beyond this, new connections are closed at once (counted)
};

struct HelloListenerCounters {
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> hellos{0};
  std::atomic<uint64_t> malformed{0};
  std::atomic<uint64_t> http_probes{0};
  std::atomic<uint64_t> refused_over_limit{0};
  std::atomic<size_t> open{0};
};

// Accepts until the acceptor is closed. `sink`, `clock` and `counters` must
// outlive the loop and every connection it spawned.
boost::asio::awaitable<void> HelloAcceptLoop(boost::asio::ip::tcp::acceptor& acceptor, HelloSink& sink,
                                             const base::Clock& clock, HelloListenerOptions options,
                                             HelloListenerCounters& counters);

// The banner a browser sees on the hello port.
std::string HelloPortBanner();

}  // namespace openscs::server
