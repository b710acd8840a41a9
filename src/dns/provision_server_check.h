#pragma once

// "Will a device in Setup Mode find this server?" A device looks up
// `ProvisionServer.<its domain>`, or the bare `ProvisionServer` when it has
// no domain (reference §2), and sends its hello to the first address. This
// check asks DNS the same questions and says, per name, where the answer
// points and, when it is not this server, what the administrator can do
// about it: the three remedies of the seed's "Provision Server" section.
//
// Used by `openscs dns test`, and by the web console and the doctor.
// Blocking (one DNS lookup per name, each bounded by the resolver's timeout
// and tries); thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dns/resolver.h"

namespace openscs::dns {

inline constexpr std::string_view kProvisionServerName = "ProvisionServer";

// Where the MEBx keeps the static server address, for the remedy text.
inline constexpr std::string_view kMebxProvisioningServerMenu =
    "Ctrl+P \u203a Intel AMT Configuration \u203a Setup and Configuration \u203a Provisioning server";

struct ProvisionServerCheckOptions {
  // ProvisionServer.<domain> is checked for each, after the bare name.
  // Leading and trailing dots are ignored.
  std::vector<std::string> domains;
  // The addresses that count as "this server": its interfaces
  // (LocalIpv4Addresses()) and any the administrator adds (the server may
  // be behind NAT). IPv4 text; other entries never match an A record. The
  // first one is the address the remedies suggest.
  std::vector<std::string> server_addresses;
  ResolverOptions resolver;
};

enum class Verdict {
  kReachesThisServer,  // at least one address is this server's
  kResolvesElsewhere,  // the name resolves, but not to this server
  kNotFound,           // no such name, or no A record
  kLookupFailed,       // the DNS server did not answer (or the options are wrong)
};

// "reaches_this_server", "resolves_elsewhere", "not_found", "lookup_failed".
std::string_view VerdictName(Verdict verdict);

struct NameCheck {
  std::string name;    // "ProvisionServer" or "ProvisionServer.<domain>"
  std::string domain;  // "" for the bare name
  Verdict verdict = Verdict::kNotFound;
  Answer answer;                         // empty unless the name resolved
  std::vector<std::string> this_server;  // the answer's addresses that are this server's
  std::string error;                     // the lookup's error, for kNotFound and kLookupFailed
  std::vector<std::string> remedies;     // what to do; empty for kReachesThisServer
};

struct ProvisionServerReport {
  std::vector<NameCheck> names;  // the bare name first, then the domains in order
  bool AllReachThisServer() const;
};

// The verdict and remedies for one name, given what DNS answered. Pure.
NameCheck JudgeName(std::string_view domain, const base::Result<Answer>& answer,
                    const std::vector<std::string>& server_addresses);

// Looks up every name of `options` and judges each. InvalidArgument (from
// the resolver, naming it) when options.resolver has a malformed server or
// local address: then no name was asked.
base::Result<ProvisionServerReport> CheckProvisionServer(const ProvisionServerCheckOptions& options);

}  // namespace openscs::dns
