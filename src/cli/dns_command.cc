#include "cli/dns_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <algorithm>

#include "dns/provision_server_check.h"
#include "dns/system_config.h"
#include "present/dns_json.h"

namespace openscs::cli {
namespace {

struct TestOptions {
  std::vector<std::string> domains;
  std::string dns_server;
  std::vector<std::string> server_addresses;
  std::string resolv_conf = dns::kResolvConfPath;
  bool json = false;
};

std::string_view VerdictText(dns::Verdict verdict) {
  switch (verdict) {
    case dns::Verdict::kReachesThisServer: return "reaches this server";
    case dns::Verdict::kResolvesElsewhere: return "resolves, but not to this server";
    case dns::Verdict::kNotFound: return "does not resolve";
    case dns::Verdict::kLookupFailed: return "lookup failed";
  }
  return "?";
}

void PrintHuman(const dns::ProvisionServerCheckOptions& options, const dns::ProvisionServerReport& report,
                std::ostream& out) {
  out << "DNS server:  " << (options.resolver.server.empty() ? "the system's" : options.resolver.server) << '\n';
  out << "this server: "
      << (options.server_addresses.empty() ? std::string("(no address known; give --server-address)")
                                           : fmt::format("{}", fmt::join(options.server_addresses, ", ")))
      << "\n\n";
  for (const auto& n : report.names) {
    out << n.name << ": " << VerdictText(n.verdict);
    if (!n.error.empty()) out << " (" << n.error << ')';
    out << '\n';
    if (!n.answer.cname_chain.empty()) {
      out << "  CNAME  " << n.name << " -> " << fmt::format("{}", fmt::join(n.answer.cname_chain, " -> ")) << '\n';
    }
    for (const auto& address : n.answer.addresses) {
      const bool ours = std::find(n.this_server.begin(), n.this_server.end(), address) != n.this_server.end();
      out << "  A      " << address << (ours ? " (this server)" : "") << '\n';
    }
    for (const auto& remedy : n.remedies) out << "  fix:   " << remedy << '\n';
  }
  const auto reaching = std::count_if(report.names.begin(), report.names.end(),
                                      [](const auto& n) { return n.verdict == dns::Verdict::kReachesThisServer; });
  out << fmt::format("\n{} of {} names reach this server\n", reaching, report.names.size());
}

int RunTest(const TestOptions& options, Context& context) {
  dns::ProvisionServerCheckOptions check;
  check.resolver.server = options.dns_server;
  check.domains = options.domains;
  if (check.domains.empty()) {
    auto search = dns::ReadSearchDomains(options.resolv_conf);
    if (search) check.domains = std::move(search).value();
    if (check.domains.empty()) {
      context.err << "note: "
                  << (search ? fmt::format("no search domains in {}", options.resolv_conf) : search.error().message())
                  << "; checking the bare name only (give --domain for the devices' domains)\n";
    }
  }
  // The addresses the administrator names come first: the remedies suggest
  // the first one (behind NAT, the public address is the one devices need).
  check.server_addresses = options.server_addresses;
  if (auto local = dns::LocalIpv4Addresses()) {
    for (auto& a : *local) {
      if (std::find(check.server_addresses.begin(), check.server_addresses.end(), a) == check.server_addresses.end()) {
        check.server_addresses.push_back(std::move(a));
      }
    }
  } else {
    context.err << "warning: " << local.error().message() << '\n';
  }

  auto report = dns::CheckProvisionServer(check);
  if (!report) {
    context.err << "error: " << report.error().message() << '\n';
    return kExitUsage;
  }
  if (options.json) {
    context.out << present::DnsReportJson(check, *report).dump(2) << '\n';
  } else {
    PrintHuman(check, *report, context.out);
  }
  return report->AllReachThisServer() ? kExitOk : kExitFailure;
}

}  // namespace

void AddDnsCommands(CLI::App& app, Context& context, int& exit_code) {
  auto* dns_cmd = app.add_subcommand("dns", "DNS as Intel AMT devices see it");
  dns_cmd->require_subcommand(1);

  auto options = std::make_shared<TestOptions>();
  auto* test = dns_cmd->add_subcommand(
      "test", "Check that ProvisionServer (bare and in each domain) resolves to this server, as devices need");
  test->add_option("--domain,-d", options->domains,
                   "A domain devices are in (DHCP option 15); repeatable. Default: the search domains of "
                   "/etc/resolv.conf");
  test->add_option("--dns-server", options->dns_server,
                   "Ask this DNS server (IP[:PORT]) instead of the system's, e.g. the one DHCP gives devices");
  test->add_option("--server-address", options->server_addresses,
                   "An address of this server besides its interfaces' (e.g. behind NAT); repeatable")
      ->check(CLI::ValidIPV4);
  test->add_option("--resolv-conf", options->resolv_conf, "Where the default domains come from")->capture_default_str();
  test->add_flag("--json", options->json, "Machine-readable output");
  test->callback([options, &context, &exit_code] { exit_code = RunTest(*options, context); });
}

}  // namespace openscs::cli
