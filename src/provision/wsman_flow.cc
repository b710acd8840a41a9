// The WS-Management provisioning sequence (reference §6.3, the pattern of
// MeshCentral and Intel's PowerShell module), as docs/protocols/wsman.md
// describes it.

#include <fmt/format.h>

#include "http/digest.h"
#include "protocol/soap/wsman.h"
#include "provision/error_codes.h"
#include "provision/flows.h"

namespace openscs::provision {
namespace {

namespace asio = boost::asio;
using amtclient::Selectors;
using amtclient::WsmanReply;
using soap::Element;
using soap::Leaf;

constexpr std::string_view kSetupService = "AMT_SetupAndConfigurationService";
constexpr std::string_view kGeneralSettings = "AMT_GeneralSettings";
constexpr std::string_view kTimeService = "AMT_TimeSynchronizationService";
constexpr std::string_view kTlsSettings = "AMT_TLSSettingData";
constexpr std::string_view kTlsSettingsInstance = "Intel(r) AMT 802.3 TLS Settings";
constexpr std::string_view kProvisioningStatePost = "2";

std::string Resource(std::string_view cls) {
  return cls.starts_with("CIM_") ? soap::CimResource(cls) : soap::AmtResource(cls);
}

// What a WS-Man step sends, computed when it runs (it may need an earlier
// reply). A Failure instead ends the session.
struct Request {
  enum Verb { kGet, kPut, kInvoke } verb = kGet;
  std::string method;  // kInvoke
  std::vector<Element> params;
  Element body;  // kPut
  Selectors selectors;
};
using Build = std::function<std::variant<Request, Failure>()>;

NamedStep Ws(StepRunner& runner, std::string name, std::string_view cls, Build build, WsmanReply* out = nullptr,
             bool commit = false) {
  StepCall call = [&runner, uri = Resource(cls), build = std::move(build), out]() -> asio::awaitable<CallResult> {
    auto built = build();
    if (auto* failure = std::get_if<Failure>(&built)) co_return CallResult{{}, 0, std::move(*failure)};
    Request& q = std::get<Request>(built);
    amtclient::Connection& c = runner.connection();
    std::optional<amtclient::Result<WsmanReply>> reply;
    if (q.verb == Request::kGet) {
      reply.emplace(co_await amtclient::Get(c, uri, std::move(q.selectors)));
    } else if (q.verb == Request::kPut) {
      reply.emplace(co_await amtclient::Put(c, uri, std::move(q.body), std::move(q.selectors)));
    } else {
      reply.emplace(co_await amtclient::Invoke(c, uri, q.method, std::move(q.params)));
    }
    if (*reply && out != nullptr) *out = **reply;
    co_return FromWsman(*reply);
  };
  return NamedStep{std::move(name), std::move(call), commit};
}

Build Get() {
  return [] { return std::variant<Request, Failure>(Request{}); };
}
Build Invoke(std::string method, std::vector<Element> params = {}) {
  return [method = std::move(method), params = std::move(params)] {
    return std::variant<Request, Failure>(Request{Request::kInvoke, method, params, {}, {}});
  };
}

// Sets (or adds) the field `name` of a resource instance to `value`.
void SetField(Element& instance, std::string_view name, std::string value) {
  for (auto& field : instance.children) {
    if (field.name == name) {
      field.text = std::move(value);
      return;
    }
  }
  instance.children.push_back(Element{std::string(name), instance.ns, std::move(value), {}});
}

Element TlsSettingsInstance() {
  const std::string uri = Resource(kTlsSettings);
  Element e{std::string(kTlsSettings), uri, {}, {}};
  e.children.push_back(Element{"ElementName", uri, std::string(kTlsSettingsInstance), {}});
  e.children.push_back(Element{"InstanceID", uri, std::string(kTlsSettingsInstance), {}});
  e.children.push_back(Element{"MutualAuthentication", uri, "false", {}});
  e.children.push_back(Element{"Enabled", uri, "true", {}});
  return e;
}

}  // namespace

asio::awaitable<std::optional<Failure>> RunWsmanFlow(StepRunner& r, const DesiredConfig& d, bool& committed) {
  // Replies that later steps read; they live in this frame until Run() ends.
  WsmanReply setup;
  WsmanReply settings;
  WsmanReply low;
  const std::string address = r.connection().options().address;
  std::vector<NamedStep> steps;
  steps.push_back(Ws(r, "Get AMT_SetupAndConfigurationService", kSetupService, Get(), &setup));
  steps.push_back(Ws(r, "Get AMT_GeneralSettings", kGeneralSettings, [&]() -> std::variant<Request, Failure> {
    if (setup.body.ChildText("ProvisioningState") == kProvisioningStatePost) {
      return Failure{std::string(codes::kNotInSetupMode), "Get AMT_SetupAndConfigurationService",
                     fmt::format("{} reports ProvisioningState 2 (already provisioned)", address), 0};
    }
    return Request{};
  }, &settings));
  if (!d.mebx_password.empty()) {
    steps.push_back(Ws(r, "SetMEBxPassword", kSetupService, Invoke("SetMEBxPassword", {Leaf("Password", d.mebx_password)})));
  }
  steps.push_back(Ws(r, "SetAdminAclEntryEx", "AMT_AuthorizationService", [&]() -> std::variant<Request, Failure> {
    const auto realm = settings.body.ChildText("DigestRealm");
    if (!realm || realm->empty()) return Missing("Get AMT_GeneralSettings", "DigestRealm");
    // AMT stores HA1 = MD5(user:realm:password), so the plain password never
    // travels; HA1 is as good as the password against this device.
    const std::string ha1 = http::DigestHa1(d.admin_user, *realm, d.admin_password);
    r.connection().AddSecret(ha1);
    return Request{Request::kInvoke, "SetAdminAclEntryEx", {Leaf("Username", d.admin_user), Leaf("DigestPassword", ha1)},
                   {}, {}};
  }));
  steps.push_back(Ws(r, "GetLowAccuracyTimeSynch", kTimeService, Invoke("GetLowAccuracyTimeSynch"), &low));
  steps.push_back(Ws(r, "SetHighAccuracyTimeSynch", kTimeService, [&]() -> std::variant<Request, Failure> {
    const auto ta0 = low.body.ChildText("Ta0");
    if (!ta0) return Missing("GetLowAccuracyTimeSynch", "Ta0");
    return Request{Request::kInvoke, "SetHighAccuracyTimeSynch",
                   {Leaf("Ta0", *ta0), Leaf("Tm1", UnixSeconds(r)), Leaf("Tm2", UnixSeconds(r))}, {}, {}};
  }));
  if (!d.host_name.empty() || !d.domain_name.empty()) {
    steps.push_back(Ws(r, "Put AMT_GeneralSettings", kGeneralSettings, [&]() -> std::variant<Request, Failure> {
      // A Put carries the whole instance: the one read above, names changed.
      Request q{Request::kPut, {}, {}, settings.body, {}};
      if (!d.host_name.empty()) SetField(q.body, "HostName", d.host_name);
      if (!d.domain_name.empty()) SetField(q.body, "DomainName", d.domain_name);
      return q;
    }));
  }
  if (d.next_pid_pps) {
    steps.push_back(Ws(r, "SetTLSPSK", kSetupService,
                       Invoke("SetTLSPSK", {Leaf("PID", d.next_pid_pps->first), Leaf("PPS", d.next_pid_pps->second)})));
  }
  if (d.tls) {
    steps.push_back(Ws(r, "GenerateKeyPair", "AMT_PublicKeyManagementService",
                       Invoke("GenerateKeyPair", {Leaf("KeyAlgorithm", "0"), Leaf("KeyLength", "2048")})));
    steps.push_back(Ws(r, "Put AMT_TLSSettingData", kTlsSettings, [] {
      return std::variant<Request, Failure>(Request{Request::kPut, {}, {}, TlsSettingsInstance(),
                                                    {{"InstanceID", std::string(kTlsSettingsInstance)}}});
    }));
  }
  if (d.interfaces) {
    // EnabledState values of AMT_RedirectionService: 32768 + (SOL ? 2 : 0) + (IDE-R ? 1 : 0).
    const int state = 32768 + (d.interfaces->sol ? 2 : 0) + (d.interfaces->ider ? 1 : 0);
    steps.push_back(Ws(r, "RequestStateChange AMT_RedirectionService", "AMT_RedirectionService",
                       Invoke("RequestStateChange", {Leaf("RequestedState", std::to_string(state))})));
  }
  steps.push_back(Ws(r, "CommitChanges", kSetupService, Invoke("CommitChanges"), nullptr, true));
  co_return co_await r.Run(std::move(steps), committed);
}

}  // namespace openscs::provision
