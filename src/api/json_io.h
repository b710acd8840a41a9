#pragma once

// JSON in and out for handlers: bodies parsed with errors that say where,
// answers serialised one way, query parameters read with their names in the
// error. Everything a handler returns for bad input is a 400 naming the
// field, never an exception escaping to the listener.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "api/request.h"
#include "base/status.h"

namespace openscs::api {

Response JsonResponse(const nlohmann::json& body, int status = 200);

// The body as a JSON object. InvalidArgument "request body is not JSON: ...
// at byte N" / "request body must be a JSON object"; requires
// Content-Type application/json (any other is UnsupportedMediaType-ish:
// returned as FailedPrecondition so the caller can answer 415).
base::Result<nlohmann::json> ParseJsonObject(const Request& request);

// The Response for a failed Result/Status: 400 invalid_argument, 404
// not_found, 409 conflict, 415 unsupported_media_type, else 500 internal
// (with a generic message; the detail goes to the process log).
Response ErrorFromStatus(const base::Status& status);

// The Response for a failed ParseJsonObject: 415 unsupported_media_type for
// the wrong Content-Type, else 400 invalid_json (the message says where).
Response BodyErrorResponse(const base::Status& status);

// A path or query value that must be a UUID, in the store's canonical
// lower-case text (any case and braces accepted). InvalidArgument naming
// `name`: "uuid: 'xyz' is not a UUID (8-4-4-4-12 hex digits)".
base::Result<std::string> CanonicalUuid(std::string_view text, std::string_view name);

// Query parameters. Absent -> nullopt / fallback; malformed -> InvalidArgument
// naming the parameter.
std::optional<std::string> QueryParam(const Request& request, std::string_view name);
base::Result<size_t> QuerySize(const Request& request, std::string_view name, size_t fallback, size_t max);
base::Result<bool> QueryBool(const Request& request, std::string_view name, bool fallback);

// Paging: ?limit= (default 100, at most 1000) and ?offset=.
struct Page {
  size_t limit = 100;
  size_t offset = 0;
};
base::Result<Page> QueryPage(const Request& request);

}  // namespace openscs::api
