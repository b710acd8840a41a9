#include "sim/status.h"

#include <nlohmann/json.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "sim/sim_device.h"

namespace openscs::sim {
namespace {

std::string Iso(base::TimePoint t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

nlohmann::json DeviceStatusJson(const SimDevice& d) {
  const auto& m = d.model();
  const auto now = d.Now();
  nlohmann::json j;
  j["uuid"] = m.uuid().ToString();
  j["address"] = d.config().address;
  j["amt_version"] = m.capabilities().version.ToString();
  const device::Mode mode = m.ModeAt(now);
  j["mode"] = device::ModeShortName(mode);
  j["mode_number"] = static_cast<int>(mode);
  j["mode_name"] = device::ModeName(mode);
  j["provisioning_state"] = device::ProvisioningStateName(m.provisioning_state());
  j["hellos_sent"] = m.hellos_sent_total();
  j["hellos_in_cycle"] = m.hellos_sent_in_cycle();
  j["device_time"] = Iso(now);
  if (auto next = m.NextHelloAt(now)) j["next_hello_at"] = Iso(*next);
  if (auto end = m.HelloWindowEndsAt()) j["hello_window_ends_at"] = Iso(*end);
  if (auto at = m.provisioned_at()) j["provisioned_at"] = Iso(*at);
  j["last_error"] = d.last_error();
  j["requests_served"] = d.requests_served();
  j["tls_enabled"] = m.tls_enabled();
  j["enabled_interfaces"] = {{"web_ui", m.enabled_interfaces().web_ui}, {"sol", m.enabled_interfaces().sol},
                             {"ider", m.enabled_interfaces().ider}};
  j["host_name"] = m.network().host_name;
  j["domain"] = m.network().domain_name;
  const auto c = m.credentials();
  nlohmann::json creds{{"mebx_password", c.mebx_password}, {"admin_user", c.admin_user}, {"pid", c.pid},
                       {"pps_set", c.pps_set}};
  if (c.admin_password) creds["admin_password"] = *c.admin_password;
  if (c.admin_ha1) creds["admin_digest_ha1"] = *c.admin_ha1;
  j["credentials"] = std::move(creds);
  j["events"] = nlohmann::json::array();
  for (const auto& e : d.events()) j["events"].push_back({{"time", Iso(e.time)}, {"level", e.level}, {"text", e.text}});
  return j;
}

nlohmann::json HostReportJson(const SimDevice& d) {
  const auto& m = d.model();
  const device::Mode mode = m.ModeAt(d.Now());
  const auto creds = m.credentials();
  std::string method;
  if (mode == device::Mode::kSetupPsk) method = "psk";
  if (mode == device::Mode::kSetupRemoteConfig) method = "pki";
  if (mode == device::Mode::kHelloDisabled) method = creds.pid.empty() ? "pki" : "psk";
  const auto& net = m.network();
  nlohmann::json j{{"uuid", m.uuid().ToString()},
                   {"address", d.config().address},
                   {"domain", net.dhcp_domain_suffix.empty() ? net.domain_name : net.dhcp_domain_suffix},
                   {"amt_version", m.capabilities().version.ToString()},
                   {"amt_enabled", m.amt_enabled()},
                   {"provisioning_state", device::ProvisioningStateName(m.provisioning_state())},
                   {"setup_method", method},
                   {"factory_default_password", creds.mebx_password == "admin"}};
  const auto& setup = m.setup();
  j["provisioning_server"] = setup.provisioning_server_address.empty()
                                 ? std::string()
                                 : fmt::format("{}:{}", setup.provisioning_server_address,
                                               setup.provisioning_server_port);
  return j;
}

}  // namespace openscs::sim
