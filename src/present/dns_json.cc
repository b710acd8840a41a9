#include "present/dns_json.h"

namespace openscs::present {

nlohmann::json DnsReportJson(const dns::ProvisionServerCheckOptions& options,
                             const dns::ProvisionServerReport& report) {
  nlohmann::json j;
  j["dns_server"] = options.resolver.server.empty() ? "system" : options.resolver.server;
  j["server_addresses"] = options.server_addresses;
  j["domains"] = options.domains;
  j["all_reach_this_server"] = report.AllReachThisServer();
  j["names"] = nlohmann::json::array();
  for (const auto& n : report.names) {
    j["names"].push_back({{"name", n.name},
                          {"domain", n.domain},
                          {"verdict", dns::VerdictName(n.verdict)},
                          {"cname_chain", n.answer.cname_chain},
                          {"addresses", n.answer.addresses},
                          {"this_server", n.this_server},
                          {"error", n.error},
                          {"remedies", n.remedies}});
  }
  return j;
}

}  // namespace openscs::present
