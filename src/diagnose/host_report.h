#pragma once

// A host report: what can be read on the device itself, for a device whose
// hellos never reach the server. The first fields are what a local agent
// reads from the ME over the host interface (HECI/PTHI, reference §7.6:
// GetProvisioningState, GetProvisioningMode, GetCodeVersions) plus the host
// OS's own network settings; `factory_default_password` is the technician's
// answer to the seed's MEBx question ("will it only accept admin?").
// `amtsim host-report` writes the same format for simulated devices.
// Format: docs/formats/host-report.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace openscs::diagnose {

struct HostReport {
  std::string uuid;                  // canonical lower-case text
  std::string address;               // the host's IPv4/IPv6 address (the device's)
  std::string domain;                // DHCP option 15 / the host's DNS suffix; "" if none
  std::string amt_version;           // GetCodeVersions, "3.2.1"; "" if unknown
  bool amt_enabled = true;           // the ME answers on HECI with AMT enabled
  std::string provisioning_state;    // "pre", "in" or "post" (GetProvisioningState)
  std::string setup_method;          // "psk", "pki" or "" (what Setup Mode is waiting for)
  std::optional<bool> factory_default_password;  // MEBx accepts only "admin"
  std::string provisioning_server;   // MEBx static server "ip[:port]", "" when found by DNS
};

// Parses one report (a JSON object) or several (a JSON array of objects, or
// an object with a "devices" array). Errors name the entry and field:
// "host report [2].provisioning_state: 'x' is not pre, in or post".
base::Result<std::vector<HostReport>> ParseHostReports(std::string_view json);

}  // namespace openscs::diagnose
