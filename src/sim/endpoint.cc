#include "sim/endpoint.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sim/sim_device.h"

namespace openscs::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using asio::experimental::awaitable_operators::operator||;

constexpr auto kHandshakeDeadline = 10s;
constexpr auto kIdleDeadline = 30s;   // between requests on a kept-alive connection
constexpr size_t kBodyLimit = 256 * 1024;

asio::awaitable<void> Sleep(std::chrono::nanoseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(d);
  co_await timer.async_wait(asio::use_awaitable);
}

HttpRequest FromBeast(const http::request<http::string_body>& req) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out.headers[name] = std::string(field.value());
  }
  out.body = req.body();
  return out;
}

http::response<http::string_body> ToBeast(const HttpResponse& r, unsigned version) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  for (const auto& [name, value] : r.headers) res.set(name, value);
  res.body() = r.body;
  res.chunked(true);  // real AMT answers with Transfer-Encoding: chunked
  res.keep_alive(!r.close);
  return res;
}

// Serves HTTP requests on an established stream until the peer closes, a
// deadline passes, or a fault says to drop the connection.
template <typename Stream>
asio::awaitable<void> ServeHttp(Stream& stream, SimDevice& device, bool tls) {
  beast::flat_buffer buffer;
  uint32_t served = 0;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    asio::steady_timer idle(co_await asio::this_coro::executor);
    idle.expires_after(kIdleDeadline);
    auto result = co_await (http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable)) ||
                            idle.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (result.index() == 1) co_return;  // idle too long
    auto [ec, bytes] = std::get<0>(result);
    if (ec) {
      if (ec != http::error::end_of_stream && ec != asio::error::eof && ec != asio::ssl::error::stream_truncated) {
        device.Log("warning", fmt::format("HTTP request rejected: {}", ec.message()));
      }
      co_return;
    }
    const auto& fault = device.config().faults;
    if (fault.slow_response != base::Duration{}) {
      co_await Sleep(std::chrono::duration_cast<std::chrono::nanoseconds>(fault.slow_response));
    }
    HttpResponse response = device.Handle(FromBeast(parser.get()), tls);
    ++served;
    if (device.TakeDropFault()) {
      device.Log("warning", fmt::format("fault: dropping the connection at authenticated request {} (request {} on "
                                        "this connection)",
                                        fault.drop_after_requests, served));
      co_return;
    }
    if (!parser.get().keep_alive()) response.close = true;
    auto res = ToBeast(response, parser.get().version());
    auto [wec, written] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (wec || response.close) co_return;
  }
}

asio::awaitable<void> ServeConnection(tcp::socket socket, SimDevice& device, const tls::DeviceTlsContext* tls) {
  const auto now = device.Now();
  const auto state = device.model().provisioning_state();
  if (state == device::ProvisioningState::kIn && !device.model().AcceptsSetupConnection(now)) {
    device.Log("warning", "setup connection refused: the hello window has closed (mode 6)");
    co_return;
  }
  if (tls == nullptr) {
    co_await ServeHttp(socket, device, false);
    co_return;
  }

  const bool setup = state == device::ProvisioningState::kIn;
  const bool psk = setup && !device.model().credentials().pid.empty() && device.model().capabilities().psk_hello;
  const auto mode = !setup ? tls::DeviceTlsMode::kOperational
                    : psk  ? tls::DeviceTlsMode::kSetupPsk
                           : tls::DeviceTlsMode::kSetupPki;
  // The context wraps the shared SSL_CTX without taking it over.
  SSL_CTX_up_ref(tls->native());
  asio::ssl::context context(tls->native());
  asio::ssl::stream<tcp::socket> stream(std::move(socket), context);
  tls->Bind(stream.native_handle(), mode, &device);

  asio::steady_timer deadline(co_await asio::this_coro::executor);
  deadline.expires_after(kHandshakeDeadline);
  auto result = co_await (stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable)) ||
                          deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
  if (result.index() == 1) {
    device.Log("warning", "TLS handshake timed out");
    co_return;
  }
  if (auto [ec] = std::get<0>(result); ec) {
    device.Log("warning", fmt::format("TLS handshake failed ({}): {}",
                                      mode == tls::DeviceTlsMode::kSetupPsk   ? "PSK"
                                      : mode == tls::DeviceTlsMode::kSetupPki ? "PKI"
                                                                              : "operational",
                                      ec.message()));
    co_return;
  }
  co_await ServeHttp(stream, device, true);
  auto [sec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  (void)sec;
}

}  // namespace

asio::awaitable<void> AcceptLoop(std::shared_ptr<tcp::acceptor> acceptor, SimDevice& device,
                                 const tls::DeviceTlsContext* tls) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) {
      // Out of descriptors or similar: back off rather than spin.
      device.Log("error", fmt::format("accept failed: {}", ec.message()));
      co_await Sleep(100ms);
      continue;
    }
    asio::co_spawn(acceptor->get_executor(), ServeConnection(std::move(socket), device, tls), asio::detached);
  }
}

}  // namespace openscs::sim
