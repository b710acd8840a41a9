// Connection: HTTP requests with Digest authentication, and the accessors.

#include "amtclient/connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

#include "amtclient/connection_impl.h"
#include "base/guid.h"

namespace openscs::amtclient {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr uint32_t kBodyLimit = 4 * 1024 * 1024;
// First try without credentials, the answer, and one re-answer of a stale nonce.
constexpr int kMaxRoundTrips = 3;

// The device went away under us: it closed, reset, or cut a reply short.
bool IsDrop(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::connection_aborted ||
         ec == asio::error::broken_pipe || ec == asio::error::not_connected ||
         ec == asio::ssl::error::stream_truncated;
}

template <typename Stream>
asio::awaitable<boost::system::error_code> WriteThenRead(Stream& stream, beast::flat_buffer& buffer,
                                                          HttpRequest& request,
                                                          bhttp::response_parser<bhttp::string_body>& parser) {
  auto [wec, written] = co_await bhttp::async_write(stream, request, kUseTuple);
  if (wec) co_return wec;
  auto [rec, read] = co_await bhttp::async_read(stream, buffer, parser, kUseTuple);
  co_return rec;
}

}  // namespace

asio::awaitable<Result<HttpResponse>> Connection::Impl::RoundTrip(Connection& self, HttpRequest& request,
                                                                std::chrono::nanoseconds budget) {
  const auto started = options.clock->Now();
  ExchangeTrace trace;
  trace.method = "POST";
  trace.target = std::string(request.target());
  trace.soap_action = std::string(request["SOAPAction"]);
  trace.request_body = redactor.Apply(request.body());

  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kBodyLimit);
  Lowest().expires_after(budget);
  boost::system::error_code ec;
  if (tls) {
    ec = co_await WriteThenRead(*tls, buffer, request, parser);
  } else {
    ec = co_await WriteThenRead(*plain, buffer, request, parser);
  }
  Lowest().expires_never();
  trace.duration = options.clock->Now() - started;

  std::optional<Error> error;
  if (ec == beast::error::timeout) {
    error = self.MakeError(ErrorKind::kTimeout, fmt::format("no complete reply from {} to POST {} within {} ms",
                                                            Where(), trace.target,
                                                            std::chrono::duration_cast<std::chrono::milliseconds>(budget).count()));
  } else if (ec && IsDrop(ec)) {
    error = self.MakeError(ErrorKind::kConnectionDropped,
                           fmt::format("{} closed the connection during POST {} ({})", Where(), trace.target,
                                       ec.message()));
  } else if (ec) {
    error = self.MakeError(ErrorKind::kBadResponse,
                           fmt::format("unreadable reply from {} to POST {}: {}", Where(), trace.target, ec.message()));
  }
  if (error) {
    trace.error_kind = std::string(ErrorKindName(error->kind));
    if (parser.is_header_done()) trace.http_status = static_cast<int>(parser.get().result_int());
    if (options.trace != nullptr) options.trace->OnExchange(trace);
    self.Close();
    co_return *error;
  }
  auto response = parser.release();
  trace.http_status = static_cast<int>(response.result_int());
  trace.response_body = redactor.Apply(response.body());
  if (options.trace != nullptr) options.trace->OnExchange(trace);
  if (!response.keep_alive()) self.Close();
  co_return response;
}

Connection::Connection(ConnectOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Connection::~Connection() = default;

bool Connection::is_open() const { return impl_->open; }

asio::awaitable<Result<HttpReply>> Connection::Post(std::string_view target, std::string_view content_type,
                                                    std::string_view soap_action, std::string body) {
  Impl& m = *impl_;
  const auto started = m.options.clock->Now();
  for (int round = 0; round < kMaxRoundTrips; ++round) {
    if (!m.open) {
      co_return MakeError(ErrorKind::kConnectionDropped,
                          fmt::format("not connected to {} (the connection was closed before): POST {} not sent",
                                      m.Where(), target));
    }
    const auto budget = m.options.request_timeout - (m.options.clock->Now() - started);
    if (budget <= std::chrono::nanoseconds::zero()) {
      Close();
      co_return MakeError(ErrorKind::kTimeout, fmt::format("POST {} to {}: request deadline of {} ms spent", target,
                                                           m.Where(), m.options.request_timeout.count()));
    }
    HttpRequest request{bhttp::verb::post, target, 11};
    request.set(bhttp::field::host, m.Where());
    request.set(bhttp::field::user_agent, "openscs");
    request.set(bhttp::field::content_type, content_type);
    if (!soap_action.empty()) request.set("SOAPAction", soap_action);
    request.keep_alive(true);
    request.body() = body;
    request.prepare_payload();
    const bool answered = m.challenge.has_value();
    if (answered) {
      const auto auth =
          http::Answer(*m.challenge, m.options.user, m.options.password, "POST", target, ++m.nc, m.options.random);
      request.set(bhttp::field::authorization, auth.ToHeader());
    }

    auto response = co_await m.RoundTrip(*this, request, std::chrono::duration_cast<std::chrono::nanoseconds>(budget));
    if (!response) co_return response.error();
    const int status = static_cast<int>(response->result_int());
    if (status != 401) {
      co_return HttpReply{status, std::string((*response)[bhttp::field::content_type]), std::move(response->body())};
    }
    auto challenge = http::DigestChallenge::Parse((*response)[bhttp::field::www_authenticate]);
    if (!challenge) {
      Close();
      co_return MakeError(ErrorKind::kBadResponse,
                          fmt::format("{} answered POST {} with 401 but no usable Digest challenge: {}", m.Where(),
                                      target, challenge.error().message()),
                          status);
    }
    const bool stale = challenge->stale;
    m.challenge = std::move(*challenge);
    m.nc = 0;
    if (answered && !stale) {
      co_return MakeError(ErrorKind::kDigestRejected,
                          fmt::format("{} refused the Digest credentials of user '{}' for POST {}", m.Where(),
                                      m.options.user, target),
                          status);
    }
  }
  co_return MakeError(ErrorKind::kDigestRejected,
                      fmt::format("{} kept answering POST {} with 401 (stale nonce each time)", m.Where(), target),
                      401);
}

void Connection::SetCredentials(std::string user, std::string password) {
  impl_->redactor.Add(password);
  impl_->options.user = std::move(user);
  impl_->options.password = std::move(password);
}

void Connection::AddSecret(std::string_view secret) { impl_->redactor.Add(secret); }

void Connection::set_request_timeout(std::chrono::milliseconds timeout) { impl_->options.request_timeout = timeout; }

std::string Connection::NewMessageId() {
  std::array<std::byte, base::Guid::kSize> raw{};
  impl_->options.random(raw);
  return "uuid:" + base::Guid(raw).ToString();
}

Error Connection::MakeError(ErrorKind kind, std::string_view message, int http_status) const {
  Error error;
  error.kind = kind;
  error.message = impl_->redactor.Apply(message);
  error.http_status = http_status;
  return error;
}

std::string Connection::Redact(std::string_view text) const { return impl_->redactor.Apply(text); }

const ConnectOptions& Connection::options() const { return impl_->options; }

}  // namespace openscs::amtclient
