#pragma once

// What `amtsim status` shows of a device: mode, provisioning state, hello
// count and next hello time, last error, and its credentials as the device
// knows them (this is a test tool: showing them is its job).

#include <nlohmann/json_fwd.hpp>

namespace openscs::sim {

class SimDevice;

nlohmann::json DeviceStatusJson(const SimDevice& device);

// What a local agent on the device's host would report (the host-interface
// view: AMT enabled, provisioning state, Setup Mode method, version, host
// network; plus whether the MEBx still takes only `admin`), in the format
// `openscs doctor --host-report` reads (docs/formats/host-report.md).
nlohmann::json HostReportJson(const SimDevice& device);

}  // namespace openscs::sim
