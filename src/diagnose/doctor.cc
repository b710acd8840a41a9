#include "diagnose/doctor.h"

#include <algorithm>
#include <map>
#include <regex>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "amt/pt_status.h"
#include "amt/version.h"
#include "compat/compat.h"
#include "diagnose/causes.h"
#include "provision/error_codes.h"
#include "tls/provisioning_cert.h"

namespace openscs::diagnose {
namespace {

namespace pc = provision::codes;

// The seed's fixes, in its words turned into steps.
constexpr std::string_view kAcCycle =
    "AC-cycle the device to restart its hellos: shut it down, unplug AC (notebooks: remove the battery), press "
    "the power button to drain, plug back in";
constexpr std::string_view kMebxEnter = "at the device, press Ctrl+P during start-up to enter the MEBx";
constexpr std::string_view kCmosReset =
    "if no MEBx password works: unplug AC and remove the CMOS battery for about 15 s to return the ME to factory "
    "defaults (password `admin`), then set it up again";
constexpr std::string_view kStaticServer =
    "or set this server's IP in the MEBx (Ctrl+P \u203a Intel AMT Configuration \u203a Setup and Configuration "
    "\u203a Provisioning server)";

std::string Clock(base::TimePoint t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", std::chrono::floor<std::chrono::seconds>(t));
}

std::string DashedPid(const std::string& pid) {
  return pid.size() == 8 ? pid.substr(0, 4) + "-" + pid.substr(4) : pid;
}

// Collects findings in the seed's walking order; Diagnose() sorts them by
// confidence, keeping that order within each level.
class Findings {
 public:
  Finding& Add(std::string_view cause, Confidence confidence, int seed_mode = 0) {
    for (auto& f : list_) {
      if (f.cause == cause) {
        if (confidence < f.confidence) f.confidence = confidence;
        return f;
      }
    }
    list_.push_back(Finding{std::string(cause), confidence, {}, {}, seed_mode});
    return list_.back();
  }
  const Finding* Find(std::string_view cause) const {
    for (const auto& f : list_) {
      if (f.cause == cause) return &f;
    }
    return nullptr;
  }
  bool Has(std::string_view cause) const {
    return std::any_of(list_.begin(), list_.end(), [&](const Finding& f) { return f.cause == cause; });
  }
  bool AnyConfirmed() const {
    return std::any_of(list_.begin(), list_.end(),
                       [](const Finding& f) { return f.confidence == Confidence::kConfirmed; });
  }
  std::vector<Finding> Ranked() && {
    std::stable_sort(list_.begin(), list_.end(),
                     [](const Finding& a, const Finding& b) { return a.confidence < b.confidence; });
    return std::move(list_);
  }

 private:
  std::vector<Finding> list_;
};

// The provisioning log, read the way an admin reads it.
struct LogReading {
  std::vector<const store::LogEntry*> failures;  // attempts that ended in error, oldest first
  std::map<std::string, int> transient;          // failed attempts of a step, by code
  bool provisioning_started = false;
  bool provisioned = false;
  std::vector<const store::LogEntry*> malformed;
  std::vector<int> step_ms;  // durations of the steps that succeeded
};

// The short message without the cause/fix the server appends.
std::string Brief(const std::string& message) {
  const size_t cut = message.find(". Cause: ");
  return cut == std::string::npos ? message : message.substr(0, cut);
}

LogReading ReadLog(const std::vector<store::LogEntry>& log) {
  static const std::regex kAttempt(R"(failed: ([a-z_]+):)");
  static const std::regex kDone(R"(done in ([0-9]+) ms)");
  LogReading r;
  for (const auto& e : log) {
    if (e.code == "step_ok") {
      std::smatch m;
      if (std::regex_search(e.message, m, kDone)) r.step_ms.push_back(std::stoi(m[1].str()));
    }
    if (e.code == "provisioning_started") r.provisioning_started = true;
    if (e.code == "provisioned") r.provisioned = true;
    if (e.code == "hello_malformed") r.malformed.push_back(&e);
    if (e.code == "step_attempt_failed") {
      std::smatch m;
      if (std::regex_search(e.message, m, kAttempt)) ++r.transient[m[1].str()];
      continue;
    }
    if (e.level == store::LogLevel::kError && !e.uuid.empty()) r.failures.push_back(&e);
  }
  return r;
}

// A step slower than this, in the median, makes the device slow: legacy
// firmware answers a call in tens to hundreds of milliseconds.
constexpr int kSlowStepMs = 2000;

int MedianStepMs(const LogReading& log) {
  if (log.step_ms.empty()) return 0;
  std::vector<int> sorted = log.step_ms;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  return sorted[sorted.size() / 2];
}

// "0x80D" out of a pt_status message, as the KB key "0x80D".
std::optional<uint32_t> PtStatusIn(const std::string& message) {
  static const std::regex kHex(R"(0x([0-9A-Fa-f]{1,4})\b)");
  std::smatch m;
  if (!std::regex_search(message, m, kHex)) return std::nullopt;
  return static_cast<uint32_t>(std::stoul(m[1].str(), nullptr, 16));
}

void AddFixesForCode(Finding& f, const store::SystemRecord& sys, const std::string& message) {
  const std::string pid = DashedPid(sys.pid);
  if (f.cause == "pid_not_found") {
    f.fixes.push_back(fmt::format("import the OEM's keys: `openscs keys import FILE` (CSV or setup.bin)"));
    f.fixes.push_back(fmt::format("or add the pair entered in the MEBx: `openscs keys add {} PPS`", pid));
  } else if (f.cause == pc::kTlsPskMismatch || f.cause == pc::kTlsUnknownIdentity) {
    f.fixes.push_back(fmt::format("the stored PPS for PID {} is not the device's: re-import the right pair "
                                  "(`openscs keys import FILE`)",
                                  pid));
    f.fixes.push_back(std::string(kMebxEnter) +
                      ", then enter a new PID/PPS from `openscs keys generate` (Intel AMT Configuration \u203a "
                      "Setup and Configuration \u203a TLS PSK)");
  } else if (f.cause == pc::kPtStatus) {
    if (auto code = PtStatusIn(message)) {
      const auto info = amt::LookUpPtStatus(*code);
      f.evidence.push_back(fmt::format("PT_STATUS 0x{:X}{}", *code,
                                       info ? fmt::format(" ({}: {})", info->name, info->summary) : ""));
      f.fixes.push_back(fmt::format("`openscs explain 0x{:X}`", *code));
    }
  } else if (f.cause == pc::kConnectRefused || f.cause == pc::kConnectTimeout) {
    f.fixes.push_back(fmt::format("test from the server: `telnet {} 16993`; check the device is still in Setup "
                                  "Mode and its address is current",
                                  sys.source_address));
  }
  f.fixes.push_back(fmt::format("`openscs logs --uuid {}` and `openscs explain {}`", sys.uuid, f.cause));
}

// Version limits (reference §9, the seed's notes), from compat's tables.
void CheckVersion(Findings& out, std::string_view version_text, std::string_view method_text) {
  if (version_text.empty() || method_text.empty()) return;
  auto method = compat::ParseMethod(method_text);
  if (!method) return;
  compat::Query q;
  q.amt = std::string(version_text);
  q.method = *method;
  const compat::Verdict verdict = compat::Evaluate(q);
  for (const auto& reason : verdict.reasons) {
    const std::string cause = reason.cause.empty() ? std::string(causes::kVersionUnknown) : reason.cause;
    auto& f = out.Add(cause, cause == causes::kVersionUnknown ? Confidence::kPossible : Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("AMT {}: {}", version_text, reason.text));
    f.fixes.push_back(fmt::format("`openscs compat --amt {} --method {}`", version_text, method_text));
  }
  // 2.2/2.6 Remote Configuration needed Intel SCS 3.2.1: not a limit of
  // openscs, but the answer when another SCS handles the device.
  q.scs = "3.0";
  for (const auto& reason : compat::Evaluate(q).reasons) {
    if (reason.cause != causes::kVersionNeedsScs321 || !verdict.works) continue;
    out.Add(causes::kVersionNeedsScs321, Confidence::kRuledOut)
        .evidence.push_back(fmt::format("AMT {} Remote Configuration needs Intel SCS 3.2.1 or later; openscs "
                                        "provisions it",
                                        version_text));
  }
}

void CheckKey(Findings& out, const DeviceEvidence& ev) {
  const auto& sys = *ev.system;
  if (sys.method != "psk" || sys.pid.empty()) return;
  const std::string pid = DashedPid(sys.pid);
  if (!ev.key) {
    auto& f = out.Add("pid_not_found", Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("no key for PID {} in the key store", pid));
    if (f.fixes.empty()) AddFixesForCode(f, sys, "");
  } else if (ev.key->status == store::KeyStatus::kRevoked) {
    auto& f = out.Add("pid_revoked", Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("the key for PID {} was revoked", pid));
    f.fixes.push_back("enter a new PID/PPS in the MEBx, or import a new key for this PID");
  } else {
    out.Add("pid_not_found", Confidence::kRuledOut)
        .evidence.push_back(fmt::format("PID {} is in the key store ({})", pid, store::KeyStatusName(ev.key->status)));
  }
}

bool RootListed(const CertificateFacts& c, const std::vector<std::string>& hashes) {
  for (const auto& h : hashes) {
    if (h == "sha1:" + c.root_sha1 || h == "sha256:" + c.root_sha256 || h == "sha384:" + c.root_sha384) return true;
  }
  return false;
}

std::string DeviceDomain(const DeviceEvidence& ev) {
  if (ev.mapping && !ev.mapping->domain_name.empty()) return ev.mapping->domain_name;
  if (ev.host && !ev.host->domain.empty()) return ev.host->domain;
  return ev.system ? ev.system->domain_name : std::string();
}

void CheckCertificates(Findings& out, const DeviceEvidence& ev, const DoctorOptions& opt) {
  const auto& sys = *ev.system;
  if (sys.method != "pki") return;
  std::vector<const CertificateFacts*> by_root;
  for (const auto& c : ev.certificates) {
    if (RootListed(c, sys.hashes)) by_root.push_back(&c);
  }
  if (by_root.empty()) {
    auto& f = out.Add("pki_no_matching_root", Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("the device trusts {} root hash(es); none is the root of the {} imported "
                                     "certificate(s)",
                                     sys.hashes.size(), ev.certificates.size()));
    for (size_t i = 0; i < sys.hashes.size() && i < 3; ++i) f.evidence.push_back("device trusts " + sys.hashes[i]);
    for (const auto& c : ev.certificates) {
      f.evidence.push_back(fmt::format("certificate {} (CN {}) has root sha1:{}", c.id.substr(0, 12), c.leaf_cn,
                                       c.root_sha1));
    }
    f.fixes.push_back("import a provisioning certificate from a CA whose root the device lists: "
                      "`openscs certs import FILE.pfx`");
    f.fixes.push_back(std::string(kMebxEnter) +
                      " and add your root's hash (TLS PKI \u203a Manage Certificate Hashes), or set it with setup.bin "
                      "variable 2/8");
    return;
  }
  out.Add("pki_no_matching_root", Confidence::kRuledOut)
      .evidence.push_back(fmt::format("certificate {} (CN {}) chains to a root the device lists",
                                      by_root.front()->id.substr(0, 12), by_root.front()->leaf_cn));
  std::vector<const CertificateFacts*> valid;
  for (const auto* c : by_root) {
    if (c->not_before <= opt.now && opt.now <= c->not_after) valid.push_back(c);
  }
  if (valid.empty()) {
    auto& f = out.Add("pki_certificate_expired", Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("certificate {} is valid {} to {}", by_root.front()->id.substr(0, 12),
                                     Clock(by_root.front()->not_before), Clock(by_root.front()->not_after)));
    f.fixes.push_back("renew the provisioning certificate and `openscs certs import` the new chain");
    return;
  }
  // OID/OU and EKU (reference §5.3): the device refuses a chain that misses them.
  std::vector<const CertificateFacts*> usable;
  for (const auto* c : valid) {
    if (c->requirement_problems.empty()) usable.push_back(c);
  }
  if (usable.empty()) {
    auto& f = out.Add("pki_certificate_refused", Confidence::kConfirmed);
    for (const auto& p : valid.front()->requirement_problems) f.evidence.push_back(p);
    f.fixes.push_back("get a provisioning certificate with serverAuth and the Intel OID 2.16.840.1.113741.1.2.3 (or "
                      "the OU `Intel(R) Client Setup Certificate`) and its full chain; `openscs certs show ID` lists "
                      "the checks");
    return;
  }
  out.Add("pki_certificate_refused", Confidence::kRuledOut)
      .evidence.push_back(fmt::format("certificate {} meets the setup-certificate requirements (serverAuth, Intel "
                                      "OID/OU, chain to its root)",
                                      usable.front()->id.substr(0, 12)));
  valid = usable;
  const std::string domain = DeviceDomain(ev);
  if (domain.empty()) return;
  const bool any = std::any_of(valid.begin(), valid.end(),
                               [&](const CertificateFacts* c) { return tls::CnMatchesDomain(c->leaf_cn, domain, true); });
  if (!any) {
    auto& f = out.Add("pki_domain_mismatch", Confidence::kConfirmed);
    f.evidence.push_back(
        fmt::format("certificate CN {} is not under the device's domain {}", valid.front()->leaf_cn, domain));
    f.fixes.push_back(fmt::format("import a provisioning certificate with a CN under {} (`openscs certs import`)",
                                  domain));
    f.fixes.push_back(std::string(kMebxEnter) + " and set the PKI DNS suffix (TLS PKI \u203a PKI DNS Suffix) to the "
                                                "certificate's domain, or fix DHCP option 15");
  } else {
    out.Add("pki_domain_mismatch", Confidence::kRuledOut)
        .evidence.push_back(fmt::format("a certificate's CN is under the device's domain {}", domain));
  }
}

void AddCapture(Findings& out, const DeviceEvidence& ev) {
  if (!ev.capture) return;
  for (const auto& c : ev.capture->findings) {
    if (c.cause == causes::kHealthy) continue;
    auto& f = out.Add(c.cause, Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("capture {}: {}", ev.capture->file, c.evidence));
    if (f.fixes.empty()) f.fixes.push_back(fmt::format("`openscs explain {}`", c.cause));
  }
}

// DNS, as the device would ask it ("Provision Server" in the seed).
void CheckDns(Findings& out, const DeviceEvidence& ev, const DoctorOptions& opt) {
  if (ev.host && !ev.host->provisioning_server.empty()) {
    out.Add(causes::kDnsNoRecord, Confidence::kRuledOut)
        .evidence.push_back(fmt::format("the device does not use DNS: its MEBx sends hellos to {}",
                                        ev.host->provisioning_server));
    return;
  }
  if (!ev.dns) return;
  const std::string domain = DeviceDomain(ev);
  const dns::NameCheck* check = nullptr;
  for (const auto& n : ev.dns->names) {
    if (n.domain == domain) check = &n;
  }
  if (check == nullptr && !ev.dns->names.empty()) check = &ev.dns->names.back();
  if (check == nullptr) return;
  switch (check->verdict) {
    case dns::Verdict::kReachesThisServer:
      out.Add(causes::kDnsNoRecord, Confidence::kRuledOut)
          .evidence.push_back(fmt::format("{} resolves to this server ({})", check->name,
                                          fmt::join(check->this_server, ", ")));
      break;
    case dns::Verdict::kNotFound: {
      auto& f = out.Add(causes::kDnsNoRecord, Confidence::kConfirmed);
      f.evidence.push_back(fmt::format("{} does not resolve: {}", check->name, check->error));
      for (const auto& r : check->remedies) f.fixes.push_back(r);
      if (f.fixes.empty()) {
        f.fixes.push_back(fmt::format("create a CNAME (or A) record {} pointing at this server", check->name));
        f.fixes.push_back(std::string(kStaticServer));
      }
      break;
    }
    case dns::Verdict::kResolvesElsewhere: {
      auto& f = out.Add(causes::kDnsWrongAddress, Confidence::kConfirmed);
      std::vector<std::string> addrs;
      for (const auto& a : check->answer.addresses) addrs.push_back(a);
      f.evidence.push_back(fmt::format("{} resolves to {}, not to this server ({})", check->name,
                                       fmt::join(addrs, ", "), opt.hello_endpoint));
      for (const auto& r : check->remedies) f.fixes.push_back(r);
      break;
    }
    case dns::Verdict::kLookupFailed:
      out.Add(causes::kDnsNoRecord, Confidence::kPossible)
          .evidence.push_back(fmt::format("{}: the DNS server did not answer ({})", check->name, check->error));
      break;
  }
}

void CheckPort(Findings& out, const DeviceEvidence& ev) {
  if (!ev.port) return;
  const PortCheck& p = *ev.port;
  const std::string from = p.from.empty() ? "this host" : p.from;
  if (p.reachable) {
    out.Add(causes::kHelloPortBlocked, Confidence::kRuledOut)
        .evidence.push_back(fmt::format("TCP connect from {} to {} succeeded", from, p.to));
  } else {
    auto& f = out.Add(causes::kHelloPortBlocked, p.from_device_address ? Confidence::kConfirmed : Confidence::kLikely);
    f.evidence.push_back(fmt::format("TCP connect from {} to {} failed: {}", from, p.to, p.error));
    f.fixes.push_back(fmt::format("open TCP {} from the devices' network to this server (firewall, ACL, VLAN)", p.to));
    f.fixes.push_back("check `openscs serve` is running and listening there");
  }
}

void CheckHostReport(Findings& out, const HostReport& h) {
  if (!h.amt_enabled) {
    auto& f = out.Add(causes::kAmtDisabled, Confidence::kConfirmed, 1);
    f.evidence.push_back("host report: the ME reports Intel AMT disabled");
    f.fixes.push_back(std::string(kMebxEnter) + " and enable Intel AMT (Intel ME Configuration / Manageability "
                                                "Feature Selection)");
    f.fixes.push_back("or enable it remotely with the RCT tool (`rct enable`), which also starts Remote "
                      "Configuration where the firmware has it");
    return;
  }
  if (h.provisioning_state == "pre") {
    if (h.factory_default_password.value_or(true)) {
      auto& f = out.Add(causes::kNotInSetupMode, Confidence::kConfirmed, 2);
      f.evidence.push_back(h.factory_default_password
                               ? "host report: not in Setup Mode (PRE); the MEBx still accepts only `admin` "
                                 "(factory default)"
                               : "host report: not in Setup Mode (PRE)");
      f.fixes.push_back("USB One-Touch: `openscs keys generate` + `openscs setupbin create` and boot the device "
                        "with the stick (works only while the MEBx password is `admin`)");
      f.fixes.push_back(std::string(kMebxEnter) + ", change the password, then enter a PID/PPS (TLS-PSK) or enable "
                                                  "Remote Configuration (TLS PKI)");
    } else {
      auto& f = out.Add(causes::kMebxPasswordChanged, Confidence::kConfirmed, 3);
      f.evidence.push_back("host report: not in Setup Mode (PRE) and the MEBx password is no longer `admin`: USB "
                           "One-Touch will not work");
      f.fixes.push_back(std::string(kMebxEnter) + " with the changed password and enter a PID/PPS (from `openscs "
                                                  "keys generate`) or enable Remote Configuration");
      f.fixes.push_back(std::string(kCmosReset));
    }
    return;
  }
  if (h.provisioning_state == "post") {
    auto& f = out.Add(causes::kNotInSetupMode, Confidence::kConfirmed, 0);
    f.evidence.push_back("host report: the device is already provisioned (POST), not by this server");
    f.fixes.push_back(std::string(kMebxEnter) + " and un-provision it (Intel AMT Configuration \u203a Un-Provision) "
                                                "to bring it back to Setup Mode");
  }
}

void PossibleNoHelloCauses(Findings& out) {
  auto& f = out.Add(causes::kNoHellosReceived, Confidence::kLikely);
  f.evidence.push_back("the server has no hello from this device");
  f.fixes.push_back("capture on the server (`tcpdump -i any -w hellos.pcap tcp port 9971`) and `openscs pcap "
                    "analyze hellos.pcap`; capture at the device too if you can");
  f.fixes.push_back(std::string(kAcCycle) + ", then watch for the hello");
  f.fixes.push_back("send a hello on the device's behalf to test the server: `openscs hello send --to SERVER "
                    "--uuid UUID --pid PID --check`");
  if (!out.Has(causes::kAmtDisabled)) {
    out.Add(causes::kNotInSetupMode, Confidence::kPossible, 2)
        .fixes.push_back(std::string(kMebxEnter) + ": does it accept the password set for Setup Mode, or only "
                                                   "`admin`? (modes 1-3: AMT disabled or not in Setup Mode)");
  }
  out.Add(causes::kHelloWindowClosed, Confidence::kPossible, 6).fixes.push_back(std::string(kAcCycle));
  if (!out.Has(causes::kDnsNoRecord) && !out.Has(causes::kDnsWrongAddress)) {
    out.Add(causes::kDnsNoRecord, Confidence::kPossible)
        .fixes.push_back("`openscs dns test --domain DEVICE-DOMAIN` (and `ping ProvisionServer` from the device's "
                         "network)");
  }
  if (!out.Has(causes::kHelloPortBlocked)) {
    out.Add(causes::kHelloPortBlocked, Confidence::kPossible)
        .fixes.push_back("`openscs doctor ... --from DEVICE-NETWORK-ADDRESS` tests TCP 9971 from there");
  }
}

void DiagnoseKnown(const DeviceEvidence& ev, const DoctorOptions& opt, Diagnosis& d, Findings& out) {
  const store::SystemRecord& sys = *ev.system;
  d.state = std::string(store::SystemStateName(sys.state));
  d.facts.push_back(fmt::format("{} hello(s) from {} between {} and {}, last retry count {}", sys.hello_count,
                                sys.source_address, Clock(sys.first_hello), Clock(sys.last_hello),
                                sys.last_retry_count));
  d.facts.push_back(fmt::format("method {}{}{}", sys.method == "pki" ? "Remote Configuration (PKI)" : "TLS-PSK",
                                sys.method == "psk" && !sys.pid.empty() ? ", PID " + DashedPid(sys.pid) : "",
                                sys.amt_version.empty() ? "" : ", AMT " + sys.amt_version));
  d.facts.push_back(fmt::format("state {} since {}; {} attempt(s)", d.state, Clock(sys.state_changed), sys.attempts));
  const LogReading log = ReadLog(ev.log);

  if (sys.state == store::SystemState::kOperational) {
    if (!log.failures.empty() || !log.transient.empty()) {
      auto& f = out.Add(causes::kRecoveredAfterFailures, Confidence::kConfirmed);
      std::map<std::string, int> codes = log.transient;
      for (const auto* e : log.failures) ++codes[e->code];
      for (const auto& [code, n] : codes) f.evidence.push_back(fmt::format("earlier: {} x{}", code, n));
      f.fixes.push_back("nothing to do now; if it recurs across the fleet, look at the network path or the "
                        "devices' load");
    } else if (const int median = MedianStepMs(log); median >= kSlowStepMs) {
      auto& f = out.Add(causes::kSlowDevice, Confidence::kConfirmed);
      f.evidence.push_back(fmt::format("the median of {} provisioning steps took {} ms (healthy devices answer in "
                                       "well under a second)",
                                       log.step_ms.size(), median));
      f.fixes.push_back("`openscs doctor --fleet`: one device, or a whole network segment?");
    } else {
      out.Add(causes::kHealthy, Confidence::kConfirmed).evidence.push_back("operational, no failed attempt logged");
    }
    return;
  }

  std::string version = sys.amt_version.empty() && ev.host ? ev.host->amt_version : sys.amt_version;
  CheckVersion(out, version, sys.method);
  // The stores' checks name the specific cause (which root, which domain);
  // the log's failure code, often the same, comes after them.
  CheckKey(out, ev);
  CheckCertificates(out, ev, opt);
  if (!log.failures.empty()) {
    const store::LogEntry& last = *log.failures.back();
    const int times = static_cast<int>(std::count_if(log.failures.begin(), log.failures.end(),
                                                     [&](const store::LogEntry* e) { return e->code == last.code; }));
    const std::string logged = fmt::format("log, {} ({}): {}{}", Clock(last.at), last.step, Brief(last.message),
                                           times > 1 ? fmt::format(" (x{})", times) : "");
    if (const Finding* checked = out.Find(last.code); checked && checked->confidence == Confidence::kRuledOut) {
      // Fixed since (a key imported after the failure): the next hello is
      // provisioned while the window is open.
      out.Add(last.code, Confidence::kRuledOut).evidence.push_back(logged + " - fixed since; the next hello retries");
    } else {
      auto& f = out.Add(last.code, Confidence::kConfirmed);
      f.evidence.push_back(logged);
      if (f.fixes.empty()) AddFixesForCode(f, sys, last.message);
    }
  }
  for (const auto& [code, n] : log.transient) {
    if (out.Has(code)) continue;
    out.Add(code, Confidence::kLikely).evidence.push_back(fmt::format("{} failed attempt(s) with {}", n, code));
  }
  AddCapture(out, ev);

  // The sending window: whatever else is wrong, a closed window means the
  // device waits for an AC cycle before it tries again.
  auto profile = device::ProfileByName(opt.schedule.empty() ? DefaultScheduleFor(sys) : opt.schedule);
  if (profile) {
    d.window = AssessHelloWindow(sys, *profile, opt.time_scale, opt.now);
    d.facts.push_back("hello window: " + d.window->explanation);
    if (d.window->state == WindowState::kClosed) {
      const bool root_cause_known = out.AnyConfirmed();
      auto& f = out.Add(causes::kHelloWindowClosed, Confidence::kConfirmed, 6);
      f.evidence.push_back(d.window->explanation);
      f.fixes.push_back(root_cause_known ? "fix the cause above first, then " + std::string(kAcCycle)
                                         : std::string(kAcCycle));
    }
  }
  if (!log.provisioning_started && log.failures.empty() && !out.AnyConfirmed()) {
    auto& f = out.Add(causes::kServerNoConnectBack, Confidence::kLikely);
    f.evidence.push_back("hellos were recorded, but no provisioning attempt was logged");
    f.fixes.push_back("check `openscs serve` is running against this database; `openscs logs --uuid " + sys.uuid +
                      " --level debug`");
  }
}

void DiagnoseMissing(const DeviceEvidence& ev, const DoctorOptions& opt, Diagnosis& d, Findings& out) {
  d.state = "missing";
  d.facts.push_back("the server has no record of this device: no hello reached it (the seed's \"System Missing\")");
  if (ev.mapping) {
    d.facts.push_back(fmt::format("expected: mapped to host name {}{}", ev.mapping->host_name,
                                  ev.mapping->domain_name.empty() ? "" : "." + ev.mapping->domain_name));
  }
  if (ev.host) {
    const HostReport& h = *ev.host;
    d.facts.push_back(fmt::format("host report: AMT {} {}, provisioning state {}{}{}", h.amt_version,
                                  h.amt_enabled ? "enabled" : "disabled",
                                  h.provisioning_state.empty() ? "unknown" : h.provisioning_state,
                                  h.setup_method.empty() ? "" : ", waiting for " + h.setup_method,
                                  h.domain.empty() ? "" : ", domain " + h.domain));
    CheckHostReport(out, h);
    if (h.provisioning_state == "in") CheckVersion(out, h.amt_version, h.setup_method);
  }
  for (const auto* e : ReadLog(ev.log).malformed) {
    auto& f = out.Add(causes::kHelloMalformed, Confidence::kConfirmed);
    f.evidence.push_back(fmt::format("log, {}: {}", Clock(e->at), e->message));
  }
  CheckDns(out, ev, opt);
  CheckPort(out, ev);
  AddCapture(out, ev);
  if (!out.AnyConfirmed()) PossibleNoHelloCauses(out);
}

}  // namespace

std::string_view ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kConfirmed: return "confirmed";
    case Confidence::kLikely: return "likely";
    case Confidence::kPossible: return "possible";
    case Confidence::kRuledOut: return "ruled_out";
  }
  return "possible";
}

const Finding* Diagnosis::Primary() const {
  for (const auto& f : findings) {
    if (f.confidence != Confidence::kRuledOut) return &f;
  }
  return nullptr;
}

Diagnosis Diagnose(const DeviceEvidence& ev, const DoctorOptions& opt) {
  Diagnosis d;
  if (ev.system) {
    d.uuid = ev.system->uuid;
    d.address = ev.system->source_address;
  } else if (ev.host) {
    d.uuid = ev.host->uuid;
    d.address = ev.host->address;
  } else if (ev.mapping) {
    d.uuid = ev.mapping->uuid;
  }
  Findings out;
  if (ev.system) {
    DiagnoseKnown(ev, opt, d, out);
  } else {
    DiagnoseMissing(ev, opt, d, out);
  }
  d.findings = std::move(out).Ranked();
  return d;
}

}  // namespace openscs::diagnose
