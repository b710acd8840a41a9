#include "sim/server_locator.h"

#include <fmt/format.h>

namespace openscs::sim {

std::vector<std::string> CandidateNames(const device::Device& device) {
  std::vector<std::string> names;
  if (!device.setup().provisioning_server_address.empty()) return names;
  const bool pki = device.NextHello().method == hello::Method::kPki;
  auto add = [&names](std::string name) {
    for (const auto& n : names) {
      if (n == name) return;
    }
    names.push_back(std::move(name));
  };
  if (pki && device.capabilities().version.major >= 3 && !device.setup().config_server_fqdn.empty()) {
    add(device.setup().config_server_fqdn);
  }
  if (!device.network().domain_name.empty()) add("ProvisionServer." + device.network().domain_name);
  if (!device.network().dhcp_domain_suffix.empty()) add("ProvisionServer." + device.network().dhcp_domain_suffix);
  add("ProvisionServer");
  return names;
}

base::Result<ServerLocation> LocateServer(const device::Device& device, const LookUpA& look_up) {
  const uint16_t port = device.setup().provisioning_server_port;
  if (!device.setup().provisioning_server_address.empty()) {
    return ServerLocation{device.setup().provisioning_server_address, port, "static IP from MEBx"};
  }
  std::vector<std::string> tried;
  for (const std::string& name : CandidateNames(device)) {
    auto addresses = look_up(name);
    if (addresses && !addresses->empty()) {
      return ServerLocation{addresses->front(), port, "DNS " + name};
    }
    tried.push_back(addresses ? name + ": no address" : addresses.error().message());
  }
  return base::NotFound(fmt::format("provisioning server not found: {}", fmt::join(tried, "; ")));
}

}  // namespace openscs::sim
