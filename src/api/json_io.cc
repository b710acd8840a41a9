#include "api/json_io.h"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "base/guid.h"

namespace openscs::api {

Response JsonResponse(const nlohmann::json& body, int status) {
  Response r;
  r.status = status;
  // Replace, not throw, on invalid UTF-8 from a device-supplied string.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

base::Result<nlohmann::json> ParseJsonObject(const Request& request) {
  if (request.content_type != "application/json") {
    return base::FailedPrecondition(
        fmt::format("request body must be application/json, not '{}'",
                    request.content_type.empty() ? "(none)" : request.content_type));
  }
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions only to learn where it broke.
    try {
      [[maybe_unused]] const auto unused = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::parse_error& e) {
      return base::InvalidArgument(fmt::format("request body is not JSON: syntax error at byte {}", e.byte));
    }
    return base::InvalidArgument("request body is not JSON");
  }
  if (!j.is_object()) return base::InvalidArgument("request body must be a JSON object");
  return j;
}

Response ErrorFromStatus(const base::Status& status) {
  using base::StatusCode;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return ErrorResponse(400, "invalid_argument", status.message());
    case StatusCode::kNotFound:
      return ErrorResponse(404, "not_found", status.message());
    case StatusCode::kAlreadyExists:
      return ErrorResponse(409, "conflict", status.message());
    case StatusCode::kFailedPrecondition:
      return ErrorResponse(415, "unsupported_media_type", status.message());
    case StatusCode::kPermissionDenied:
      return ErrorResponse(403, "forbidden", status.message());
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
      return ErrorResponse(503, "unavailable", status.message());
    default:
      spdlog::error("api: {}", status.ToString());
      return ErrorResponse(500, "internal", "internal error; the server log has the detail");
  }
}

Response BodyErrorResponse(const base::Status& status) {
  if (status.code() == base::StatusCode::kFailedPrecondition) {
    return ErrorResponse(415, "unsupported_media_type", status.message());
  }
  return ErrorResponse(400, "invalid_json", status.message());
}

base::Result<std::string> CanonicalUuid(std::string_view text, std::string_view name) {
  auto guid = base::Guid::Parse(text);
  if (!guid) {
    return base::InvalidArgument(fmt::format("{}: '{}' is not a UUID (8-4-4-4-12 hex digits)", name, text));
  }
  return guid->ToString();
}

std::optional<std::string> QueryParam(const Request& request, std::string_view name) {
  auto it = request.query.find(std::string(name));
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

base::Result<size_t> QuerySize(const Request& request, std::string_view name, size_t fallback, size_t max) {
  auto text = QueryParam(request, name);
  if (!text || text->empty()) return fallback;
  size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return base::InvalidArgument(fmt::format("{}: '{}' is not a non-negative number", name, *text));
  }
  if (value > max) return base::InvalidArgument(fmt::format("{}: {} is more than {}", name, value, max));
  return value;
}

base::Result<bool> QueryBool(const Request& request, std::string_view name, bool fallback) {
  auto text = QueryParam(request, name);
  if (!text || text->empty()) return fallback;
  if (*text == "1" || *text == "true" || *text == "yes") return true;
  if (*text == "0" || *text == "false" || *text == "no") return false;
  return base::InvalidArgument(fmt::format("{}: '{}' is not a boolean (1/0, true/false)", name, *text));
}

base::Result<Page> QueryPage(const Request& request) {
  Page page;
  auto limit = QuerySize(request, "limit", 100, 1000);
  if (!limit) return limit.error();
  auto offset = QuerySize(request, "offset", 0, SIZE_MAX);
  if (!offset) return offset.error();
  page.limit = *limit;
  page.offset = *offset;
  return page;
}

}  // namespace openscs::api
