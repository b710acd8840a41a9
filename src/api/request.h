#pragma once

// The REST API's view of an HTTP exchange, free of any HTTP library: the web
// listener (src/web) parses the request, authenticates it and checks CSRF,
// then hands the API a Request with the caller's Principal; the API answers
// with a Response the listener writes. Keeping Beast out of here keeps the
// handlers testable without sockets and cheap to compile.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/records.h"

namespace openscs::api {

// Who is asking, as the web layer established it.
struct Principal {
  std::string user;                          // "alice"
  store::UserRole role = store::UserRole::kViewer;
  std::string via;                           // "session" or "token:tok_..." (for the audit log)
};

struct Request {
  std::string method;                            // "GET", "POST", "PUT", "DELETE"
  std::string path;                              // percent-decoded, without the query: "/api/v1/systems/UUID"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string content_type;                      // media type without parameters, lower case: "application/json"
  std::string body;                              // at most the listener's body limit
  std::string remote;                            // client address, for the audit log
  Principal principal;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers, e.g. {"Content-Disposition", "attachment; filename=\"setup.bin\""}.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Every error the API returns has this JSON body:
//   {"error": {"code": "invalid_argument", "message": "limit: 'x' is not a number"}}
// `code` is stable (docs/api.md lists them); `message` names what was wrong
// and where, and never holds a secret.
Response ErrorResponse(int status, std::string_view code, std::string_view message);

}  // namespace openscs::api
