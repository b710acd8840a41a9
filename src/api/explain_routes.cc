// GET /api/v1/explain?q= and GET /api/v1/compat?amt=&method=&scs=&oobm=:
// the knowledge base and the compatibility rules, answered as `openscs
// explain --json` and `openscs compat --json` print them. Pure lookups over
// compiled-in data: no store, no network.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_io.h"
#include "api/routes.h"
#include "compat/compat.h"
#include "kb/kb.h"
#include "present/compat_json.h"
#include "present/explain_json.h"

namespace openscs::api {
namespace {

// Longer text is not a code or a log line worth searching for.
constexpr size_t kMaxQuery = 2000;

Response Explain(const Request& request, const PathParams&, Context&) {
  const std::string q = QueryParam(request, "q").value_or("");
  if (q.empty()) return ErrorFromStatus(base::InvalidArgument("q: give a code, a PT_STATUS (0x80D) or text"));
  if (q.size() > kMaxQuery) {
    return ErrorFromStatus(base::InvalidArgument(fmt::format("q: {} characters, at most {}", q.size(), kMaxQuery)));
  }
  if (!kb::BuiltinStatus().ok()) return ErrorFromStatus(base::Internal(kb::BuiltinStatus().message()));
  // Found or not, the answer is 200: "found": false carries the closest codes.
  return JsonResponse(present::ExplainJson(present::Explain(q)));
}

Response Compat(const Request& request, const PathParams&, Context&) {
  const std::string amt = QueryParam(request, "amt").value_or("");
  if (amt.empty()) return ErrorFromStatus(base::InvalidArgument("amt: give the firmware version, e.g. 3.2.1"));
  std::vector<compat::Method> methods = {compat::Method::kPsk, compat::Method::kPki};
  if (auto method = QueryParam(request, "method"); method && !method->empty()) {
    auto m = compat::ParseMethod(*method);
    if (!m) return ErrorFromStatus(base::InvalidArgument(fmt::format("method: '{}' is not psk or pki", *method)));
    methods = {*m};
  }
  std::vector<compat::Verdict> verdicts;
  for (auto method : methods) {
    compat::Query q{amt, method, std::nullopt, std::nullopt};
    if (auto scs = QueryParam(request, "scs"); scs && !scs->empty()) q.scs = *scs;
    if (auto oobm = QueryParam(request, "oobm"); oobm && !oobm->empty()) q.oobm = *oobm;
    verdicts.push_back(compat::Evaluate(q));
  }
  return JsonResponse(present::CompatJson(verdicts));
}

}  // namespace

void AddExplainRoutes(Router& router) {
  router.Add({"GET", "/api/v1/explain", Access::kRead, "what a code, a PT_STATUS or a log line means (?q=)", Explain});
  router.Add({"GET", "/api/v1/compat", Access::kRead,
              "can this AMT version be provisioned, and how (?amt=&method=&scs=&oobm=)", Compat});
}

}  // namespace openscs::api
