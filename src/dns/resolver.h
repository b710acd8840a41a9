#pragma once

// DNS A-record lookups through c-ares, against a DNS server given as
// "IP[:PORT]" (tests run their own dnsmasq on a loopback port) or the
// system's. Names are looked up exactly as given: no search domains and no
// /etc/hosts when a server is given, because the question being asked is
// "what does DNS say" (a device has no hosts file).
//
// Used by amtsim (finding ProvisionServer) and `openscs dns test`.
// Thread-safe: each call runs its own c-ares channel.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace openscs::dns {

struct ResolverOptions {
  std::string server;  // "127.0.0.1:5353", "[::1]:53"; empty: the system's resolv.conf
  std::chrono::milliseconds timeout{1500};
  int tries = 2;
  // Send queries from this IPv4 address (a simulated device asks from its
  // own address, as a real one does from its NIC). Empty: the kernel picks.
  std::string local_address;
};

class Resolver {
 public:
  explicit Resolver(ResolverOptions options) : options_(std::move(options)) {}

  // IPv4 addresses for `name`. NotFound when the name does not exist (or has
  // no A record), Unavailable when the server does not answer, with the
  // server named in the message.
  base::Result<std::vector<std::string>> ResolveA(std::string_view name) const;

  const ResolverOptions& options() const { return options_; }

 private:
  ResolverOptions options_;
};

}  // namespace openscs::dns
