#pragma once

// Everything the doctor looks at for one device, gathered by the caller
// (the CLI or the console) from the store, live checks, a capture and a
// host report. Plain values: the rules in doctor.h are pure functions of it,
// so each rule is tested with hand-made evidence.

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "diagnose/host_report.h"
#include "dns/provision_server_check.h"
#include "store/records.h"

namespace openscs::diagnose {

// A TCP connect to the server's hello port, as a device would make it.
struct PortCheck {
  std::string from;     // source address used ("" = the OS's choice)
  std::string to;       // "address:port"
  bool reachable = false;
  std::string error;    // when not reachable
  bool from_device_address = false;  // `from` is the device's own address
};

// What a packet capture showed for this device (capture/analysis.h's
// findings, reduced to what the doctor needs).
struct CaptureFinding {
  std::string cause;     // diagnose::causes or a provisioning code
  std::string evidence;  // "12:00:01 SYN to 10.0.0.5:9971, RST" ...
};
struct CaptureEvidence {
  std::string file;
  std::vector<CaptureFinding> findings;
  size_t hellos = 0;
};

// Non-secret facts about an imported provisioning certificate.
struct CertificateFacts {
  std::string id;
  std::string name;
  std::string leaf_cn;
  std::string root_sha1, root_sha256, root_sha384;
  base::TimePoint not_before{}, not_after{};
  // Reference §5.3 requirements the chain misses (serverAuth, the Intel OID
  // or OU, a broken chain), one message each; empty when it meets them.
  std::vector<std::string> requirement_problems;
};

struct DeviceEvidence {
  std::string query;                          // what the admin asked about (UUID, IP, host name)
  std::optional<store::SystemRecord> system;  // the server heard from it
  std::vector<store::LogEntry> log;           // this device's entries, oldest first
  std::optional<store::KeyRecord> key;        // for the hello's PID (secrets unused)
  std::optional<store::HostNameMapping> mapping;
  std::vector<CertificateFacts> certificates;
  std::optional<HostReport> host;
  std::optional<dns::ProvisionServerReport> dns;
  std::optional<PortCheck> port;
  std::optional<CaptureEvidence> capture;
};

// How the doctor reads time and the simulator's clock.
struct DoctorOptions {
  base::TimePoint now{};
  std::string schedule;     // hello schedule profile; "" = by the device's method
  double time_scale = 1.0;  // device time runs this much faster than ours (amtsim --accel)
  std::string hello_endpoint;  // "address:port" of the server's hello listener, for texts
};

}  // namespace openscs::diagnose
