// GET /api/v1/dns/test?domain=...: will devices find this server? The
// ProvisionServer check of `openscs dns test`, against Options.dns_server
// (the DNS server devices use), answered as `openscs dns test --json`
// prints it.
//
// Blocking, and bounded: each name is one lookup of at most kTries tries of
// kTimeout each, and a request names at most kMaxDomains domains.

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_io.h"
#include "api/routes.h"
#include "dns/host_name.h"
#include "dns/provision_server_check.h"
#include "dns/system_config.h"
#include "present/dns_json.h"
#include "store/settings.h"
#include "store/store.h"

namespace openscs::api {
namespace {

constexpr std::chrono::milliseconds kTimeout{1000};
constexpr int kTries = 2;
constexpr size_t kMaxDomains = 16;

// "corp.example.com" or ".corp.example.com.": labels a device's DHCP
// option 15 could hold. InvalidArgument naming the parameter.
base::Status CheckDomain(std::string_view domain) {
  std::string_view d = domain;
  while (!d.empty() && d.front() == '.') d.remove_prefix(1);
  while (!d.empty() && d.back() == '.') d.remove_suffix(1);
  if (d.empty()) return base::InvalidArgument(fmt::format("domain: '{}' is empty", domain));
  while (!d.empty()) {
    const size_t dot = d.find('.');
    if (auto st = dns::CheckHostLabel(d.substr(0, dot)); !st.ok()) {
      return base::InvalidArgument(fmt::format("domain: '{}': {}", domain, st.message()));
    }
    d = dot == std::string_view::npos ? std::string_view() : d.substr(dot + 1);
  }
  return base::Status::Ok();
}

// The hello endpoint's address when it is a specific IPv4 address (not
// 0.0.0.0): devices are sent there, so it is "this server" first.
std::optional<std::string> HelloAddress(store::Store& store) {
  auto endpoint = store.GetSetting(store::kHelloEndpointSetting);
  if (!endpoint || !*endpoint) return std::nullopt;
  const std::string& text = **endpoint;
  const std::string address = text.substr(0, text.rfind(':'));
  if (address.empty() || address == "0.0.0.0" || address.find(':') != std::string::npos) return std::nullopt;
  return address;
}

Response Test(const Request& request, const PathParams&, Context& context) {
  dns::ProvisionServerCheckOptions check;
  check.resolver.server = context.options.dns_server;
  check.resolver.timeout = kTimeout;
  check.resolver.tries = kTries;
  auto [first, last] = request.query.equal_range("domain");
  for (auto it = first; it != last; ++it) {
    if (auto st = CheckDomain(it->second); !st.ok()) return ErrorFromStatus(st);
    check.domains.push_back(it->second);
  }
  if (check.domains.size() > kMaxDomains) {
    return ErrorFromStatus(
        base::InvalidArgument(fmt::format("domain: {} given, at most {}", check.domains.size(), kMaxDomains)));
  }
  std::vector<std::string> notes;
  if (check.domains.empty()) {
    auto search = dns::ReadSearchDomains(context.options.resolv_conf);
    if (search) check.domains = std::move(search).value();
    if (check.domains.empty()) {
      notes.push_back(fmt::format(
          "{}; checking the bare name only (give ?domain= for the devices' domains)",
          search ? fmt::format("no search domains in {}", context.options.resolv_conf) : search.error().message()));
    }
  }
  if (auto hello = HelloAddress(context.store)) check.server_addresses.push_back(*hello);
  if (auto local = dns::LocalIpv4Addresses()) {
    for (auto& a : *local) {
      if (std::find(check.server_addresses.begin(), check.server_addresses.end(), a) == check.server_addresses.end()) {
        check.server_addresses.push_back(std::move(a));
      }
    }
  } else {
    notes.push_back(local.error().message());
  }
  auto report = dns::CheckProvisionServer(check);
  if (!report) {
    // Only the server's own --dns-server can be malformed here.
    return ErrorResponse(500, "internal", fmt::format("the server's DNS server setting: {}", report.error().message()));
  }
  nlohmann::json j = present::DnsReportJson(check, *report);
  j["notes"] = notes;
  return JsonResponse(j);
}

}  // namespace

void AddDnsRoutes(Router& router) {
  router.Add({"GET", "/api/v1/dns/test", Access::kRead,
              "the DNS configuration test: does ProvisionServer resolve to this server (?domain=, repeatable)", Test});
}

}  // namespace openscs::api
