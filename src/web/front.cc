#include "web/front.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/json_io.h"
#include "api/router.h"
#include "auth/password.h"
#include "auth/token.h"
#include "store/store.h"
#include "web/login_limiter.h"
#include "web/sessions.h"
#include "web/static_assets.h"
#include "web/store_pool.h"
#include "web/url.h"

namespace openscs::web {
namespace {

using nlohmann::json;

HttpResponse FromApi(api::Response r) {
  HttpResponse out;
  out.status = r.status;
  out.content_type = std::move(r.content_type);
  out.body = std::move(r.body);
  out.headers = std::move(r.headers);
  return out;
}

HttpResponse Error(int status, std::string_view code, std::string_view message) {
  return FromApi(api::ErrorResponse(status, code, message));
}

HttpResponse Json(const json& body, int status = 200) { return FromApi(api::JsonResponse(body, status)); }

std::string Header(const HttpRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

// "application/json; charset=utf-8" -> "application/json".
std::string MediaType(std::string value) {
  if (auto semi = value.find(';'); semi != std::string::npos) value.erase(semi);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  return value;
}

std::string CookieValue(const std::string& cookies, std::string_view name) {
  std::string_view rest = cookies;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return {};
}

bool Changes(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::string SessionCookie(const std::string& value, bool tls, bool clear) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", kSessionCookie, value, tls ? "; Secure" : "",
                     clear ? "; Max-Age=0" : "");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> WebRoutes() {
  return {{"GET", "/healthz"},          {"GET", "/readyz"},           {"GET", "/metrics"},
          {"POST", "/api/v1/session"},  {"GET", "/api/v1/session"},   {"DELETE", "/api/v1/session"},
          {"GET", "/api/v1/events"}};
}

Front::Front(FrontDependencies deps) : deps_(std::move(deps)) {
  // Any valid hash will do; it makes a login for an unknown user cost what
  // a wrong password costs, so timing does not tell which names exist.
  if (auto h = auth::HashPassword("openscs timing equaliser"); h) dummy_hash_ = *h;
}

HttpResponse Front::Handle(const HttpRequest& request) {
  HttpResponse r;
  try {
    r = Route(request);
  } catch (const std::exception& e) {
    spdlog::error("web: {} {}: {}", request.method, request.target.substr(0, 200), e.what());
    r = Error(500, "internal", "internal error; the server log has the detail");
  }
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                           "form-action 'self'");
  }
  if (r.content_type.rfind("application/json", 0) == 0 || r.start_event_stream) {
    r.headers.emplace_back("Cache-Control", "no-store");
  }
  if (r.status >= 100 && r.status < 600) responses_[static_cast<size_t>(r.status / 100)]++;
  return r;
}

HttpResponse Front::Route(const HttpRequest& request) {
  auto target = ParseTarget(request.target);
  if (!target) return Error(400, "invalid_argument", target.error().message());
  const std::string& path = target->path;
  const std::string& method = request.method;
  const bool api = path.rfind("/api/", 0) == 0;

  if (path == "/healthz") {
    if (method != "GET" && method != "HEAD") return Error(405, "method_not_allowed", "/healthz answers GET");
    return Json({{"status", "ok"}});
  }
  if (path == "/readyz") {
    if (method != "GET" && method != "HEAD") return Error(405, "method_not_allowed", "/readyz answers GET");
    return Ready();
  }
  if (!api && path != "/metrics") {
    // The console's files: no data in them, so no login needed (the page
    // itself asks for one).
    if (method != "GET" && method != "HEAD") return Error(405, "method_not_allowed", "static files answer GET");
    const Asset* asset = deps_.assets.Find(path);
    if (!asset) return Error(404, "not_found", fmt::format("no such file: {}", path));
    HttpResponse r;
    r.content_type = asset->content_type;
    r.body = asset->body;
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }
  if (path == "/api/v1/session" && method == "POST") return Login(request);

  HttpResponse refusal;
  auto caller = Authenticate(request, refusal);
  if (!caller) return refusal;

  if (!caller->session_id.empty() && Changes(method)) {
    // Browsers send the cookie on their own; only our page knows the token.
    const std::string sent = Header(request, std::string(kCsrfHeader));
    const std::string origin = Header(request, "origin");
    const std::string host = Header(request, "host");
    const bool origin_ok =
        origin.empty() || origin == fmt::format("{}://{}", request.tls ? "https" : "http", host);
    if (!origin_ok || !ConstantTimeEquals(sent, caller->csrf_token)) {
      Audit(request, caller->principal.user, caller->principal.via, "csrf_refused",
            fmt::format("{} {}: {}", method, path, origin_ok ? "missing or wrong X-CSRF-Token" : "foreign Origin"),
            false);
      return Error(403, "csrf_failed",
                   origin_ok ? "this request changes something and needs the X-CSRF-Token header of your session"
                             : fmt::format("Origin {} is not this console", origin));
    }
  }

  if (path == "/api/v1/session") {
    if (method == "GET") {
      return Json({{"user", caller->principal.user},
                   {"role", store::UserRoleName(caller->principal.role)},
                   {"via", caller->session_id.empty() ? "token" : "session"},
                   {"csrf_token", caller->csrf_token}});
    }
    if (method == "DELETE") {
      if (!caller->session_id.empty()) deps_.sessions.Remove(caller->session_id);
      Audit(request, caller->principal.user, caller->principal.via, "logout", "", true);
      HttpResponse r = Json({{"status", "logged out"}});
      r.headers.emplace_back("Set-Cookie", SessionCookie("", request.tls, true));
      return r;
    }
    return Error(405, "method_not_allowed", fmt::format("{} is not allowed on {}", method, path));
  }
  if (path == "/metrics") {
    if (method != "GET") return Error(405, "method_not_allowed", "/metrics answers GET");
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = deps_.metrics_text ? deps_.metrics_text() : std::string();
    return r;
  }
  if (path == "/api/v1/events") {
    if (method != "GET") return Error(405, "method_not_allowed", "/api/v1/events answers GET");
    HttpResponse r;
    r.start_event_stream = true;
    r.content_type = "text/event-stream";
    return r;
  }

  auto lease = deps_.stores.Borrow();
  if (!lease) {
    spdlog::error("web: {}", lease.error().ToString());
    return Error(503, "unavailable", "the database cannot be opened now; the server log has the detail");
  }
  api::Request ar;
  ar.method = method;
  ar.path = path;
  ar.query = target->query;
  ar.content_type = MediaType(Header(request, "content-type"));
  ar.body = request.body;
  ar.remote = request.remote;
  ar.principal = caller->principal;
  api::Context context{**lease, deps_.vault, deps_.clock, deps_.random, deps_.api_options};
  return FromApi(api::ApiRouter().Dispatch(ar, context));
}

HttpResponse Front::Ready() {
  if (deps_.ready && !deps_.ready()) return Json({{"status", "not ready"}, {"reason", "hello listener not serving"}}, 503);
  auto lease = deps_.stores.Borrow();
  if (!lease) return Json({{"status", "not ready"}, {"reason", "database cannot be opened"}}, 503);
  if (auto v = (*lease)->SchemaVersion(); v <= 0) {
    return Json({{"status", "not ready"}, {"reason", "database not migrated"}}, 503);
  }
  return Json({{"status", "ready"}});
}

HttpResponse Front::Login(const HttpRequest& request) {
  // JSON only: a cross-site form cannot send it without a CORS preflight,
  // which this server never grants (login CSRF).
  if (MediaType(Header(request, "content-type")) != "application/json") {
    return Error(415, "unsupported_media_type", "log in with a JSON body {\"user\": ..., \"password\": ...}");
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error(400, "invalid_json", "request body is not a JSON object");
  }
  if (!body.contains("user") || !body["user"].is_string() || !body.contains("password") ||
      !body["password"].is_string()) {
    return Error(400, "invalid_argument", "log in with string fields \"user\" and \"password\"");
  }
  const std::string user = body["user"].get<std::string>();
  const std::string password = body["password"].get<std::string>();
  if (user.empty() || user.size() > 64) return Error(400, "invalid_argument", "user: must be 1 to 64 characters");

  if (auto wait = deps_.limiter.RetryAfter(request.remote, user)) {
    Audit(request, user, "session", "login", "refused: too many failed logins", false);
    HttpResponse r = Error(429, "rate_limited",
                           fmt::format("too many failed logins; try again in {} s", wait->count()));
    r.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return r;
  }
  auto lease = deps_.stores.Borrow();
  if (!lease) return Error(503, "unavailable", "the database cannot be opened now");
  auto record = (*lease)->GetUser(user);
  if (!record) return Error(503, "unavailable", "the database cannot be read now");
  const bool known = record->has_value();
  const bool password_ok = auth::VerifyPassword(known ? (*record)->password_hash : dummy_hash_, password);
  if (!known || !password_ok || (*record)->disabled) {
    deps_.limiter.RecordFailure(request.remote, user);
    Audit(request, user, "session", "login",
          !known ? "unknown user" : !password_ok ? "wrong password" : "user is disabled", false);
    return Error(401, "unauthenticated", "user name or password is wrong (or the user is disabled)");
  }
  deps_.limiter.RecordSuccess(user);
  auto created = deps_.sessions.Create(user, auth::TokenDigest((*record)->password_hash));
  Audit(request, user, "session", "login", "", true);
  HttpResponse r = Json({{"user", user},
                         {"role", store::UserRoleName((*record)->role)},
                         {"csrf_token", created.csrf_token}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(created.id, request.tls, false));
  return r;
}

bool Front::StillAuthenticated(const HttpRequest& request) {
  HttpResponse refusal;
  return Authenticate(request, refusal).has_value();
}

std::optional<Front::Caller> Front::Authenticate(const HttpRequest& request, HttpResponse& refusal) {
  auto refuse = [&](std::string_view message) {
    refusal = Error(401, "unauthenticated", message);
    refusal.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"openscs\"");
    return std::nullopt;
  };
  auto lease = deps_.stores.Borrow();
  if (!lease) {
    refusal = Error(503, "unavailable", "the database cannot be opened now");
    return std::nullopt;
  }
  store::Store& store = **lease;
  Caller caller;
  std::string user;
  const std::string authorization = Header(request, "authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.rfind(kBearer, 0) != 0) return refuse("Authorization must be \"Bearer <token>\"");
    const std::string token = authorization.substr(kBearer.size());
    auto found = store.FindApiTokenByDigest(auth::TokenDigest(token));
    if (!found) {
      refusal = Error(503, "unavailable", "the database cannot be read now");
      return std::nullopt;
    }
    if (!found->has_value()) return refuse("the bearer token is not known (revoked?)");
    const store::ApiTokenRecord& t = **found;
    const auto now = deps_.clock.Now();
    if (t.expires != base::TimePoint{} && t.expires <= now) return refuse("the bearer token has expired");
    // One write a minute at most, not one per request.
    if (now - t.last_used > std::chrono::minutes(1)) (void)store.TouchApiToken(t.id, now);
    user = t.user;
    caller.principal.via = "token:" + t.id;
  } else {
    const std::string id = CookieValue(Header(request, "cookie"), kSessionCookie);
    if (id.empty()) return refuse("log in first (POST /api/v1/session) or send a bearer token");
    auto session = deps_.sessions.Find(id);
    if (!session) return refuse("the session has expired; log in again");
    user = session->user;
    caller.session_id = id;
    caller.csrf_token = session->csrf_token;
    caller.password_stamp = session->password_stamp;
    caller.principal.via = "session";
  }
  // The user's current role and state, not what they were at login.
  auto record = store.GetUser(user);
  if (!record) {
    refusal = Error(503, "unavailable", "the database cannot be read now");
    return std::nullopt;
  }
  if (!record->has_value() || (*record)->disabled) {
    if (!caller.session_id.empty()) deps_.sessions.Remove(caller.session_id);
    return refuse("the user no longer exists or is disabled");
  }
  // `openscs users passwd` (another process) changed the password: whoever
  // logged in with the old one must log in again.
  if (!caller.session_id.empty() && caller.password_stamp != auth::TokenDigest((*record)->password_hash)) {
    deps_.sessions.Remove(caller.session_id);
    return refuse("the password was changed since this session began; log in again");
  }
  caller.principal.user = user;
  caller.principal.role = (*record)->role;
  return caller;
}

void Front::Audit(const HttpRequest& request, const std::string& user, const std::string& via, std::string_view action,
                  std::string_view detail, bool success) {
  auto lease = deps_.stores.Borrow();
  if (!lease) return;
  store::AuditEntry e;
  e.at = deps_.clock.Now();
  e.user = user;
  e.via = via;
  e.action = std::string(action);
  e.detail = std::string(detail);
  e.remote = request.remote;
  e.success = success;
  if (auto id = (*lease)->AppendAudit(e); !id) spdlog::error("audit: {}", id.error().ToString());
}

}  // namespace openscs::web
