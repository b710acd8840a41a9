#include "amtclient/calls.h"

#include <fmt/format.h>

#include "protocol/soap/wsman.h"

namespace openscs::amtclient {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kSoapContentType = "text/xml; charset=utf-8";
constexpr std::string_view kWsmanContentType = "application/soap+xml; charset=utf-8";
constexpr std::string_view kWsmanPath = "/wsman";

// Sends one WS-Man request and checks that the reply answers it.
asio::awaitable<Result<soap::WsmanResponse>> Exchange(Connection& c, soap::WsmanRequest request) {
  request.to = std::string(kWsmanPath);
  request.message_id = c.NewMessageId();
  const std::string what = fmt::format("WS-Man {} {}", request.action.substr(request.action.rfind('/') + 1),
                                       soap::ResourceClass(request.resource_uri));
  auto reply = co_await c.Post(kWsmanPath, kWsmanContentType, "", soap::BuildWsmanRequest(request));
  if (!reply) co_return reply.error();
  auto parsed = soap::ParseWsmanResponse(reply->body);
  if (parsed && parsed->fault) {
    Error error = c.MakeError(ErrorKind::kWsmanFault,
                              fmt::format("{} at {}: device answered Fault {}: {}", what, c.options().address,
                                          parsed->fault_subcode, parsed->fault_reason),
                              reply->status);
    error.fault_subcode = parsed->fault_subcode;
    co_return error;
  }
  if (reply->status != 200) {
    co_return c.MakeError(ErrorKind::kHttpStatus,
                          fmt::format("{} at {}: HTTP {} (no WS-Management service?)", what, c.options().address,
                                      reply->status),
                          reply->status);
  }
  if (!parsed) {
    co_return c.MakeError(ErrorKind::kBadResponse, fmt::format("{} at {}: {}", what, c.options().address,
                                                               parsed.error().message()),
                          reply->status);
  }
  if (!parsed->relates_to.empty() && parsed->relates_to != request.message_id) {
    co_return c.MakeError(ErrorKind::kBadResponse,
                          fmt::format("{} at {}: reply RelatesTo '{}' is not our MessageID '{}'", what,
                                      c.options().address, parsed->relates_to, request.message_id),
                          reply->status);
  }
  co_return std::move(parsed).value();
}

// WS-Transfer Get or Put: the reply's body is the resource.
asio::awaitable<Result<WsmanReply>> Transfer(Connection& c, std::string_view action, std::string_view resource_uri,
                                             Selectors selectors, soap::Element body) {
  soap::WsmanRequest request;
  request.action = std::string(action);
  request.resource_uri = std::string(resource_uri);
  request.selectors = std::move(selectors);
  request.body = std::move(body);
  auto response = co_await Exchange(c, std::move(request));
  if (!response) co_return response.error();
  co_return WsmanReply{std::move(response->body), 0};
}

}  // namespace

asio::awaitable<Result<soap::Response>> Call(Connection& c, std::string_view service_path, std::string_view ns,
                                             std::string_view method, std::vector<soap::Element> params) {
  const std::string action = fmt::format("\"{}#{}\"", ns, method);
  auto reply = co_await c.Post(service_path, kSoapContentType, action, soap::BuildRequest(ns, method, params));
  if (!reply) co_return reply.error();
  const std::string what = fmt::format("SOAP {}.{} at {}", service_path.substr(1), method, c.options().address);
  if (reply->status != 200 && reply->status != 500) {
    co_return c.MakeError(ErrorKind::kHttpStatus, fmt::format("{}: HTTP {}", what, reply->status), reply->status);
  }
  auto parsed = soap::ParseResponse(reply->body);
  if (!parsed) {
    // ParseResponse reports a Fault envelope as FailedPrecondition.
    const bool fault = parsed.error().code() == base::StatusCode::kFailedPrecondition;
    if (!fault && reply->status == 500) {
      co_return c.MakeError(ErrorKind::kHttpStatus, fmt::format("{}: HTTP 500", what), reply->status);
    }
    co_return c.MakeError(fault ? ErrorKind::kSoapFault : ErrorKind::kBadResponse,
                          fmt::format("{}: {}", what, parsed.error().message()), reply->status);
  }
  if (parsed->method != method) {
    co_return c.MakeError(ErrorKind::kBadResponse,
                          fmt::format("{}: reply is for method '{}'", what, parsed->method), reply->status);
  }
  co_return std::move(parsed).value();
}

asio::awaitable<Result<WsmanReply>> Get(Connection& c, std::string_view resource_uri, Selectors selectors) {
  co_return co_await Transfer(c, soap::kActionGet, resource_uri, std::move(selectors), soap::Element());
}

asio::awaitable<Result<WsmanReply>> Put(Connection& c, std::string_view resource_uri, soap::Element body,
                                        Selectors selectors) {
  co_return co_await Transfer(c, soap::kActionPut, resource_uri, std::move(selectors), std::move(body));
}

asio::awaitable<Result<WsmanReply>> Invoke(Connection& c, std::string_view resource_uri, std::string_view method,
                                           std::vector<soap::Element> params, Selectors selectors) {
  soap::WsmanRequest request;
  request.action = soap::InvokeAction(resource_uri, method);
  request.resource_uri = std::string(resource_uri);
  request.selectors = std::move(selectors);
  request.body = soap::InvokeInput(resource_uri, method, std::move(params));
  auto response = co_await Exchange(c, std::move(request));
  if (!response) co_return response.error();
  const std::string expected = std::string(method) + "_OUTPUT";
  if (response->body.name != expected) {
    co_return c.MakeError(ErrorKind::kBadResponse,
                          fmt::format("WS-Man {} at {}: reply body is <{}>, not <{}>", method, c.options().address,
                                      response->body.name, expected));
  }
  auto rv = soap::ReturnValueOf(response->body);
  if (!rv) {
    co_return c.MakeError(ErrorKind::kBadResponse,
                          fmt::format("WS-Man {} at {}: {}", method, c.options().address, rv.error().message()));
  }
  co_return WsmanReply{std::move(response->body), *rv};
}

}  // namespace openscs::amtclient
