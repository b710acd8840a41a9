#include "sim/wsman_services.h"

#include <charconv>
#include <functional>

#include <fmt/format.h>

#include "amt/pt_status.h"
#include "protocol/soap/wsman.h"
#include "sim/sim_device.h"

namespace openscs::sim {
namespace {

using soap::Element;
using soap::Leaf;

struct Reply {
  Reply(std::string a, Element b) : action(std::move(a)), body(std::move(b)) {}
  std::string action;  // response action
  Element body;
  bool fault = false;
  std::string subcode;
  std::string reason;
};

Reply Fault(std::string subcode, std::string reason) {
  Reply r("", {});
  r.fault = true;
  r.subcode = std::move(subcode);
  r.reason = std::move(reason);
  return r;
}

Element Resource(const std::string& uri, std::vector<Element> fields) {
  for (auto& f : fields) f.ns = uri;
  return Element{std::string(soap::ResourceClass(uri)), uri, {}, std::move(fields)};
}

std::string Bool(bool b) { return b ? "true" : "false"; }

std::string Param(const Element& body, std::string_view name) { return body.ChildText(name).value_or(""); }

Reply Invoked(const soap::WsmanRequest& r, std::string_view method, amt::PtStatus status,
              std::vector<Element> out = {}) {
  return Reply(soap::InvokeAction(r.resource_uri, std::string(method) + "Response"),
               soap::InvokeOutput(r.resource_uri, method, static_cast<uint32_t>(status), std::move(out)));
}

Reply GetSetupService(SimDevice& d, const std::string& uri) {
  const auto& m = d.model();
  return Reply(std::string(soap::kActionGet) + "Response",
          Resource(uri, {Leaf("CreationClassName", "AMT_SetupAndConfigurationService"),
                         Leaf("ElementName", "Intel(r) AMT Setup and Configuration Service"),
                         Leaf("Name", "Intel(r) AMT Setup and Configuration Service"),
                         Leaf("EnabledState", "5"),
                         Leaf("ProvisioningMode", std::to_string(static_cast<int>(m.provisioning_model()))),
                         Leaf("ProvisioningState", std::to_string(static_cast<int>(m.provisioning_state()))),
                         Leaf("ZeroTouchConfigurationEnabled",
                              Bool(m.NextHello().method == hello::Method::kPki && m.capabilities().remote_configuration)),
                         Leaf("ProvisioningServerOTP", ""),
                         Leaf("ConfigurationServerFQDN", m.setup().config_server_fqdn),
                         Leaf("PasswordModel", "1")}));
}

Reply GetGeneralSettings(SimDevice& d, const std::string& uri) {
  const auto& m = d.model();
  return Reply(std::string(soap::kActionGet) + "Response",
          Resource(uri, {Leaf("ElementName", "Intel(r) AMT: General Settings"),
                         Leaf("InstanceID", "Intel(r) AMT: General Settings"),
                         Leaf("NetworkInterfaceEnabled", "true"), Leaf("DigestRealm", m.digest_realm()),
                         Leaf("HostName", m.network().host_name), Leaf("DomainName", m.network().domain_name),
                         Leaf("AMTNetworkEnabled", "1"), Leaf("DHCPv6ConfigurationTimeout", "0")}));
}

Reply Dispatch(SimDevice& d, const soap::WsmanRequest& r) {
  device::Device& m = d.model();
  const std::string_view cls = soap::ResourceClass(r.resource_uri);
  const bool get = r.action == soap::kActionGet;
  const bool put = r.action == soap::kActionPut;

  if (cls == "AMT_SetupAndConfigurationService") {
    if (get) return GetSetupService(d, r.resource_uri);
    const std::string prefix = r.resource_uri + "/";
    if (r.action.rfind(prefix, 0) != 0) return Fault("ActionNotSupported", "unsupported action " + r.action);
    const std::string method = r.action.substr(prefix.size());
    if (method == "SetMEBxPassword") return Invoked(r, method, m.SetMebxPassword(Param(r.body, "Password")));
    if (method == "CommitChanges") return Invoked(r, method, m.CommitChanges(d.Now()));
    if (method == "Unprovision") return Invoked(r, method, m.Unprovision(false, d.Now()));
    if (method == "PartialUnprovision") return Invoked(r, method, m.Unprovision(true, d.Now()));
    if (method == "SetTLSPSK") return Invoked(r, method, m.SetTlsPsk(Param(r.body, "PID"), Param(r.body, "PPS")));
    if (method == "ExtendProvisioningPeriod") return Invoked(r, method, amt::PtStatus::kSuccess);
    if (method == "GetUuid") return Invoked(r, method, amt::PtStatus::kSuccess, {Leaf("UUID", m.uuid().ToString())});
    return Fault("ActionNotSupported", "AMT_SetupAndConfigurationService has no method " + method);
  }
  if (cls == "AMT_GeneralSettings") {
    if (get) return GetGeneralSettings(d, r.resource_uri);
    if (put) {
      if (auto host = r.body.ChildText("HostName"); host && host->size() > 0) {
        if (m.SetHostName(*host) != amt::PtStatus::kSuccess) return Fault("SchemaValidationError", "bad HostName");
      }
      if (auto domain = r.body.ChildText("DomainName")) {
        if (m.SetDomainName(*domain) != amt::PtStatus::kSuccess) return Fault("SchemaValidationError", "bad DomainName");
      }
      Reply reply = GetGeneralSettings(d, r.resource_uri);
      // Pending values show as set, as the firmware echoes the Put.
      for (auto& f : reply.body.children) {
        if (f.name == "HostName" && r.body.ChildText("HostName")) f.text = *r.body.ChildText("HostName");
        if (f.name == "DomainName" && r.body.ChildText("DomainName")) f.text = *r.body.ChildText("DomainName");
      }
      reply.action = std::string(soap::kActionPut) + "Response";
      return reply;
    }
  }
  if (cls == "CIM_SoftwareIdentity" && get) {
    return Reply(std::string(soap::kActionGet) + "Response",
                 Resource(r.resource_uri, {Leaf("InstanceID", "AMT"), Leaf("IsEntity", "true"),
                                           Leaf("VersionString", m.capabilities().version.ToString())}));
  }
  if (cls == "AMT_AuthorizationService" && r.action == soap::InvokeAction(r.resource_uri, "SetAdminAclEntryEx")) {
    return Invoked(r, "SetAdminAclEntryEx",
                   m.SetAdminAclEntryEx(Param(r.body, "Username"), Param(r.body, "DigestPassword")));
  }
  if (cls == "AMT_TimeSynchronizationService") {
    if (r.action == soap::InvokeAction(r.resource_uri, "GetLowAccuracyTimeSynch")) {
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(d.Now().time_since_epoch()).count();
      return Invoked(r, "GetLowAccuracyTimeSynch", amt::PtStatus::kSuccess, {Leaf("Ta0", std::to_string(seconds))});
    }
    if (r.action == soap::InvokeAction(r.resource_uri, "SetHighAccuracyTimeSynch")) {
      return Invoked(r, "SetHighAccuracyTimeSynch", m.SetTime(d.Now()));
    }
  }
  if (cls == "AMT_RedirectionService" && r.action == soap::InvokeAction(r.resource_uri, "RequestStateChange")) {
    // 32768 none, 32769 IDE-R, 32770 SOL, 32771 both (AMT_RedirectionService.EnabledState).
    const std::string state = Param(r.body, "RequestedState");
    if (state != "32768" && state != "32769" && state != "32770" && state != "32771") {
      return Invoked(r, "RequestStateChange", amt::PtStatus::kInvalidParameter);
    }
    const int bits = std::stoi(state) - 32768;
    return Invoked(r, "RequestStateChange", m.SetRedirection((bits & 2) != 0, (bits & 1) != 0));
  }
  if (cls == "AMT_PublicKeyManagementService" && r.action == soap::InvokeAction(r.resource_uri, "GenerateKeyPair")) {
    const amt::PtStatus status = m.GenerateKeyPair();
    std::vector<Element> out;
    if (status == amt::PtStatus::kSuccess) out.push_back(Leaf("KeyPair", "Intel(r) AMT Key: Handle: 0"));
    return Invoked(r, "GenerateKeyPair", status, std::move(out));
  }
  if (cls == "AMT_TLSSettingData" && put) {
    const auto enabled = r.body.ChildText("Enabled");
    if (!enabled) return Fault("SchemaValidationError", "AMT_TLSSettingData Put needs Enabled");
    m.SetTlsEnabled(*enabled == "true");
    return Reply(std::string(soap::kActionPut) + "Response",
                 Resource(r.resource_uri, {Leaf("InstanceID", r.selectors.count("InstanceID") != 0
                                                                  ? r.selectors.at("InstanceID")
                                                                  : "Intel(r) AMT 802.3 TLS Settings"),
                                           Leaf("Enabled", *enabled)}));
  }
  return Fault("DestinationUnreachable", fmt::format("no resource {} for action {}", cls, r.action));
}

}  // namespace

HttpResponse HandleWsman(SimDevice& device, const HttpRequest& request) {
  HttpResponse response;
  response.headers["Content-Type"] = "application/soap+xml; charset=utf-8";
  auto parsed = soap::ParseWsmanRequest(request.body);
  if (!parsed) {
    device.Log("warning", fmt::format("WS-Man request rejected: {}", parsed.error().message()));
    response.status = 400;
    response.body = soap::BuildWsmanFault("", "uuid:0", "InvalidMessageInformationHeader", parsed.error().message());
    return response;
  }
  const Reply reply = Dispatch(device, *parsed);
  const std::string message_id = fmt::format("uuid:{:08x}-sim", device.requests_served());
  if (reply.fault) {
    device.Log("warning", fmt::format("WS-Man {} on {}: {}", reply.subcode, soap::ResourceClass(parsed->resource_uri),
                                      reply.reason));
    response.status = 400;
    response.body = soap::BuildWsmanFault(parsed->message_id, message_id, reply.subcode, reply.reason);
    return response;
  }
  auto rv = reply.body.name.ends_with("_OUTPUT") ? soap::ReturnValueOf(reply.body) : base::Result<uint32_t>(0u);
  device.Log(rv && *rv == 0 ? "info" : "warning",
             fmt::format("WS-Man {} -> {}", parsed->action.substr(parsed->action.rfind('/') + 1),
                         rv ? fmt::format("0x{:x}", *rv) : std::string("?")));
  response.body = soap::BuildWsmanResponse(reply.action, parsed->message_id, message_id, reply.body);
  return response;
}

}  // namespace openscs::sim
