// Connection: TCP connect (with name lookup) and the TLS handshake.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "amtclient/connection_impl.h"

namespace openscs::amtclient {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using asio::experimental::awaitable_operators::operator||;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

ErrorKind KindOf(tls::HandshakeFailure failure) {
  switch (failure) {
    case tls::HandshakeFailure::kPskMismatch: return ErrorKind::kTlsPskMismatch;
    case tls::HandshakeFailure::kUnknownIdentity: return ErrorKind::kTlsUnknownIdentity;
    case tls::HandshakeFailure::kCertificateRefused: return ErrorKind::kTlsCertificateRefused;
    case tls::HandshakeFailure::kVersionRefused: return ErrorKind::kTlsVersionRefused;
    case tls::HandshakeFailure::kNone:
    case tls::HandshakeFailure::kOther: break;
  }
  return ErrorKind::kTlsFailed;
}

}  // namespace

std::string TransportName(const tls::ClientTlsContext* tls) {
  if (tls == nullptr) return "plain";
  switch (tls->mode()) {
    case tls::ClientTlsMode::kPsk: return "psk";
    case tls::ClientTlsMode::kPki: return "pki";
    case tls::ClientTlsMode::kOperational: return "operational";
  }
  return "tls";
}

asio::awaitable<std::optional<Error>> Connection::Impl::ConnectTcp(Connection& self,
                                                                    const asio::any_io_executor& executor) {
  boost::system::error_code ec;
  std::vector<tcp::endpoint> endpoints;
  const auto ip = asio::ip::make_address(options.address, ec);
  if (!ec) {
    endpoints.emplace_back(ip, options.port);
  } else {
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor);
    timer.expires_after(options.connect_timeout);
    auto r = co_await (resolver.async_resolve(options.address, std::to_string(options.port), kUseTuple) ||
                       timer.async_wait(kUseTuple));
    if (r.index() == 1) {
      co_return self.MakeError(ErrorKind::kConnectTimeout,
                               fmt::format("looking up '{}' took longer than {} ms", options.address,
                                           options.connect_timeout.count()));
    }
    auto [rec, results] = std::get<0>(std::move(r));
    if (rec) {
      co_return self.MakeError(ErrorKind::kConnectFailed,
                               fmt::format("cannot resolve '{}': {}", options.address, rec.message()));
    }
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  }
  plain.emplace(executor);
  plain->expires_after(options.connect_timeout);
  auto [cec, endpoint] = co_await plain->async_connect(endpoints, kUseTuple);
  if (!cec) {
    plain->expires_never();
    co_return std::nullopt;
  }
  plain.reset();
  if (cec == beast::error::timeout) {
    co_return self.MakeError(ErrorKind::kConnectTimeout, fmt::format("no TCP answer from {} within {} ms", Where(),
                                                                     options.connect_timeout.count()));
  }
  if (cec == asio::error::connection_refused) {
    co_return self.MakeError(ErrorKind::kConnectRefused,
                             fmt::format("{} refused the connection (nothing listens on that port)", Where()));
  }
  co_return self.MakeError(ErrorKind::kConnectFailed, fmt::format("cannot connect to {}: {}", Where(), cec.message()));
}

asio::awaitable<Result<tls::HandshakeReport>> Connection::Impl::Handshake(Connection& self) {
  const tls::ClientTlsContext& context = *options.tls;
  // asio's context takes over one reference; the ClientTlsContext keeps its own.
  SSL_CTX_up_ref(context.native());
  ssl_context = std::make_unique<asio::ssl::context>(context.native());
  tls = std::make_unique<TlsStream>(std::move(*plain), *ssl_context);
  plain.reset();
  const bool psk = context.mode() == tls::ClientTlsMode::kPsk;
  if (auto s = context.Bind(tls->native_handle(), psk ? &options.psk : nullptr); !s.ok()) {
    co_return self.MakeError(ErrorKind::kInvalidUse, fmt::format("TLS to {}: {}", Where(), s.message()));
  }
  beast::get_lowest_layer(*tls).expires_after(options.handshake_timeout);
  auto [ec] = co_await tls->async_handshake(asio::ssl::stream_base::client, kUseTuple);
  beast::get_lowest_layer(*tls).expires_never();
  if (!ec) co_return tls::InspectHandshake(tls->native_handle(), true, 0);
  if (ec == beast::error::timeout) {
    co_return self.MakeError(ErrorKind::kTlsTimeout,
                             fmt::format("{} TLS handshake with {} did not finish within {} ms",
                                         TransportName(options.tls), Where(), options.handshake_timeout.count()));
  }
  const unsigned long openssl_error =
      ec.category() == asio::error::get_ssl_category() ? static_cast<unsigned int>(ec.value()) : 0ul;
  const tls::HandshakeReport report = tls::InspectHandshake(tls->native_handle(), false, openssl_error);
  Error error = self.MakeError(KindOf(report.failure), fmt::format("{} TLS handshake with {}: {}",
                                                                   TransportName(options.tls), Where(), report.detail));
  error.tls_alert = report.alert;
  co_return error;
}

asio::awaitable<Result<tls::HandshakeReport>> Connection::Connect() {
  Impl& m = *impl_;
  Close();
  const auto started = m.options.clock->Now();
  HandshakeTrace trace;
  trace.address = m.options.address;
  trace.port = m.options.port;
  trace.transport = TransportName(m.options.tls);

  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  Result<tls::HandshakeReport> result = tls::HandshakeReport{};
  if (auto error = co_await m.ConnectTcp(*this, executor)) {
    result = std::move(*error);
  } else if (m.options.tls != nullptr) {
    result = co_await m.Handshake(*this);
  }
  trace.duration = m.options.clock->Now() - started;
  trace.ok = result.has_value();
  if (result) {
    trace.protocol = result->protocol;
    trace.cipher = result->cipher;
    trace.device_cert_sha256 = result->device_cert_sha256;
    m.open = true;
  } else {
    trace.error_kind = std::string(ErrorKindName(result.error().kind));
    trace.detail = result.error().message;
    Close();
  }
  if (m.options.trace != nullptr) m.options.trace->OnHandshake(trace);
  co_return result;
}

void Connection::Close() {
  Impl& m = *impl_;
  if (m.tls) beast::get_lowest_layer(*m.tls).close();
  if (m.plain) m.plain->close();
  m.tls.reset();
  m.ssl_context.reset();
  m.plain.reset();
  m.buffer.clear();
  m.open = false;
}

}  // namespace openscs::amtclient
