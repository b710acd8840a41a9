#pragma once

// A real DNS server (Debian's dnsmasq) on a loopback address of the test's
// own, serving only the records the test gives it. No system resolver
// configuration is touched.

#include <string>
#include <utility>
#include <vector>

#include "dns/resolver.h"
#include "tests/support/subprocess.h"

namespace openscs::testing {

struct DnsRecord {
  std::string name;
  std::string address;  // A record
};

class DnsmasqServer {
 public:
  // `listen_address` must be unique to the test (its own 127.x.y.z).
  DnsmasqServer(std::string listen_address, uint16_t port, const std::vector<DnsRecord>& records,
                const std::vector<std::pair<std::string, std::string>>& cnames = {})
      : address_(std::move(listen_address)), port_(port) {
    std::vector<std::string> argv = {"dnsmasq",       "--keep-in-foreground", "--no-resolv", "--no-hosts",
                                     "--no-poll",     "--bind-interfaces",    "--local=/#/",    "--pid-file",  "--log-queries",
                                     "--user=root",   "--log-facility=-", "--listen-address=" + address_,
                                     "--port=" + std::to_string(port_)};
    for (const auto& r : records) argv.push_back("--host-record=" + r.name + "," + r.address);
    for (const auto& [alias, target] : cnames) argv.push_back("--cname=" + alias + "," + target);
    process_ = std::make_unique<Subprocess>(argv, "dnsmasq-" + address_ + ".log");
    // Wait until it answers (bounded): a lookup of a name it must not know.
    dns::ResolverOptions probe_options;
    probe_options.server = server();
    probe_options.timeout = std::chrono::milliseconds(200);
    probe_options.tries = 1;
    dns::Resolver probe(probe_options);
    for (int i = 0; i < 100 && process_->started(); ++i) {
      auto r = probe.ResolveA("openscs-readiness-probe.invalid");
      if (!r && r.error().code() == base::StatusCode::kNotFound) {
        ready_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  bool ready() const { return ready_; }
  std::string server() const { return address_ + ":" + std::to_string(port_); }
  std::string Log() const { return process_->Log(); }

 private:
  std::string address_;
  uint16_t port_;
  std::unique_ptr<Subprocess> process_;
  bool ready_ = false;
};

}  // namespace openscs::testing
