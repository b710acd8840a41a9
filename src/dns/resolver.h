#pragma once

// DNS A-record lookups (and the CNAMEs on the way) through c-ares, against
// a DNS server given as "IP[:PORT]" (tests run their own dnsmasq on a
// loopback port) or the system's. Names are looked up exactly as given: no
// search domains and no /etc/hosts when a server is given, because the
// question being asked is "what does DNS say" (a device has no hosts file).
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

// What DNS answered for one name.
struct Answer {
  std::vector<std::string> addresses;  // IPv4, dotted quad, in answer order
  // The CNAMEs followed from the name asked to the name that holds the A
  // records, in order, without the name asked: {} for a plain A record,
  // {"scs.corp.test"} for ProvisionServer.corp.test CNAME scs.corp.test.
  std::vector<std::string> cname_chain;
};

class Resolver {
 public:
  explicit Resolver(ResolverOptions options) : options_(std::move(options)) {}

  // The A records for `name`, following CNAMEs. NotFound when the name does
  // not exist (or has no A record), Unavailable when the server does not
  // answer, InvalidArgument for a malformed server or local address; the
  // server is named in the message.
  base::Result<Answer> Lookup(std::string_view name) const;

  // Lookup(name)'s addresses.
  base::Result<std::vector<std::string>> ResolveA(std::string_view name) const;

  const ResolverOptions& options() const { return options_; }

 private:
  ResolverOptions options_;
};

}  // namespace openscs::dns
