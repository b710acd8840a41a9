#pragma once

// Everything the web listener decides about a request, without sockets:
// which part answers it (health, metrics, login, the REST API, the console's
// files), who is asking (session cookie or bearer token), whether a
// state-changing request carries its CSRF token, and the security headers
// of every answer. The transport (web_server.cc) only reads and writes HTTP.
// docs/api.md describes the behaviour; tests/web/front_test.cc checks it.
//
// Thread-safe: Handle() runs on several listener threads at once.

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/context.h"
#include "api/request.h"
#include "base/clock.h"
#include "base/random.h"

namespace openscs::secrets {
class Vault;
}

namespace openscs::web {

class StorePool;
class StaticAssets;
class SessionTable;
class LoginLimiter;

struct HttpRequest {
  std::string method;                         // "GET"
  std::string target;                         // "/api/v1/systems?state=failed"
  std::map<std::string, std::string> headers;  // names lower case
  std::string body;
  std::string remote;                         // client address
  bool tls = false;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // GET /api/v1/events was accepted: the transport keeps the connection and
  // streams server-sent events to it.
  bool start_event_stream = false;
};

struct FrontDependencies {
  StorePool& stores;
  const secrets::Vault& vault;
  const base::Clock& clock;
  base::RandomSource random;
  const api::Options& api_options;
  const StaticAssets& assets;
  SessionTable& sessions;
  LoginLimiter& limiter;
  std::function<std::string()> metrics_text;  // Prometheus text of the server's metrics
  std::function<bool()> ready;                // hello listener bound and not stopping
};

// The paths the web layer answers itself (not the API router), for the
// OpenAPI test: {method, path}.
std::vector<std::pair<std::string, std::string>> WebRoutes();

inline constexpr std::string_view kSessionCookie = "openscs_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

class Front {
 public:
  explicit Front(FrontDependencies deps);
  HttpResponse Handle(const HttpRequest& request);
  // Whether the request's session or token still stands (the user not
  // disabled or removed, the password unchanged, nothing expired): an open
  // event stream asks again now and then, and ends when it does not.
  bool StillAuthenticated(const HttpRequest& request);

  // Counters for /metrics: answers by status class (index 1..5).
  uint64_t responses(int status_class) const { return responses_[static_cast<size_t>(status_class)].load(); }

 private:
  struct Caller {
    api::Principal principal;
    std::string session_id;  // "" for bearer tokens
    std::string csrf_token;
    std::string password_stamp;  // the session's; see Session
  };
  HttpResponse Route(const HttpRequest& request);
  HttpResponse Login(const HttpRequest& request);
  HttpResponse Ready();
  // The caller, or the 401 to answer.
  std::optional<Caller> Authenticate(const HttpRequest& request, HttpResponse& refusal);
  void Audit(const HttpRequest& request, const std::string& user, const std::string& via, std::string_view action,
             std::string_view detail, bool success);

  FrontDependencies deps_;
  std::string dummy_hash_;  // verified against when the user does not exist (same timing)
  std::array<std::atomic<uint64_t>, 6> responses_{};
};

}  // namespace openscs::web
