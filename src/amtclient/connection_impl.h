#pragma once

// Internal to amtclient: the state behind a Connection, shared by
// connect.cc (TCP and TLS) and connection.cc (HTTP and Digest).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "amtclient/connection.h"
#include "amtclient/redactor.h"
#include "http/digest.h"

namespace openscs::amtclient {

using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream>;
using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// "plain", "psk", "pki", "operational".
std::string TransportName(const tls::ClientTlsContext* tls);

struct Connection::Impl {
  explicit Impl(ConnectOptions o) : options(std::move(o)) {
    redactor.Add(options.password);
    redactor.Add(options.psk.key);
    for (const auto& s : options.secrets) redactor.Add(s);
  }

  boost::beast::tcp_stream& Lowest() { return tls ? boost::beast::get_lowest_layer(*tls) : *plain; }
  std::string Where() const { return fmt::format("{}:{}", options.address, options.port); }

  // connect.cc: fills `plain` on success.
  boost::asio::awaitable<std::optional<Error>> ConnectTcp(Connection& self,
                                                          const boost::asio::any_io_executor& executor);
  // connect.cc: moves `plain` into `tls` and handshakes.
  boost::asio::awaitable<Result<tls::HandshakeReport>> Handshake(Connection& self);
  // connection.cc: one request and its response within `budget`; closes
  // the connection on failure and after a response without keep-alive.
  boost::asio::awaitable<Result<HttpResponse>> RoundTrip(Connection& self, HttpRequest& request,
                                                         std::chrono::nanoseconds budget);

  ConnectOptions options;
  Redactor redactor;
  std::optional<boost::beast::tcp_stream> plain;  // open plain connection, or TCP before the handshake
  std::unique_ptr<boost::asio::ssl::context> ssl_context;
  std::unique_ptr<TlsStream> tls;
  boost::beast::flat_buffer buffer;
  std::optional<http::DigestChallenge> challenge;
  uint32_t nc = 0;  // requests answered with challenge->nonce
  bool open = false;
};

}  // namespace openscs::amtclient
