#pragma once

// Internal to provision: the two provisioning sequences, each run over a
// StepRunner that is already connected and authenticated. `desired` and
// `committed` belong to the caller's frame, which awaits the flow to its end.
// `committed` becomes true when CommitChanges returned success.

#include <boost/asio/awaitable.hpp>

#include <optional>

#include "provision/session.h"
#include "provision/step_runner.h"

namespace openscs::provision {

// Legacy SOAP, reference §6.2 (AMT 2.x; also accepted by 3.x-5.x).
boost::asio::awaitable<std::optional<Failure>> RunSoapFlow(StepRunner& runner, const DesiredConfig& desired,
                                                           bool& committed);

// WS-Management, reference §6.3 (AMT 3.2.1+).
boost::asio::awaitable<std::optional<Failure>> RunWsmanFlow(StepRunner& runner, const DesiredConfig& desired,
                                                            bool& committed);

// Seconds since the Unix epoch on the runner's clock, as AMT's time
// synchronisation calls take it (Tm1, Tm2).
std::string UnixSeconds(const StepRunner& runner);

// A failure for a reply that succeeded but lacks what the flow needs.
Failure Missing(std::string_view step, std::string_view what);

}  // namespace openscs::provision
