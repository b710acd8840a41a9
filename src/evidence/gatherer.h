#pragma once

// Gathers the doctor's evidence (diagnose/evidence.h) for `openscs doctor`
// and the REST API's doctor routes: the store's records and log, live DNS
// and TCP checks as a device would make them, a host report and a packet
// capture when given.
//
// Blocking: a live check waits for DNS (1 s per lookup and try) and a TCP
// connect (2 s at most). One gatherer per caller and thread; it uses the
// Store it is given for its whole life.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "diagnose/evidence.h"
#include "store/store.h"

namespace openscs::evidence {

struct EvidenceOptions {
  std::string dns_server;                 // "" = the system's resolver
  std::vector<std::string> domains;       // for devices whose domain is not known otherwise
  std::string server;                     // hello endpoint "address:port"; "" = what the server recorded
  std::string from;                       // source address of the port check; "" = the device's, else the OS's
  std::vector<std::string> host_report_files;
  std::string pcap_file;
  bool live_checks = true;                // DNS and TCP checks (off: only what is stored)
  base::TimePoint now{};                  // for the certificates' requirement checks
};

// Opens the host reports and the capture once, then builds evidence for
// each device asked about, caching DNS answers per domain.
class EvidenceGatherer {
 public:
  static base::Result<std::unique_ptr<EvidenceGatherer>> Create(store::Store& store, EvidenceOptions options);
  ~EvidenceGatherer();

  // The hello endpoint the checks use ("" when unknown).
  const std::string& hello_endpoint() const;

  // Resolves QUERY (a UUID, an IP address or a host name) to the device's
  // evidence. NotFound only when nothing at all matches and QUERY is not a
  // UUID or address the checks can run for.
  base::Result<diagnose::DeviceEvidence> ForQuery(const std::string& query);

  // Every device known: systems, mapped UUIDs, host reports.
  base::Result<std::vector<diagnose::DeviceEvidence>> ForFleet();

 private:
  struct Impl;
  explicit EvidenceGatherer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openscs::evidence
