#include "dns/provision_server_check.h"

#include <arpa/inet.h>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace openscs::dns {
namespace {

bool SameIpv4(const std::string& a, const std::string& b) {
  in_addr x{}, y{};
  return inet_pton(AF_INET, a.c_str(), &x) == 1 && inet_pton(AF_INET, b.c_str(), &y) == 1 && x.s_addr == y.s_addr;
}

std::string TrimDots(std::string_view domain) {
  while (domain.starts_with('.')) domain.remove_prefix(1);
  while (domain.ends_with('.')) domain.remove_suffix(1);
  return std::string(domain);
}

std::string NameFor(const std::string& domain) {
  return domain.empty() ? std::string(kProvisionServerName) : fmt::format("{}.{}", kProvisionServerName, domain);
}

std::string ThisServer(const std::vector<std::string>& server_addresses) {
  return server_addresses.empty() ? std::string("this server")
                                  : fmt::format("this server ({})", fmt::join(server_addresses, ", "));
}

// The seed's three ways out, in its order: fix DNS, set the server IP in the
// MEBx, or send the hello by hand.
std::vector<std::string> Remedies(const NameCheck& check, const std::vector<std::string>& server_addresses) {
  std::vector<std::string> out;
  const std::string server = ThisServer(server_addresses);
  if (check.verdict == Verdict::kLookupFailed) {
    out.push_back(
        "make sure the DNS server answers: it must be the one devices get from DHCP (option 6) or their static "
        "settings");
  } else if (check.domain.empty()) {
    out.push_back(fmt::format(
        "a device with no domain asks for the bare name {}, which most DNS servers do not answer: give devices a "
        "domain (DHCP option 15) and create a CNAME (or A) record {} in that zone pointing at {}",
        kProvisionServerName, kProvisionServerName, server));
  } else if (check.verdict == Verdict::kResolvesElsewhere) {
    out.push_back(fmt::format("change the CNAME (or A) record {} in the zone {} to point at {}", kProvisionServerName,
                              check.domain, server));
  } else {
    out.push_back(fmt::format("create a CNAME (or A) record {} in the zone {} pointing at {}", kProvisionServerName,
                              check.domain, server));
  }
  out.push_back(fmt::format("or set the provisioning server IP{} in the MEBx of each device ({})",
                            server_addresses.empty() ? "" : " " + server_addresses.front(),
                            kMebxProvisioningServerMenu));
  out.push_back(fmt::format(
      "or send a hello to this server by hand, as the seed's RCT does, to test the rest of the path: `openscs hello "
      "send --to {}:9971 --uuid UUID --pid PID --check` (from the devices' network)",
      server_addresses.empty() ? std::string("SERVER") : server_addresses.front()));
  return out;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kReachesThisServer: return "reaches_this_server";
    case Verdict::kResolvesElsewhere: return "resolves_elsewhere";
    case Verdict::kNotFound: return "not_found";
    case Verdict::kLookupFailed: return "lookup_failed";
  }
  return "unknown";
}

bool ProvisionServerReport::AllReachThisServer() const {
  return std::all_of(names.begin(), names.end(),
                     [](const NameCheck& n) { return n.verdict == Verdict::kReachesThisServer; });
}

NameCheck JudgeName(std::string_view domain, const base::Result<Answer>& answer,
                    const std::vector<std::string>& server_addresses) {
  NameCheck check;
  check.domain = TrimDots(domain);
  check.name = NameFor(check.domain);
  if (!answer) {
    check.verdict = answer.error().code() == base::StatusCode::kNotFound ? Verdict::kNotFound : Verdict::kLookupFailed;
    check.error = answer.error().message();
  } else {
    check.answer = *answer;
    for (const auto& address : check.answer.addresses) {
      const bool ours = std::any_of(server_addresses.begin(), server_addresses.end(),
                                    [&address](const std::string& s) { return SameIpv4(address, s); });
      if (ours) check.this_server.push_back(address);
    }
    check.verdict = check.this_server.empty() ? Verdict::kResolvesElsewhere : Verdict::kReachesThisServer;
  }
  if (check.verdict != Verdict::kReachesThisServer) check.remedies = Remedies(check, server_addresses);
  return check;
}

base::Result<ProvisionServerReport> CheckProvisionServer(const ProvisionServerCheckOptions& options) {
  const Resolver resolver(options.resolver);
  ProvisionServerReport report;
  std::vector<std::string> domains = {""};
  for (const auto& d : options.domains) {
    std::string trimmed = TrimDots(d);
    if (!trimmed.empty() && std::find(domains.begin(), domains.end(), trimmed) == domains.end()) {
      domains.push_back(std::move(trimmed));
    }
  }
  for (const auto& domain : domains) {
    auto answer = resolver.Lookup(NameFor(domain));
    if (!answer && answer.error().code() == base::StatusCode::kInvalidArgument) return answer.error();
    report.names.push_back(JudgeName(domain, answer, options.server_addresses));
  }
  return report;
}

}  // namespace openscs::dns
