#pragma once

// `openscs dns test`: will devices find this server? Looks up the bare
// ProvisionServer and ProvisionServer.<domain> for each domain (default: the
// search domains of /etc/resolv.conf, or of --resolv-conf), shows where each
// points (CNAME chain, addresses, which are this server's) and, for each
// that does not reach this server, the remedies
// (dns/provision_server_check.h).
//
// Exit codes: 0 every name reaches this server; 1 one does not (or a lookup
// failed); 2 bad options.

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

void AddDnsCommands(CLI::App& app, Context& context, int& exit_code);

}  // namespace openscs::cli
