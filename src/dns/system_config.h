#pragma once

// What this machine says about its own network: the DNS search domains of
// /etc/resolv.conf and the IPv4 addresses of its interfaces. Used to fill in
// the defaults of the ProvisionServer check (provision_server_check.h).

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace openscs::dns {

inline constexpr const char* kResolvConfPath = "/etc/resolv.conf";

// The search domains in resolv.conf text, in order, without trailing dots.
// As in resolv.conf(5), "domain" and "search" replace each other and the
// last such line wins; comments start with '#' or ';'. Pure.
std::vector<std::string> ParseSearchDomains(std::string_view resolv_conf);

// ParseSearchDomains of the file at `path`; IoError naming the file when it
// cannot be read.
base::Result<std::vector<std::string>> ReadSearchDomains(const std::string& path = kResolvConfPath);

// The IPv4 addresses of this machine's interfaces that are up (getifaddrs),
// in interface order, without loopback (127.0.0.0/8): a device told that
// ProvisionServer is 127.0.0.1 would talk to itself, not to this server.
// IoError when the interfaces cannot be listed.
base::Result<std::vector<std::string>> LocalIpv4Addresses();

}  // namespace openscs::dns
