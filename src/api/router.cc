#include "api/router.h"

#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/audit.h"

namespace openscs::api {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; an empty segment ("//") stays empty
// and so never matches a template segment.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool Match(std::string_view pattern, std::string_view path, PathParams& params) {
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  if (want.size() != have.size()) return false;
  PathParams found;
  for (size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      // A parameter never spans "." or ".." alone: those are path tricks.
      if (have[i].empty() || have[i] == "." || have[i] == "..") return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(have[i]));
    } else if (w != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(Route route) { routes_.push_back(std::move(route)); }

Response Router::Dispatch(const Request& request, Context& context) const {
  bool path_known = false;
  for (const auto& route : routes_) {
    PathParams params;
    if (!Match(route.pattern, request.path, params)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    if (route.access != Access::kRead && request.principal.role != store::UserRole::kAdmin) {
      // Refusals of changes and reveals are audited: someone tried.
      WriteAudit(context, request, fmt::format("{} {}", route.method, route.pattern), "", "refused: admin role needed",
                 false);
      return ErrorResponse(403, "forbidden",
                           fmt::format("{} {} needs the admin role; '{}' is a viewer", request.method, request.path,
                                       request.principal.user));
    }
    // Handlers check their input and never throw by design; a library
    // exception that slips through (nlohmann, bad_alloc) becomes a 500
    // here instead of unwinding into the listener.
    try {
      return route.handler(request, params, context);
    } catch (const std::exception& e) {
      spdlog::error("api: {} {} threw: {}", request.method, route.pattern, e.what());
      return ErrorResponse(500, "internal", "internal error; the server log has the detail");
    }
  }
  if (path_known) {
    return ErrorResponse(405, "method_not_allowed", fmt::format("{} is not allowed on {}", request.method, request.path));
  }
  return ErrorResponse(404, "not_found", fmt::format("no such API route: {}", request.path));
}

}  // namespace openscs::api
