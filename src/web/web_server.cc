#include "web/web_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "present/system_json.h"
#include "web/event_hub.h"
#include "web/front.h"
#include "web/login_limiter.h"
#include "web/sessions.h"
#include "web/static_assets.h"
#include "web/store_pool.h"
#include "web/tls_identity.h"

namespace openscs::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

constexpr auto kHandshakeDeadline = 10s;
constexpr auto kEventTick = 250ms;
constexpr auto kHeartbeat = 15s;
constexpr size_t kHeaderLimit = 16 * 1024;

bool IsLoopback(const std::string& address) {
  boost::system::error_code ec;
  const auto a = asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

}  // namespace

struct WebServer::Impl {
  WebOptions options;
  WebDependencies deps;
  StorePool stores;
  StaticAssets assets;
  SessionTable sessions;
  LoginLimiter limiter;
  EventHub hub;
  std::unique_ptr<Front> front;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<asio::ssl::context> ssl;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> connections_open{0};
  std::atomic<uint64_t> connections_total{0};
  std::atomic<uint64_t> requests_refused_malformed{0};
  std::atomic<uint64_t> requests_too_large{0};

  Impl(WebOptions o, WebDependencies d)
      : options(std::move(o)),
        deps(std::move(d)),
        stores(deps.db_path),
        sessions(deps.clock, deps.random, options.session_idle, options.session_max),
        limiter(deps.clock, LoginLimiter::Limits{}) {}

  std::string front_metrics() const {
    std::string out;
    auto metric = [&out](std::string_view name, std::string_view type, std::string_view help, auto value) {
      out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
    };
    metric("openscs_web_connections_open", "gauge", "Open connections to the web listener.", connections_open.load());
    metric("openscs_web_connections_total", "counter", "Connections accepted by the web listener.",
           connections_total.load());
    metric("openscs_web_event_streams_open", "gauge", "Live event streams (console pages watching).",
           hub.subscribers());
    metric("openscs_web_sessions", "gauge", "Console sessions logged in.", sessions.size());
    metric("openscs_web_requests_malformed_total", "counter", "HTTP requests refused as malformed.",
           requests_refused_malformed.load());
    metric("openscs_web_requests_too_large_total", "counter", "HTTP requests refused for their size.",
           requests_too_large.load());
    out += "# HELP openscs_web_responses_total Web answers by status class.\n# TYPE openscs_web_responses_total counter\n";
    if (front) {
      for (int c = 1; c <= 5; ++c) {
        out += fmt::format("openscs_web_responses_total{{code=\"{}xx\"}} {}\n", c, front->responses(c));
      }
    }
    return out;
  }

  template <typename Stream>
  asio::awaitable<void> WriteResponse(Stream& stream, const HttpResponse& r, unsigned version, bool keep_alive,
                                      boost::system::error_code& ec) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "openscs");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.insert(name, value);
    res.body() = r.body;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    auto [wec, n] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    ec = wec;
  }

  // A 4xx for a request that could not be read: too big, malformed.
  template <typename Stream>
  asio::awaitable<void> Refuse(Stream& stream, int status, std::string_view code, std::string message) {
    HttpResponse r;
    r.status = status;
    r.body = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    boost::system::error_code ec;
    co_await WriteResponse(stream, r, 11, false, ec);
  }

  // Server-sent events until the client goes away, the server stops, or the
  // caller's session or token no longer stands (checked each heartbeat).
  template <typename Stream>
  asio::awaitable<void> StreamEvents(Stream& stream, const HttpRequest& request, const HttpResponse& accepted) {
    auto subscription = hub.Subscribe();
    if (!subscription) {
      co_await Refuse(stream, 503, "unavailable", "too many open event streams; try again later");
      co_return;
    }
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n";
    for (const auto& [name, value] : accepted.headers) head += name + ": " + value + "\r\n";
    head += "\r\nretry: 2000\n: connected\n\n";
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto [hec, hn] = co_await asio::async_write(stream, asio::buffer(head), asio::as_tuple(asio::use_awaitable));
    auto last_write = std::chrono::steady_clock::now();
    auto last_check = last_write;
    while (!hec && !stopping.load()) {
      timer.expires_after(kEventTick);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      auto batch = subscription->Take();
      std::string out;
      if (batch.dropped) out += "event: reload\ndata: {}\n\n";
      for (const auto& uuid : batch.systems) out += fmt::format("event: system\ndata: {{\"uuid\":\"{}\"}}\n\n", uuid);
      for (const auto& entry : batch.logs) {
        out += "event: log\ndata: " +
               present::LogEntryJson(entry, present::TimeStyle::kApi)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
               "\n\n";
      }
      if (std::chrono::steady_clock::now() - last_check >= kHeartbeat) {
        // The browser reconnects, gets a 401 and the console asks to log in.
        if (!front->StillAuthenticated(request)) break;
        last_check = std::chrono::steady_clock::now();
      }
      if (out.empty() && std::chrono::steady_clock::now() - last_write < kHeartbeat) continue;
      if (out.empty()) out = ": ping\n\n";
      auto [wec, n] = co_await asio::async_write(stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
      last_write = std::chrono::steady_clock::now();
    }
    hub.Unsubscribe(subscription);
  }

  template <typename Stream>
  asio::awaitable<void> ServeHttp(Stream& stream, const std::string& remote, bool is_tls) {
    beast::flat_buffer buffer;
    while (!stopping.load()) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(options.max_body);
      asio::steady_timer deadline(co_await asio::this_coro::executor);
      deadline.expires_after(options.read_timeout);
      auto result = co_await (http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable)) ||
                              deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (result.index() == 1) co_return;  // idle or too slow
      auto [ec, bytes] = std::get<0>(result);
      if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
          ec == asio::error::connection_reset) {
        co_return;
      }
      if (ec == http::error::body_limit) {
        requests_too_large++;
        co_await Refuse(stream, 413, "payload_too_large",
                        fmt::format("request body is larger than {} bytes", options.max_body));
        co_return;
      }
      if (ec == http::error::header_limit) {
        requests_too_large++;
        co_await Refuse(stream, 431, "headers_too_large",
                        fmt::format("request headers are larger than {} bytes", kHeaderLimit));
        co_return;
      }
      if (ec) {
        requests_refused_malformed++;
        co_await Refuse(stream, 400, "malformed_http", fmt::format("malformed HTTP request: {}", ec.message()));
        co_return;
      }
      const auto& req = parser.get();
      HttpRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      for (const auto& field : req) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        // Repeated headers: the first wins (a second Cookie or
        // Authorization is not merged into the first).
        request.headers.emplace(std::move(name), std::string(field.value()));
      }
      request.body = req.body();
      request.remote = remote;
      request.tls = is_tls;
      // Handlers block on the database: run them on the listener's own
      // threads, never on the hello listener's.
      HttpResponse response = front->Handle(request);
      if (response.start_event_stream) {
        co_await StreamEvents(stream, request, response);
        co_return;
      }
      if (request.method == "HEAD") response.body.clear();
      boost::system::error_code wec;
      const bool keep_alive = req.keep_alive() && !stopping.load();
      co_await WriteResponse(stream, response, req.version(), keep_alive, wec);
      if (wec || !keep_alive) co_return;
    }
  }

  asio::awaitable<void> ServeConnection(tcp::socket socket) {
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    const std::string remote = ec ? std::string("unknown") : peer.address().to_string();
    connections_open++;
    connections_total++;
    struct Closed {
      std::atomic<int64_t>& open;
      ~Closed() { open--; }
    } closed{connections_open};
    if (!ssl) {
      co_await ServeHttp(socket, remote, false);
      co_return;
    }
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *ssl);
    asio::steady_timer deadline(co_await asio::this_coro::executor);
    deadline.expires_after(kHandshakeDeadline);
    auto result = co_await (stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable)) ||
                            deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (result.index() == 1) co_return;
    if (auto [hec] = std::get<0>(result); hec) {
      spdlog::debug("web: TLS handshake from {} failed: {}", remote, hec.message());
      co_return;
    }
    co_await ServeHttp(stream, remote, true);
    auto [sec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
    (void)sec;
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        spdlog::warn("web: accept failed: {}", ec.message());
        asio::steady_timer t(co_await asio::this_coro::executor);
        t.expires_after(100ms);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        continue;
      }
      asio::co_spawn(io, ServeConnection(std::move(socket)), asio::detached);
    }
  }
};

WebServer::WebServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebServer::~WebServer() { Stop(); }

base::Result<std::unique_ptr<WebServer>> WebServer::Create(WebOptions options, WebDependencies deps) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(deps));
  const WebOptions& o = impl->options;
  if (!o.root.empty()) {
    auto assets = StaticAssets::FromDirectory(o.root);
    if (!assets) return assets.error();
    impl->assets = std::move(*assets);
  } else {
    impl->assets = StaticAssets::Builtin();
  }

  const bool want_tls = o.tls == "on" || (o.tls == "auto" && !IsLoopback(o.address));
  if (want_tls) {
    base::Result<TlsIdentity> identity = base::Internal("unset");
    if (!o.tls_cert_file.empty()) {
      identity = LoadTlsIdentity(o.tls_cert_file, o.tls_key_file);
    } else {
      auto lease = impl->stores.Borrow();
      if (!lease) return lease.error();
      identity = LoadOrCreateSelfSigned(**lease, impl->deps.vault, o.address);
    }
    if (!identity) return identity.error();
    impl->ssl.emplace(asio::ssl::context::tls_server);
    SSL_CTX_set_min_proto_version(impl->ssl->native_handle(), TLS1_2_VERSION);
    boost::system::error_code ec;
    impl->ssl->use_certificate_chain(asio::buffer(identity->chain_pem), ec);
    if (!ec) impl->ssl->use_private_key(asio::buffer(identity->key_pem), asio::ssl::context::pem, ec);
    if (ec) return base::InvalidArgument(fmt::format("web TLS: cannot use the certificate: {}", ec.message()));
    spdlog::info("web: TLS with {} certificate, SHA-256 fingerprint {}",
                 identity->generated ? "a self-signed" : "the configured", identity->sha256_fingerprint);
  }

  boost::system::error_code ec;
  const auto address = asio::ip::make_address(o.address, ec);
  if (ec) return base::InvalidArgument(fmt::format("web_address: '{}' is not an IP address", o.address));
  tcp::endpoint endpoint(address, o.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return base::Unavailable(fmt::format("cannot listen for the web console on {}:{}: {} (--web-port, or --no-web)",
                                         o.address, o.port, ec.message()));
  }
  if (!o.port_file.empty()) {
    const std::string tmp = o.port_file + ".tmp";
    std::ofstream(tmp) << impl->acceptor.local_endpoint().port() << '\n';
    if (std::rename(tmp.c_str(), o.port_file.c_str()) != 0) {
      return base::IoError(fmt::format("cannot write the web port file {}", o.port_file));
    }
  }
  Impl* raw = impl.get();
  FrontDependencies front{raw->stores,  raw->deps.vault, raw->deps.clock,  raw->deps.random, raw->options.api,
                          raw->assets,  raw->sessions,   raw->limiter,
                          [raw] {
                            std::string text = raw->deps.metrics_text ? raw->deps.metrics_text() : std::string();
                            return text + raw->front_metrics();
                          },
                          raw->deps.ready};
  impl->front = std::make_unique<Front>(std::move(front));
  return std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
}

void WebServer::Start() {
  Impl& s = *impl_;
  asio::co_spawn(s.io, s.AcceptLoop(), asio::detached);
  for (size_t i = 0; i < s.options.threads; ++i) s.threads.emplace_back([&s] { s.io.run(); });
  spdlog::info("web console on {}://{}:{}/", s.ssl ? "https" : "http", s.options.address, port());
}

void WebServer::Stop() {
  Impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  asio::post(s.io, [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
  });
  // Event streams notice within a tick; idle keep-alive connections are
  // simply dropped with the io_context.
  std::this_thread::sleep_for(2 * kEventTick);
  s.io.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
}

uint16_t WebServer::port() const {
  boost::system::error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

bool WebServer::tls() const { return impl_->ssl.has_value(); }

EventHub& WebServer::events() { return impl_->hub; }

std::string WebServer::MetricsText() const { return impl_->front_metrics(); }

}  // namespace openscs::web
