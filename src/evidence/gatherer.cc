#include "evidence/gatherer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "base/guid.h"
#include "capture/analysis.h"
#include "dns/system_config.h"
#include "store/settings.h"
#include "tls/cert_factory.h"
#include "tls/cert_inspect.h"

namespace openscs::evidence {
namespace {

using diagnose::DeviceEvidence;

constexpr int kConnectTimeoutMs = 2000;

bool IsIpv4(const std::string& text) {
  in_addr a{};
  return ::inet_pton(AF_INET, text.c_str(), &a) == 1;
}

// "a.b.c.d:port" -> (address, port); nullopt when malformed.
std::optional<std::pair<std::string, uint16_t>> SplitEndpoint(const std::string& endpoint) {
  const size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return std::pair{endpoint, static_cast<uint16_t>(9971)};
  const std::string port_text = endpoint.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port <= 0 || port > 65535) return std::nullopt;
  return std::pair{endpoint.substr(0, colon), static_cast<uint16_t>(port)};
}

// A TCP connect to the hello port from `from` (bound when given), as a
// device on that address would make it; closed at once without data (the
// server logs it as a port probe).
diagnose::PortCheck ProbeHelloPort(const std::string& from, const std::string& endpoint) {
  diagnose::PortCheck check;
  check.from = from;
  check.to = endpoint;
  auto split = SplitEndpoint(endpoint);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  if (!split || ::inet_pton(AF_INET, split->first.c_str(), &to.sin_addr) != 1) {
    check.error = fmt::format("'{}' is not an IPv4 address:port", endpoint);
    return check;
  }
  to.sin_port = htons(split->second);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    check.error = std::strerror(errno);
    return check;
  }
  if (!from.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, from.c_str(), &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      check.error = fmt::format("cannot send from {}: {}", from, std::strerror(errno));
      check.from.clear();  // the caller may retry from the OS's choice
      ::close(fd);
      return check;
    }
  }
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, kConnectTimeoutMs);
    if (rc == 0) {
      check.error = fmt::format("no answer within {} ms (filtered?)", kConnectTimeoutMs);
    } else {
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err == 0) check.reachable = true;
      else check.error = std::strerror(err);
    }
  } else if (rc == 0) {
    check.reachable = true;
  } else {
    check.error = std::strerror(errno);
  }
  ::close(fd);
  return check;
}

base::Result<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::IoError(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return base::IoError(fmt::format("cannot read '{}'", path));
  return text;
}

// The stored chain's facts, and the §5.3 requirements it misses (the checks
// `openscs certs show` prints; validity is judged by the doctor itself).
diagnose::CertificateFacts Facts(const store::CertificateRecord& c, base::TimePoint now) {
  diagnose::CertificateFacts f{c.id, c.name, c.leaf_cn, c.root_sha1, c.root_sha256, c.root_sha384,
                               c.not_before, c.not_after, {}};
  auto chain = tls::CertificatesFromPem(c.chain_pem);
  if (!chain) {
    f.requirement_problems.push_back("the stored chain does not parse: " + chain.error().message());
    return f;
  }
  tls::CertificateBundle bundle;  // Inspect reads only the chain; the key stays sealed
  bundle.chain = std::move(chain).value();
  for (const auto& finding : tls::Inspect(bundle, now).findings) {
    if (finding.code == "missing_server_auth" || finding.code == "not_setup_certificate" ||
        finding.code == "chain_broken" || finding.code == "root_missing") {
      f.requirement_problems.push_back(finding.message);
    }
  }
  return f;
}

}  // namespace

struct EvidenceGatherer::Impl {
  store::Store& store;
  EvidenceOptions options;
  std::string hello_endpoint;
  std::vector<diagnose::HostReport> host_reports;
  std::vector<diagnose::CertificateFacts> certificates;
  std::optional<std::vector<store::SystemRecord>> all_systems;
  std::map<std::string, dns::ProvisionServerReport> dns_by_domain;
  std::optional<capture::CaptureReport> capture;

  Impl(store::Store& s, EvidenceOptions o) : store(s), options(std::move(o)) {}

  const diagnose::HostReport* HostByUuid(const std::string& uuid) const {
    for (const auto& h : host_reports) {
      if (h.uuid == uuid) return &h;
    }
    return nullptr;
  }
  const diagnose::HostReport* HostByAddress(const std::string& address) const {
    for (const auto& h : host_reports) {
      if (h.address == address) return &h;
    }
    return nullptr;
  }

  base::Result<const std::vector<store::SystemRecord>*> Systems() {
    if (!all_systems) {
      auto list = store.ListSystems({});
      if (!list) return list.error();
      all_systems = std::move(*list);
    }
    return &*all_systems;
  }

  std::optional<dns::ProvisionServerReport> CheckDns(const std::string& domain) {
    if (!options.live_checks) return std::nullopt;
    if (auto it = dns_by_domain.find(domain); it != dns_by_domain.end()) return it->second;
    dns::ProvisionServerCheckOptions check;
    if (!domain.empty()) check.domains.push_back(domain);
    check.resolver.server = options.dns_server;
    check.resolver.timeout = std::chrono::milliseconds(1000);
    if (auto split = SplitEndpoint(hello_endpoint); split && IsIpv4(split->first)) {
      check.server_addresses.push_back(split->first);
    }
    if (auto local = dns::LocalIpv4Addresses()) {
      for (auto& a : *local) check.server_addresses.push_back(std::move(a));
    }
    auto report = dns::CheckProvisionServer(check);
    if (!report) return std::nullopt;
    dns_by_domain.emplace(domain, *report);
    return std::move(*report);
  }

  // The capture's view of this device, matched by UUID or address.
  void AddCapture(DeviceEvidence& ev) const {
    if (!capture) return;
    const std::string uuid = ev.system ? ev.system->uuid : ev.host ? ev.host->uuid : "";
    const std::string address = ev.system ? ev.system->source_address : ev.host ? ev.host->address : "";
    for (const auto& c : capture->devices) {
      if ((uuid.empty() || c.uuid.empty() || c.uuid != uuid) && (address.empty() || c.address != address)) continue;
      diagnose::CaptureEvidence e;
      e.file = options.pcap_file;
      e.hellos = c.hellos;
      for (const auto& f : c.findings) e.findings.push_back({f.cause, f.evidence});
      ev.capture = std::move(e);
      return;
    }
  }

  // The live checks for a device the server never heard from.
  void AddLiveChecks(DeviceEvidence& ev) {
    if (!options.live_checks) return;
    std::string domain = ev.mapping && !ev.mapping->domain_name.empty() ? ev.mapping->domain_name
                         : ev.host                                     ? ev.host->domain
                                                                       : std::string();
    if (domain.empty() && !options.domains.empty()) domain = options.domains.front();
    if (!(ev.host && !ev.host->provisioning_server.empty())) ev.dns = CheckDns(domain);
    if (hello_endpoint.empty()) return;
    std::string from = options.from;
    bool device_address = false;
    if (from.empty() && ev.host && IsIpv4(ev.host->address)) {
      from = ev.host->address;
      device_address = true;
    }
    diagnose::PortCheck probe = ProbeHelloPort(from, hello_endpoint);
    if (!probe.reachable && probe.from.empty() && !from.empty()) {
      // The device's address is not ours to send from: test from here.
      probe = ProbeHelloPort("", hello_endpoint);
      device_address = false;
    }
    probe.from_device_address = device_address;
    ev.port = probe;
  }

  base::Status Fill(DeviceEvidence& ev) {
    const std::string uuid = ev.system ? ev.system->uuid : ev.host ? ev.host->uuid : ev.mapping ? ev.mapping->uuid : "";
    if (!uuid.empty()) {
      store::LogQuery q;
      q.uuid = uuid;
      q.limit = 0;
      auto log = store.QueryLogs(q);
      if (!log) return log.error();
      ev.log = std::move(*log);
      if (!ev.mapping) {
        auto m = store.GetHostNameMapping(uuid);
        if (!m) return m.error();
        ev.mapping = *m;
      }
      if (!ev.host) {
        if (const auto* h = HostByUuid(uuid)) ev.host = *h;
      }
    }
    if (!ev.host && ev.system) {
      if (const auto* h = HostByAddress(ev.system->source_address)) ev.host = *h;
    }
    if (ev.system && !ev.system->pid.empty()) {
      auto key = store.GetKey(ev.system->pid);
      if (!key) return key.error();
      ev.key = *key;
    }
    ev.certificates = certificates;
    AddCapture(ev);
    if (!ev.system) AddLiveChecks(ev);
    return base::Status::Ok();
  }
};

EvidenceGatherer::EvidenceGatherer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EvidenceGatherer::~EvidenceGatherer() = default;

const std::string& EvidenceGatherer::hello_endpoint() const { return impl_->hello_endpoint; }

base::Result<std::unique_ptr<EvidenceGatherer>> EvidenceGatherer::Create(store::Store& store,
                                                                         EvidenceOptions options) {
  auto impl = std::make_unique<Impl>(store, std::move(options));
  impl->hello_endpoint = impl->options.server;
  if (impl->hello_endpoint.empty()) {
    auto recorded = store.GetSetting(store::kHelloEndpointSetting);
    if (!recorded) return recorded.error();
    if (*recorded) impl->hello_endpoint = **recorded;
  }
  if (!impl->hello_endpoint.empty() && !SplitEndpoint(impl->hello_endpoint)) {
    return base::InvalidArgument(fmt::format("--server '{}': give ADDRESS:PORT", impl->hello_endpoint));
  }
  for (const auto& file : impl->options.host_report_files) {
    auto text = ReadTextFile(file);
    if (!text) return text.error();
    auto reports = diagnose::ParseHostReports(*text);
    if (!reports) return reports.error().WithContext(file);
    for (auto& r : *reports) impl->host_reports.push_back(std::move(r));
  }
  if (!impl->options.pcap_file.empty()) {
    // Hellos to this server's port count too when it is not the standard one.
    capture::AnalyzeOptions analyze;
    if (auto split = SplitEndpoint(impl->hello_endpoint); split && split->second != 9971) {
      analyze.hello_ports.push_back(split->second);
    }
    auto report = capture::AnalyzeCaptureFile(impl->options.pcap_file, analyze);
    if (!report) return report.error();
    impl->capture = std::move(*report);
  }
  auto certs = store.ListCertificates();
  if (!certs) return certs.error();
  for (const auto& c : *certs) impl->certificates.push_back(Facts(c, impl->options.now));
  return std::unique_ptr<EvidenceGatherer>(new EvidenceGatherer(std::move(impl)));
}

base::Result<DeviceEvidence> EvidenceGatherer::ForQuery(const std::string& query) {
  Impl& s = *impl_;
  DeviceEvidence ev;
  ev.query = query;
  if (auto guid = base::Guid::Parse(query)) {
    const std::string uuid = guid->ToString();
    auto sys = s.store.GetSystem(uuid);
    if (!sys) return sys.error();
    ev.system = *sys;
    if (!ev.system) {
      // Never heard from: the walk still runs, from what the admin knows.
      ev.mapping = store::HostNameMapping{uuid, "", ""};
      if (auto m = s.store.GetHostNameMapping(uuid); m && *m) ev.mapping = **m;
    }
  } else {
    auto systems = s.Systems();
    if (!systems) return systems.error();
    const bool is_address = IsIpv4(query) || query.find(':') != std::string::npos;
    for (const auto& sys : **systems) {
      if (is_address ? sys.source_address == query : sys.host_name == query) {
        // The most recent one: an address may have been reused.
        if (!ev.system || sys.last_hello > ev.system->last_hello) ev.system = sys;
      }
    }
    if (!ev.system) {
      if (const auto* h = is_address ? s.HostByAddress(query) : nullptr) ev.host = *h;
      if (!is_address && !ev.host) {
        auto mappings = s.store.ListHostNameMappings();
        if (!mappings) return mappings.error();
        for (const auto& m : *mappings) {
          if (m.host_name == query) ev.mapping = m;
        }
        if (!ev.mapping) {
          return base::NotFound(fmt::format(
              "no system, mapping or host report has host name '{}' (give the device's UUID or IP address)", query));
        }
      }
    }
  }
  if (auto st = s.Fill(ev); !st.ok()) return st;
  return ev;
}

base::Result<std::vector<DeviceEvidence>> EvidenceGatherer::ForFleet() {
  Impl& s = *impl_;
  std::vector<DeviceEvidence> out;
  std::set<std::string> seen;
  auto systems = s.Systems();
  if (!systems) return systems.error();
  for (const auto& sys : **systems) {
    DeviceEvidence ev;
    ev.query = sys.uuid;
    ev.system = sys;
    seen.insert(sys.uuid);
    out.push_back(std::move(ev));
  }
  auto mappings = s.store.ListHostNameMappings();
  if (!mappings) return mappings.error();
  for (const auto& m : *mappings) {
    if (!seen.insert(m.uuid).second) continue;
    DeviceEvidence ev;
    ev.query = m.uuid;
    ev.mapping = m;
    out.push_back(std::move(ev));
  }
  for (const auto& h : s.host_reports) {
    if (!seen.insert(h.uuid).second) continue;
    DeviceEvidence ev;
    ev.query = h.uuid;
    ev.host = h;
    out.push_back(std::move(ev));
  }
  for (auto& ev : out) {
    if (auto st = s.Fill(ev); !st.ok()) return st;
  }
  return out;
}

}  // namespace openscs::evidence
