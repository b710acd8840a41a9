#pragma once

// What an API handler may use: the caller's own Store connection, the vault
// that opens sealed secrets, time and randomness seams, and the server's
// options that matter to the API (DNS server for the DNS test and the
// doctor, the hello schedule for window times).

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/random.h"

namespace openscs::store {
class Store;
}
namespace openscs::secrets {
class Vault;
}

namespace openscs::api {

struct Options {
  std::string dns_server;            // "" = the system's resolver; "127.0.0.1:5353" in tests
  std::string resolv_conf = "/etc/resolv.conf";  // search domains for the DNS test's default
  std::vector<std::string> domains;  // extra domains for the doctor (devices with no known domain)
  // device/hello_schedule.h profile for window times; "" = by the device's
  // method (psk-cycle for PSK, configmgr for PKI), as `openscs doctor` does.
  std::string hello_schedule;
  double time_scale = 1.0;           // accelerated simulated fleets (amtsim --time-scale)
};

struct Context {
  store::Store& store;
  const secrets::Vault& vault;
  const base::Clock& clock;
  base::RandomSource random;
  const Options& options;
};

}  // namespace openscs::api
