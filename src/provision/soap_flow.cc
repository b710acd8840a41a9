// The legacy SOAP provisioning sequence (reference §6.2). Parameter names
// follow the Intel SDK's SecurityAdministration family as amtsim checks them
// (docs/protocols/legacy-soap.md); the schemas of SetTLSPSK, SetTlsEnabled
// and GenerateKeyPair are unverified against a WSDL (reference §12 q6).

#include <fmt/format.h>

#include "provision/error_codes.h"
#include "provision/flows.h"

namespace openscs::provision {
namespace {

namespace asio = boost::asio;
using soap::Element;
using soap::Leaf;

constexpr std::string_view kSecurity = "SecurityAdministration";
constexpr std::string_view kNetwork = "NetworkAdministration";
constexpr std::string_view kTime = "NetworkTime";

// Parameters computed when the step runs (from an earlier step's reply).
using Params = std::function<std::variant<std::vector<Element>, Failure>()>;

// One legacy call as a step named after its method; the reply goes to `out`
// when given.
NamedStep Soap(StepRunner& runner, std::string_view service, std::string_view method, Params params,
               soap::Response* out = nullptr, bool commit = false) {
  StepCall call = [&runner, path = fmt::format("/{}Service", service), ns = soap::IntelNamespace(service),
                   method = std::string(method), params = std::move(params), out]() -> asio::awaitable<CallResult> {
    auto built = params();
    if (auto* failure = std::get_if<Failure>(&built)) co_return CallResult{{}, 0, std::move(*failure)};
    auto reply = co_await amtclient::Call(runner.connection(), path, ns, method,
                                          std::get<std::vector<Element>>(std::move(built)));
    if (reply && out != nullptr) *out = *reply;
    co_return FromSoap(reply);
  };
  return NamedStep{std::string(method), std::move(call), commit};
}

Params Fixed(std::vector<Element> params) {
  return [params = std::move(params)]() -> std::variant<std::vector<Element>, Failure> { return params; };
}

}  // namespace

asio::awaitable<std::optional<Failure>> RunSoapFlow(StepRunner& r, const DesiredConfig& d, bool& committed) {
  soap::Response low;  // GetLowAccuracyTimeSynch's reply, read by the next step
  std::vector<NamedStep> steps;
  if (!d.mebx_password.empty()) {
    steps.push_back(Soap(r, kSecurity, "SetMEBxPassword", Fixed({Leaf("Password", d.mebx_password)})));
  }
  if (!d.host_name.empty()) steps.push_back(Soap(r, kNetwork, "SetHostName", Fixed({Leaf("HostName", d.host_name)})));
  if (!d.domain_name.empty()) {
    steps.push_back(Soap(r, kNetwork, "SetDomainName", Fixed({Leaf("DomainName", d.domain_name)})));
  }
  steps.push_back(Soap(r, kTime, "GetLowAccuracyTimeSynch", Fixed({}), &low));
  steps.push_back(Soap(r, kTime, "SetHighAccuracyTimeSynch",
                       [&]() -> std::variant<std::vector<Element>, Failure> {
                         const auto ta0 = low.body.ChildText("Ta0");
                         if (!ta0) return Missing("GetLowAccuracyTimeSynch", "Ta0");
                         // Tm1: when we got Ta0; Tm2: when we answer. Both now.
                         return std::vector<Element>{Leaf("Ta0", *ta0), Leaf("Tm1", UnixSeconds(r)),
                                                     Leaf("Tm2", UnixSeconds(r))};
                       }));
  steps.push_back(Soap(r, kSecurity, "SetAdminAclEntry",
                       Fixed({Leaf("Username", d.admin_user), Leaf("Password", d.admin_password)})));
  if (d.interfaces) {
    std::vector<Element> enabled;
    if (d.interfaces->web_ui) enabled.push_back(Leaf("EnabledInterfaces", "WebUI"));
    if (d.interfaces->sol) enabled.push_back(Leaf("EnabledInterfaces", "SoL"));
    if (d.interfaces->ider) enabled.push_back(Leaf("EnabledInterfaces", "IdeR"));
    steps.push_back(Soap(r, kSecurity, "SetEnabledInterfaces", Fixed(std::move(enabled))));
  }
  if (d.next_pid_pps) {
    steps.push_back(Soap(r, kSecurity, "SetTLSPSK",
                         Fixed({Leaf("PID", d.next_pid_pps->first), Leaf("PPS", d.next_pid_pps->second)})));
  }
  if (d.tls) {
    // The device makes its own key, so no private key leaves the server.
    // 0x80D while the ME is still generating it is retried.
    steps.push_back(
        Soap(r, kSecurity, "GenerateKeyPair", Fixed({Leaf("KeyAlgorithm", "0"), Leaf("KeyLength", "2048")})));
    steps.push_back(Soap(r, kSecurity, "SetTlsEnabled", Fixed({Leaf("Enabled", "true")})));
  }
  steps.push_back(Soap(r, kSecurity, "CommitChanges", Fixed({}), nullptr, true));
  co_return co_await r.Run(std::move(steps), committed);
}

}  // namespace openscs::provision
