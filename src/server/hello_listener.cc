#include "server/hello_listener.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <cstring>

#include <fmt/format.h>

namespace openscs::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::experimental::awaitable_operators::operator||;

bool LooksLikeHttp(std::span<const std::byte> bytes) {
  static constexpr std::array<std::string_view, 3> kMethods = {"GET ", "HEAD", "POST"};
  for (auto m : kMethods) {
    if (bytes.size() >= m.size() && std::memcmp(bytes.data(), m.data(), m.size()) == 0) return true;
  }
  return false;
}

bool HasHeaderEnd(std::span<const std::byte> bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return text.find("\r\n\r\n") != std::string_view::npos || text.find("\n\n") != std::string_view::npos;
}

struct OpenGuard {
  std::atomic<size_t>& open;
  ~OpenGuard() { --open; }
};

asio::awaitable<void> ServeConnection(tcp::socket socket, HelloSink& sink, const base::Clock& clock,
                                      HelloListenerOptions options, HelloListenerCounters& counters) {
  OpenGuard guard{counters.open};
  boost::system::error_code ignored;
  const auto remote = socket.remote_endpoint(ignored);
  const std::string peer = remote.address().to_string();
  const uint16_t peer_port = remote.port();

  std::vector<std::byte> data;
  data.reserve(64);
  std::array<std::byte, 1024> chunk{};
  asio::steady_timer deadline(co_await asio::this_coro::executor);
  deadline.expires_after(options.read_timeout);
  bool closed_by_peer = false;  // else the deadline passed with the connection open
  bool too_big = false;
  for (;;) {
    auto result = co_await (socket.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable)) ||
                            deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (result.index() == 1) break;
    auto [ec, n] = std::get<0>(result);
    data.insert(data.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    if (data.size() > options.max_bytes) {
      too_big = true;
      break;
    }
    if (ec) {
      closed_by_peer = true;  // EOF, or a reset after writing: either way the message is what we have
      break;
    }
    if (LooksLikeHttp(data) && HasHeaderEnd(data)) break;
  }

  if (LooksLikeHttp(data)) {
    ++counters.http_probes;
    const std::string banner = HelloPortBanner();
    const std::string reply = fmt::format(
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        banner.size(), banner);
    co_await asio::async_write(socket, asio::buffer(reply), asio::as_tuple(asio::use_awaitable));
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    sink.OnHttpProbe(peer);
    co_return;
  }

  if (too_big) {
    ++counters.malformed;
    sink.OnMalformed(peer, peer_port,
                     fmt::format("more than {} bytes on one connection (a hello is at most 531)", options.max_bytes), data);
    co_return;
  }
  if (data.empty()) {
    // A port scan or a health check that only connects: not a hello, not worth a warning.
    co_return;
  }

  hello::DecodeOutcome outcome;
  if (closed_by_peer) {
    outcome = hello::DecodeWithDetail(data);
  } else {
    // The peer kept the connection open past the deadline. Accept a complete
    // hello that has nothing after it; anything else is reported as cut short.
    const hello::ParseResult parsed = hello::Parse(data);
    if (parsed.state == hello::ParseState::kComplete && parsed.consumed == data.size()) {
      outcome = hello::DecodeWithDetail(data);
    } else if (parsed.state == hello::ParseState::kBad) {
      outcome.error = parsed.error;
    } else {
      outcome.error = parsed.error;
      outcome.error.reason += fmt::format(" (connection still open after {} ms with {} bytes)",
                                          options.read_timeout.count(), data.size());
    }
  }
  if (!outcome.ok) {
    ++counters.malformed;
    sink.OnMalformed(peer, peer_port, outcome.error.ToString(), data);
    co_return;
  }
  ++counters.hellos;
  ReceivedHello received{std::move(outcome.decoded.hello), std::move(outcome.decoded.warnings), peer, peer_port,
                         clock.Now(), std::move(data)};
  sink.OnHello(std::move(received));
}

}  // namespace

std::string HelloPortBanner() {
  return "openscs: this is the Intel AMT hello port (TCP 9971). It is reachable from where you are.\n"
         "Devices in Setup Mode send binary hellos here; see `openscs systems list` and `openscs logs`.\n";
}

asio::awaitable<void> HelloAcceptLoop(tcp::acceptor& acceptor, HelloSink& sink, const base::Clock& clock,
                                      HelloListenerOptions options, HelloListenerCounters& counters) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer backoff(executor);
  while (acceptor.is_open()) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
    if (ec) {
      // Out of descriptors or similar: back off instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    ++counters.connections;
    if (counters.open.load() >= options.max_connections) {
      ++counters.refused_over_limit;
      continue;  // the socket closes here
    }
    ++counters.open;
    asio::co_spawn(executor, ServeConnection(std::move(socket), sink, clock, options, counters), asio::detached);
  }
}

}  // namespace openscs::server
