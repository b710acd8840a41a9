#include "cli/hello_probe.h"

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>

#include "cli/tls_client_hello.h"

namespace openscs::cli {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::experimental::awaitable_operators::operator||;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::string Text(const tcp::endpoint& endpoint) {
  return cli::EndpointText(endpoint.address().to_string(), endpoint.port());
}

class Probe {
 public:
  explicit Probe(const HelloProbeOptions& options) : options_(options), wake_(io_) {}

  HelloProbeOutcome Run() {
    asio::co_spawn(io_, Main(), asio::detached);
    io_.run();
    return outcome_;
  }

 private:
  void Fail(HelloProbeFailure failure, std::string message) {
    outcome_.error.failure = failure;
    outcome_.error.message = std::move(message);
    outcome_.error.hellos_sent = outcome_.result.source_ports.size();
  }

  // The source address the kernel would pick for `to`: a connected UDP
  // socket sends nothing but gets its route's local address.
  bool PickSource(const asio::ip::address& to) {
    boost::system::error_code ec;
    asio::ip::udp::socket probe(io_);
    probe.open(to.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), ec);
    if (!ec) probe.connect(asio::ip::udp::endpoint(to, options_.to_port), ec);
    asio::ip::udp::endpoint local;
    if (!ec) local = probe.local_endpoint(ec);
    if (ec) {
      Fail(HelloProbeFailure::kConnectFailed, fmt::format("no route to {}: {}", to.to_string(), ec.message()));
      return false;
    }
    from_ = local.address();
    return true;
  }

  bool Listen() {
    boost::system::error_code ec;
    const tcp::endpoint at(from_, options_.check_port);
    acceptor_.emplace(io_);
    acceptor_->open(at.protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(at, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string why = ec.message();
      if (ec == asio::error::address_in_use) {
        why =
            "already in use (a device or amtsim listening on that address? stop it, or send from another "
            "address with --from)";
      } else if (ec == boost::system::errc::address_not_available) {
        why = "not an address of this host (--from must be one of this machine's addresses)";
      } else if (ec == asio::error::access_denied) {
        why = "permission denied (a port below 1024 needs privileges)";
      }
      Fail(HelloProbeFailure::kBindCheck,
           fmt::format("cannot listen on {} to stand in for the device: {}", Text(at), why));
      return false;
    }
    outcome_.result.listened_on = Text(at);
    return true;
  }

  asio::awaitable<bool> Send(const std::vector<std::byte>& message) {
    boost::system::error_code ec;
    const tcp::endpoint server(to_, options_.to_port);
    tcp::socket socket(io_);
    socket.open(server.protocol(), ec);
    if (!ec && options_.source_port != 0) socket.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && (bind_from_ || options_.source_port != 0)) {
      socket.bind(tcp::endpoint(bind_from_ ? from_ : asio::ip::address(), options_.source_port), ec);
    }
    if (ec) {
      std::string why = ec.message();
      if (ec == boost::system::errc::address_not_available) why = "not an address of this host";
      if (ec == asio::error::address_in_use) why = "the source port is in use";
      Fail(
          HelloProbeFailure::kBindSource,
          fmt::format("cannot send from {}: {}",
                      cli::EndpointText(bind_from_ ? from_.to_string() : std::string("*"), options_.source_port), why));
      co_return false;
    }
    asio::steady_timer deadline(io_);
    deadline.expires_after(options_.connect_timeout);
    auto connected = co_await (socket.async_connect(server, kTuple) || deadline.async_wait(kTuple));
    if (connected.index() == 1) {
      Fail(
          HelloProbeFailure::kConnectTimeout,
          fmt::format("connect to {} timed out after {} s: no answer (a firewall dropping port {}, or no host at "
                      "that address)",
                      Text(server), std::chrono::duration<double>(options_.connect_timeout).count(), options_.to_port));
      co_return false;
    }
    if (auto [cec] = std::get<0>(connected); cec) {
      if (cec == asio::error::connection_refused) {
        Fail(HelloProbeFailure::kConnectRefused,
             fmt::format("connect to {} refused: nothing listens there (is openscs serve running, on this port? "
                         "a firewall rejecting port {}?)",
                         Text(server), options_.to_port));
      } else if (cec == boost::system::errc::address_not_available && options_.source_port != 0) {
        // The sender closes first, so the previous hello's connection from
        // this port to this server sits in TIME_WAIT (60 s on Linux).
        Fail(HelloProbeFailure::kConnectFailed,
             fmt::format("connect to {} from source port {} failed: the previous connection from that port to this "
                         "server is still in TIME_WAIT (about 60 s after it closed); wait, give a larger --interval, "
                         "or drop --source-port",
                         Text(server), options_.source_port));
      } else {
        Fail(HelloProbeFailure::kConnectFailed, fmt::format("connect to {} failed: {}", Text(server), cec.message()));
      }
      co_return false;
    }
    const tcp::endpoint local = socket.local_endpoint(ec);
    if (outcome_.result.from.empty()) outcome_.result.from = local.address().to_string();
    auto [wec, written] = co_await asio::async_write(socket, asio::buffer(message), kTuple);
    if (wec) {
      Fail(HelloProbeFailure::kWriteFailed, fmt::format("writing the hello to {} failed after {} of {} bytes: {}",
                                                        Text(server), written, message.size(), wec.message()));
      co_return false;
    }
    if (!first_sent_) first_sent_ = options_.clock->Now();
    outcome_.result.source_ports.push_back(local.port());
    // Connect, write, close: the device expects no reply (reference §3.1).
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    co_return true;
  }

  asio::awaitable<void> AcceptOne() {
    auto [ec, socket] = co_await acceptor_->async_accept(kTuple);
    if (ec) co_return;  // closed: the wait is over
    accepted_ = true;
    ConnectBack back;
    boost::system::error_code ignored;
    back.peer = Text(socket.remote_endpoint(ignored));
    back.after = first_sent_ ? options_.clock->Now() - *first_sent_ : base::Duration{};
    asio::steady_timer deadline(io_);
    deadline.expires_after(options_.first_bytes_timeout);
    std::array<std::byte, 4096> buffer;
    while (back.first_bytes.size() < options_.first_bytes_limit &&
           ParseClientHello(back.first_bytes).state == ClientHelloState::kNeedMore) {
      const size_t room = std::min(buffer.size(), options_.first_bytes_limit - back.first_bytes.size());
      auto read =
          co_await (socket.async_read_some(asio::buffer(buffer.data(), room), kTuple) || deadline.async_wait(kTuple));
      if (read.index() == 1) break;
      auto [rec, n] = std::get<0>(read);
      back.first_bytes.insert(back.first_bytes.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(n));
      if (rec) {
        back.peer_closed = rec == asio::error::eof;
        break;
      }
    }
    // We are not the device: we cannot answer the ClientHello, so we hang up.
    socket.close(ignored);
    outcome_.result.connect_back = std::move(back);
    wake_.cancel();
  }

  asio::awaitable<void> Main() {
    boost::system::error_code ec;
    to_ = asio::ip::make_address(options_.to_address, ec);
    if (ec) {
      Fail(HelloProbeFailure::kBadAddress, fmt::format("'{}' is not an IP address", options_.to_address));
      co_return;
    }
    if (!options_.from_address.empty()) {
      from_ = asio::ip::make_address(options_.from_address, ec);
      if (ec || from_.is_v4() != to_.is_v4()) {
        Fail(HelloProbeFailure::kBadAddress, ec ? fmt::format("--from '{}' is not an IP address", options_.from_address)
                                                : fmt::format("--from {} and the server {} are not the same IP version",
                                                              options_.from_address, options_.to_address));
        co_return;
      }
      bind_from_ = true;
    } else if (options_.check) {
      // Listen where the server will connect back: the hello's source.
      if (!PickSource(to_)) co_return;
      bind_from_ = true;
    }
    if (bind_from_) outcome_.result.from = from_.to_string();
    if (options_.check) {
      if (!Listen()) co_return;
      asio::co_spawn(io_, AcceptOne(), asio::detached);
    }
    for (size_t i = 0; i < options_.messages.size(); ++i) {
      if (i > 0) {
        asio::steady_timer pause(io_, options_.interval);
        co_await pause.async_wait(kTuple);
      }
      if (!co_await Send(options_.messages[i])) break;
    }
    if (options_.check) {
      if (outcome_.error.failure == HelloProbeFailure::kNone && !outcome_.result.connect_back) {
        wake_.expires_after(options_.check_timeout);
        co_await wake_.async_wait(kTuple);
        if (accepted_ && !outcome_.result.connect_back) {  // reading its first bytes: bounded by their deadline
          wake_.expires_after(options_.first_bytes_timeout + std::chrono::seconds(1));
          co_await wake_.async_wait(kTuple);
        }
      }
      acceptor_->close(ec);  // ends AcceptOne() if nobody came
    }
  }

  const HelloProbeOptions& options_;
  asio::io_context io_{1};
  asio::steady_timer wake_;  // cancelled by AcceptOne() when it has its result
  asio::ip::address to_;
  asio::ip::address from_;
  bool bind_from_ = false;
  std::optional<tcp::acceptor> acceptor_;
  bool accepted_ = false;
  std::optional<base::TimePoint> first_sent_;
  HelloProbeOutcome outcome_;
};

}  // namespace

std::string EndpointText(const std::string& address, uint16_t port) {
  return address.find(':') == std::string::npos ? fmt::format("{}:{}", address, port)
                                                : fmt::format("[{}]:{}", address, port);
}

bool IsIpAddress(const std::string& text) {
  boost::system::error_code ec;
  asio::ip::make_address(text, ec);
  return !ec;
}

HelloProbeOutcome RunHelloProbe(const HelloProbeOptions& options) { return Probe(options).Run(); }

}  // namespace openscs::cli
