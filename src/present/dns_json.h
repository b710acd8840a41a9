#pragma once

// The ProvisionServer DNS check as JSON (`openscs dns test --json`,
// GET /api/v1/dns/test).

#include <nlohmann/json.hpp>

#include "dns/provision_server_check.h"

namespace openscs::present {

// {dns_server ("system" when the system's), server_addresses, domains,
//  all_reach_this_server, names: [{name, domain, verdict, cname_chain,
//  addresses, this_server, error, remedies}]}.
nlohmann::json DnsReportJson(const dns::ProvisionServerCheckOptions& options, const dns::ProvisionServerReport& report);

}  // namespace openscs::present
