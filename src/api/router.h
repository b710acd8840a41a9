#pragma once

// Routes of the REST API under /api/v1: a method, a path template with
// {name} segments, the least role that may call it, and a handler. The
// router matches, checks the role (403 `forbidden`, audited when the route
// reveals a secret or changes something), and answers 404 `not_found` /
// 405 `method_not_allowed` as JSON for everything else.
//
// Handlers run on the web listener's threads, several at once, each with
// its own Context (its own Store connection): a handler keeps no state.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "api/request.h"

namespace openscs::api {

// What a route does, for the role check, the audit log and the OpenAPI test.
enum class Access {
  kRead,    // viewer and admin
  kWrite,   // admin only; a viewer's attempt is refused and audited
  kReveal,  // admin only, and every call is audited: the answer holds a secret
};

// The matched {name} segments, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

using Handler = std::function<Response(const Request&, const PathParams&, Context&)>;

struct Route {
  std::string method;    // "GET"
  std::string pattern;   // "/api/v1/systems/{uuid}/timeline"
  Access access = Access::kRead;
  std::string summary;   // one line, as in docs/api.md
  Handler handler;
};

class Router {
 public:
  void Add(Route route);
  // Matches `request.path` and `request.method`; the caller has already
  // authenticated `request.principal`.
  Response Dispatch(const Request& request, Context& context) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The whole API: every route of src/api registered on one router.
const Router& ApiRouter();

}  // namespace openscs::api
