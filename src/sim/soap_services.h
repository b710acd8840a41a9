#pragma once

// The legacy SOAP ("EOI") services of a simulated device: enough of
// SecurityAdministration, NetworkAdministration, NetworkTime, GeneralInfo and
// RemoteControl for the provisioning sequence of reference §6.2 and for
// Debian's amttool (info, netinfo, powerup, powerdown, reset).
// Services are found by URL path (/SecurityAdministrationService, ...); the
// response uses the request's namespace.

#include <string>
#include <string_view>

#include "sim/http_types.h"

namespace openscs::sim {

class SimDevice;

// Whether `target` is one of the legacy service paths.
bool IsSoapServicePath(std::string_view target);

// Runs one authenticated SOAP request against `device`. Always answers with
// XML: a response envelope with the call's PT_STATUS, or a SOAP Fault for a
// request that is not understood (malformed XML, unknown method).
HttpResponse HandleSoap(SimDevice& device, const HttpRequest& request);

}  // namespace openscs::sim
