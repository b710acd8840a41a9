#pragma once

// How a device finds its provisioning server (reference §2), in order:
//   1. the server IP set in MEBx / setup.bin;
//   2. PKI only (AMT 3.x+): the configured "configuration server FQDN";
//   3. ProvisionServer.<MEBx domain>;
//   4. ProvisionServer.<DHCP option 15 suffix>;
//   5. bare ProvisionServer.
// The port is the configured provisioning server port (default 9971).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "device/device.h"

namespace openscs::sim {

using LookUpA = std::function<base::Result<std::vector<std::string>>(std::string_view name)>;

struct ServerLocation {
  std::string address;
  uint16_t port = 9971;
  std::string found_by;  // "static IP from MEBx", "DNS ProvisionServer.corp.test", ...
};

// The names a device would query, in order (empty when a static IP is set).
std::vector<std::string> CandidateNames(const device::Device& device);

// Finds the server, or NotFound listing every name tried and its answer.
base::Result<ServerLocation> LocateServer(const device::Device& device, const LookUpA& look_up);

}  // namespace openscs::sim
