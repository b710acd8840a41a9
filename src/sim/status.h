#pragma once

// What `amtsim status` shows of a device: mode, provisioning state, hello
// count and next hello time, last error, and its credentials as the device
// knows them (this is a test tool: showing them is its job).

#include <nlohmann/json_fwd.hpp>

namespace openscs::sim {

class SimDevice;

nlohmann::json DeviceStatusJson(const SimDevice& device);

}  // namespace openscs::sim
