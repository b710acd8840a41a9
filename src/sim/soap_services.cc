#include "sim/soap_services.h"

#include <array>
#include <charconv>
#include <functional>

#include <fmt/format.h>

#include "amt/pt_status.h"
#include "protocol/soap/soap.h"
#include "sim/sim_device.h"

namespace openscs::sim {
namespace {

using amt::PtStatus;
using soap::Element;
using soap::Leaf;

struct Reply {
  PtStatus status = PtStatus::kSuccess;
  std::vector<Element> out;
};

using Method = std::function<Reply(SimDevice&, const Element& params)>;

struct MethodEntry {
  std::string_view path;
  std::string_view name;
  Method run;
};

std::optional<uint32_t> ParseU32(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return v;
}

uint32_t Ipv4ToU32(std::string_view dotted) {
  uint32_t out = 0;
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t dot = dotted.find('.', start);
    uint32_t part = 0;
    const auto piece = dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    std::from_chars(piece.data(), piece.data() + piece.size(), part);
    out = out << 8 | (part & 0xff);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

Reply Status(PtStatus s) { return {s, {}}; }

Reply RequireText(const Element& params, std::initializer_list<std::string_view> names,
                  const std::function<PtStatus(const std::vector<std::string>&)>& apply) {
  std::vector<std::string> values;
  for (auto name : names) {
    auto text = params.ChildText(name);
    if (!text) return Status(PtStatus::kInvalidParameter);
    values.push_back(*text);
  }
  return Status(apply(values));
}

const std::vector<MethodEntry>& Methods() {
  static const std::vector<MethodEntry> methods = {
      // SecurityAdministration
      {"/SecurityAdministrationService", "GetCoreVersion",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess, {Leaf("Version", d.model().capabilities().version.ToString())}};
       }},
      {"/SecurityAdministrationService", "SetAdminAclEntry",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"Username", "Password"},
                            [&](auto& v) { return d.model().SetAdminAclEntry(v[0], v[1]); });
       }},
      {"/SecurityAdministrationService", "SetMEBxPassword",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"Password"}, [&](auto& v) { return d.model().SetMebxPassword(v[0]); });
       }},
      {"/SecurityAdministrationService", "SetTLSPSK",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"PID", "PPS"}, [&](auto& v) { return d.model().SetTlsPsk(v[0], v[1]); });
       }},
      {"/SecurityAdministrationService", "SetTlsEnabled",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"Enabled"}, [&](auto& v) { return d.model().SetTlsEnabled(v[0] == "true" || v[0] == "1"); });
       }},
      {"/SecurityAdministrationService", "SetTLSKeyAndCertificate",
       [](SimDevice& d, const Element& p) {
         if (!p.Child("PrivateKey") || !p.Child("CertificateChain")) return Status(PtStatus::kInvalidParameter);
         return Status(d.model().GenerateKeyPair());
       }},
      {"/SecurityAdministrationService", "SetEnabledInterfaces",
       [](SimDevice& d, const Element& p) {
         // Repeated <EnabledInterfaces>WebUI|SoL|IdeR</EnabledInterfaces>; none listed: all off.
         device::EnabledInterfaces set{false, false, false};
         for (const auto& child : p.children) {
           if (child.name != "EnabledInterfaces") continue;
           if (child.text == "WebUI") set.web_ui = true;
           else if (child.text == "SoL") set.sol = true;
           else if (child.text == "IdeR") set.ider = true;
           else return Status(PtStatus::kInvalidParameter);
         }
         return Status(d.model().SetEnabledInterfaces(set));
       }},
      {"/SecurityAdministrationService", "GenerateKeyPair",
       [](SimDevice& d, const Element&) { return Status(d.model().GenerateKeyPair()); }},
      {"/SecurityAdministrationService", "CommitChanges",
       [](SimDevice& d, const Element&) { return Status(d.model().CommitChanges(d.Now())); }},
      {"/SecurityAdministrationService", "Unprovision",
       [](SimDevice& d, const Element&) { return Status(d.model().Unprovision(false, d.Now())); }},
      {"/SecurityAdministrationService", "PartialUnprovision",
       [](SimDevice& d, const Element&) { return Status(d.model().Unprovision(true, d.Now())); }},
      {"/SecurityAdministrationService", "GetProvisioningMode",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess,
                      {Leaf("ProvisioningMode", std::to_string(static_cast<int>(d.model().provisioning_model())))}};
       }},
      // NetworkAdministration
      {"/NetworkAdministrationService", "GetHostName",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess, {Leaf("HostName", d.model().network().host_name)}};
       }},
      {"/NetworkAdministrationService", "SetHostName",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"HostName"}, [&](auto& v) { return d.model().SetHostName(v[0]); });
       }},
      {"/NetworkAdministrationService", "GetDomainName",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess, {Leaf("DomainName", d.model().network().domain_name)}};
       }},
      {"/NetworkAdministrationService", "SetDomainName",
       [](SimDevice& d, const Element& p) {
         return RequireText(p, {"DomainName"}, [&](auto& v) { return d.model().SetDomainName(v[0]); });
       }},
      {"/NetworkAdministrationService", "EnumerateInterfaces",
       [](SimDevice&, const Element&) { return Reply{PtStatus::kSuccess, {Leaf("InterfaceHandles", "0")}}; }},
      {"/NetworkAdministrationService", "GetInterfaceSettings",
       [](SimDevice& d, const Element& p) {
         if (ParseU32(p.ChildText("InterfaceHandle")) != 0u) return Status(PtStatus::kInvalidIndex);
         const auto& net = d.model().network();
         const std::string ip = std::to_string(Ipv4ToU32(d.config().address));
         const std::string mask = std::to_string(net.dhcp || net.static_netmask.empty() ? 0xff000000u
                                                                                        : Ipv4ToU32(net.static_netmask));
         const std::string gateway = std::to_string(Ipv4ToU32(net.dhcp || net.static_gateway.empty() ? "127.0.0.1"
                                                                                                     : net.static_gateway));
         const std::string dns = std::to_string(Ipv4ToU32(net.dhcp || net.static_dns.empty() ? "127.0.0.1"
                                                                                             : net.static_dns));
         Element ipv4{"IPv4Parameters", {}, {}, {}};
         ipv4.children = {Leaf("LocalAddress", ip), Leaf("SubnetMask", mask), Leaf("DefaultGatewayAddress", gateway),
                          Leaf("PrimaryDnsAddress", dns), Leaf("SecondaryDnsAddress", "0")};
         Element descriptor{"InterfaceDescriptor", {}, {}, {}};
         descriptor.children = {Leaf("HardwareAddressDescription", "Simulated Intel(R) 82566DM Gigabit"),
                                Leaf("MACAddress", "00-1a-a0-00-00-01"),
                                Leaf("InterfaceMode", "SHARED_MAC_ADDRESS"),
                                Leaf("LinkPolicy", "31"),
                                Leaf("DhcpEnabled", d.model().network().dhcp ? "true" : "false"),
                                std::move(ipv4)};
         return Reply{PtStatus::kSuccess, {std::move(descriptor)}};
       }},
      // NetworkTime
      {"/NetworkTimeService", "GetLowAccuracyTimeSynch",
       [](SimDevice& d, const Element&) {
         const auto seconds =
             std::chrono::duration_cast<std::chrono::seconds>(d.Now().time_since_epoch()).count();
         return Reply{PtStatus::kSuccess, {Leaf("Ta0", std::to_string(seconds))}};
       }},
      {"/NetworkTimeService", "SetHighAccuracyTimeSynch",
       [](SimDevice& d, const Element& p) {
         if (!ParseU32(p.ChildText("Ta0")) || !ParseU32(p.ChildText("Tm1")) || !ParseU32(p.ChildText("Tm2"))) {
           return Status(PtStatus::kInvalidParameter);
         }
         return Status(d.model().SetTime(d.Now()));
       }},
      // GeneralInfo
      {"/GeneralInfoService", "GetCoreVersion",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess, {Leaf("Version", d.model().capabilities().version.ToString())}};
       }},
      {"/GeneralInfoService", "GetProvisioningState",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess,
                      {Leaf("ProvisioningState", std::to_string(static_cast<int>(d.model().provisioning_state())))}};
       }},
      // RemoteControl
      {"/RemoteControlService", "GetSystemPowerState",
       [](SimDevice& d, const Element&) {
         return Reply{PtStatus::kSuccess, {Leaf("SystemPowerState", std::to_string(d.power_state()))}};
       }},
      {"/RemoteControlService", "GetRemoteControlCapabilities",
       [](SimDevice&, const Element&) {
         return Reply{PtStatus::kSuccess,
                      {Leaf("IanaOemNumber", "343"), Leaf("OemDefinedCapabilities", "3"),
                       Leaf("SpecialCommandsSupported", "7936"), Leaf("SystemCapabilitiesSupported", "15"),
                       Leaf("SystemFirmwareCapabilities", "63")}};
       }},
      {"/RemoteControlService", "RemoteControl",
       [](SimDevice& d, const Element& p) {
         const auto command = ParseU32(p.ChildText("Command"));
         if (!command || ParseU32(p.ChildText("IanaOemNumber")) != 343u) return Status(PtStatus::kInvalidParameter);
         return Status(d.RemoteControl(*command));
       }},
  };
  return methods;
}

}  // namespace

bool IsSoapServicePath(std::string_view target) {
  for (const auto& m : Methods()) {
    if (m.path == target) return true;
  }
  return false;
}

HttpResponse HandleSoap(SimDevice& device, const HttpRequest& request) {
  HttpResponse response;
  response.headers["Content-Type"] = "text/xml; charset=utf-8";
  auto parsed = soap::ParseRequest(request.body);
  if (!parsed) {
    device.Log("warning", fmt::format("SOAP request to {} rejected: {}", request.target, parsed.error().message()));
    response.status = 500;
    response.body = soap::BuildFault("SOAP-ENV:Client", parsed.error().message());
    return response;
  }
  for (const auto& m : Methods()) {
    if (m.path != request.target || m.name != parsed->method) continue;
    Reply reply = m.run(device, parsed->body);
    device.Log(reply.status == PtStatus::kSuccess ? "info" : "warning",
               fmt::format("SOAP {}.{} -> 0x{:x}", request.target.substr(1), parsed->method,
                           static_cast<uint32_t>(reply.status)));
    response.body = soap::BuildResponse(parsed->ns, parsed->method, static_cast<uint32_t>(reply.status), reply.out);
    return response;
  }
  device.Log("warning", fmt::format("SOAP {}: unknown method {}", request.target, parsed->method));
  response.status = 500;
  response.body = soap::BuildFault("SOAP-ENV:Client", fmt::format("unknown method {}", parsed->method));
  return response;
}

}  // namespace openscs::sim
