#include "diagnose/doctor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diagnose/causes.h"
#include "diagnose/fleet.h"

namespace openscs::diagnose {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using ::testing::HasSubstr;

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";
const base::TimePoint kNow = base::TimePoint{} + hours(24 * 365 * 50);

DoctorOptions Options() {
  DoctorOptions o;
  o.now = kNow;
  o.hello_endpoint = "10.0.0.1:9971";
  return o;
}

std::string AllText(const Finding& f) {
  std::string s;
  for (const auto& e : f.evidence) s += e + "\n";
  for (const auto& x : f.fixes) s += x + "\n";
  return s;
}

const Finding* FindingFor(const Diagnosis& d, std::string_view cause) {
  for (const auto& f : d.findings) {
    if (f.cause == cause) return &f;
  }
  return nullptr;
}

store::SystemRecord PskSystem() {
  store::SystemRecord s;
  s.uuid = kUuid;
  s.source_address = "10.0.0.5";
  s.hello_version = 2;
  s.method = "psk";
  s.pid = "0000037M";
  s.first_hello = kNow - minutes(3);
  s.last_hello = kNow - minutes(1);
  s.hello_count = 3;
  s.last_retry_count = 2;
  s.state = store::SystemState::kFailed;
  return s;
}

store::SystemRecord PkiSystem() {
  store::SystemRecord s = PskSystem();
  s.hello_version = 3;
  s.method = "pki";
  s.pid.clear();
  s.hashes = {"sha1:742c3192e607e424eb4549542be1bbc53e6174e2"};
  return s;
}

store::LogEntry Error(std::string code, std::string message) {
  store::LogEntry e;
  e.at = kNow - minutes(1);
  e.uuid = kUuid;
  e.level = store::LogLevel::kError;
  e.code = std::move(code);
  e.step = "tls";
  e.message = std::move(message);
  return e;
}

HostReport Host(std::string state) {
  HostReport h;
  h.uuid = kUuid;
  h.address = "10.0.0.5";
  h.domain = "corp.example";
  h.amt_version = "3.0";
  h.provisioning_state = std::move(state);
  return h;
}

// ---- The server never heard from the device ("System Missing") ------------

TEST(Doctor, AmtDisabledIsModeOneWithTheMebxFix) {
  DeviceEvidence ev;
  ev.host = Host("pre");
  ev.host->amt_enabled = false;
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.state, "missing");
  ASSERT_NE(d.Primary(), nullptr);
  EXPECT_EQ(d.Primary()->cause, causes::kAmtDisabled);
  EXPECT_EQ(d.Primary()->seed_mode, 1);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("Ctrl+P"));
}

TEST(Doctor, FactoryDefaultIsModeTwoAndOffersOneTouch) {
  DeviceEvidence ev;
  ev.host = Host("pre");
  ev.host->factory_default_password = true;
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kNotInSetupMode);
  EXPECT_EQ(d.Primary()->seed_mode, 2);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("setupbin create"));
}

TEST(Doctor, ChangedMebxPasswordIsModeThreeWhereOneTouchNoLongerWorks) {
  DeviceEvidence ev;
  ev.host = Host("pre");
  ev.host->factory_default_password = false;
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kMebxPasswordChanged);
  EXPECT_EQ(d.Primary()->seed_mode, 3);
  const std::string text = AllText(*d.Primary());
  EXPECT_THAT(text, HasSubstr("One-Touch will not work"));
  EXPECT_THAT(text, HasSubstr("CMOS battery"));
}

dns::ProvisionServerReport DnsSays(dns::Verdict verdict, std::vector<std::string> addresses = {}) {
  dns::NameCheck n;
  n.name = "ProvisionServer.corp.example";
  n.domain = "corp.example";
  n.verdict = verdict;
  n.answer.addresses = std::move(addresses);
  if (verdict == dns::Verdict::kReachesThisServer) n.this_server = n.answer.addresses;
  if (verdict == dns::Verdict::kNotFound) n.error = "NXDOMAIN";
  dns::ProvisionServerReport r;
  r.names.push_back(std::move(n));
  return r;
}

TEST(Doctor, InSetupModeWithoutADnsRecordBlamesDns) {
  DeviceEvidence ev;
  ev.host = Host("in");
  ev.dns = DnsSays(dns::Verdict::kNotFound);
  ev.port = PortCheck{"10.0.0.5", "10.0.0.1:9971", true, "", true};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kDnsNoRecord);
  EXPECT_EQ(d.Primary()->confidence, Confidence::kConfirmed);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("ProvisionServer.corp.example does not resolve"));
  const Finding* port = FindingFor(d, causes::kHelloPortBlocked);
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->confidence, Confidence::kRuledOut);
  EXPECT_EQ(d.findings.back().confidence, Confidence::kRuledOut);  // checked-and-fine come last
}

TEST(Doctor, ARecordPointingElsewhereIsNamedWithItsAddress) {
  DeviceEvidence ev;
  ev.host = Host("in");
  ev.dns = DnsSays(dns::Verdict::kResolvesElsewhere, {"10.9.9.9"});
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kDnsWrongAddress);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("10.9.9.9"));
}

TEST(Doctor, AStaticServerInTheMebxRulesOutDns) {
  DeviceEvidence ev;
  ev.host = Host("in");
  ev.host->provisioning_server = "10.0.0.1:9971";
  ev.dns = DnsSays(dns::Verdict::kNotFound);
  ev.port = PortCheck{"10.0.0.5", "10.0.0.1:9971", false, "Connection refused", true};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kHelloPortBlocked);
  EXPECT_EQ(d.Primary()->confidence, Confidence::kConfirmed);
  EXPECT_EQ(FindingFor(d, causes::kDnsNoRecord)->confidence, Confidence::kRuledOut);
}

TEST(Doctor, ACaptureShowingRefusedHellosConfirmsTheBlockedPort) {
  DeviceEvidence ev;
  ev.host = Host("in");
  ev.capture = CaptureEvidence{"cap.pcap", {{std::string(causes::kHelloPortBlocked), "#3 SYN to 10.0.0.1:9, RST"}}, 0};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kHelloPortBlocked);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("capture cap.pcap: #3 SYN"));
}

TEST(Doctor, NothingKnownListsTheSeedWalkWithAHelloOnTheDevicesBehalf) {
  DeviceEvidence ev;
  ev.mapping = store::HostNameMapping{kUuid, "pc-1", ""};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kNoHellosReceived);
  EXPECT_EQ(d.Primary()->confidence, Confidence::kLikely);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("openscs hello send"));
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("unplug AC"));
  for (auto cause : {causes::kNotInSetupMode, causes::kHelloWindowClosed, causes::kDnsNoRecord,
                     causes::kHelloPortBlocked}) {
    const Finding* f = FindingFor(d, cause);
    ASSERT_NE(f, nullptr) << cause;
    EXPECT_EQ(f->confidence, Confidence::kPossible) << cause;
  }
}

// ---- Hellos arrive, provisioning does not happen ----------------------------

TEST(Doctor, UnknownPidIsConfirmedByTheLogAndTheKeyStore) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.log = {Error("pid_not_found", "failed to find PID mapping for PID 0000-037M (UUID ...). Cause: x. Fix: y.")};
  const Diagnosis d = Diagnose(ev, Options());
  ASSERT_NE(d.Primary(), nullptr);
  EXPECT_EQ(d.Primary()->cause, "pid_not_found");
  const std::string text = AllText(*d.Primary());
  EXPECT_THAT(text, HasSubstr("failed to find PID mapping for PID 0000-037M"));
  EXPECT_THAT(text, Not(HasSubstr("Cause:")));  // the log's appended advice is not repeated as evidence
  EXPECT_THAT(text, HasSubstr("no key for PID 0000-037M in the key store"));
  EXPECT_THAT(text, HasSubstr("openscs keys add 0000-037M PPS"));
}

TEST(Doctor, PskMismatchWithAKnownPidRulesOutTheMissingPid) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.key = store::KeyRecord{};
  ev.key->status = store::KeyStatus::kBound;
  ev.log = {Error("tls_psk_mismatch", "TLS-PSK handshake refused")};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, "tls_psk_mismatch");
  EXPECT_EQ(FindingFor(d, "pid_not_found")->confidence, Confidence::kRuledOut);
}

CertificateFacts Cert(std::string cn, std::string root_sha1) {
  CertificateFacts c;
  c.id = "abcdef0123456789";
  c.leaf_cn = std::move(cn);
  c.root_sha1 = std::move(root_sha1);
  c.not_before = kNow - hours(24);
  c.not_after = kNow + hours(24 * 300);
  return c;
}

TEST(Doctor, PkiWithoutACertificateFromATrustedRootSaysWhichRootsTheDeviceTrusts) {
  DeviceEvidence ev;
  ev.system = PkiSystem();
  ev.certificates = {Cert("scs.corp.example", "1111111111111111111111111111111111111111")};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, "pki_no_matching_root");
  const std::string text = AllText(*d.Primary());
  EXPECT_THAT(text, HasSubstr("742c3192e607e424eb4549542be1bbc53e6174e2"));
  EXPECT_THAT(text, HasSubstr("Manage Certificate Hashes"));
}

TEST(Doctor, PkiCertificateForAnotherDomainIsAMismatch) {
  DeviceEvidence ev;
  ev.system = PkiSystem();
  ev.mapping = store::HostNameMapping{kUuid, "pc-1", "sales.other.example"};
  ev.certificates = {Cert("scs.corp.example", "742c3192e607e424eb4549542be1bbc53e6174e2")};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, "pki_domain_mismatch");
  EXPECT_EQ(FindingFor(d, "pki_no_matching_root")->confidence, Confidence::kRuledOut);
  auto& expired = ev.certificates.front();
  expired.not_after = kNow - hours(1);
  EXPECT_EQ(Diagnose(ev, Options()).Primary()->cause, "pki_certificate_expired");
}

TEST(Doctor, ACertificateWithoutTheSetupOidOrOuIsRefused) {
  DeviceEvidence ev;
  ev.system = PkiSystem();
  ev.certificates = {Cert("scs.corp.example", "742c3192e607e424eb4549542be1bbc53e6174e2")};
  ev.certificates[0].requirement_problems = {"certificate CN=scs.corp.example has neither the Intel OID nor the OU"};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, "pki_certificate_refused");
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("neither the Intel OID nor the OU"));
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("2.16.840.1.113741.1.2.3"));
  ev.certificates[0].requirement_problems.clear();
  EXPECT_EQ(FindingFor(Diagnose(ev, Options()), "pki_certificate_refused")->confidence, Confidence::kRuledOut);
}

TEST(Doctor, RemoteConfigurationOnAmt21IsAVersionLimit) {
  DeviceEvidence ev;
  ev.system = PkiSystem();
  ev.system->amt_version = "2.1";
  ev.certificates = {Cert("scs.corp.example", "742c3192e607e424eb4549542be1bbc53e6174e2")};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kVersionNoRemoteConfiguration);
}

TEST(Doctor, PtStatusInTheLogIsNamed) {
  DeviceEvidence ev;
  ev.system = PkiSystem();
  ev.certificates = {Cert("scs.corp.example", "742c3192e607e424eb4549542be1bbc53e6174e2")};
  ev.log = {Error("pt_status", "GenerateKeyPair returned PT_STATUS 0x80D")};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, "pt_status");
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("PT_STATUS_PKI_GENERATING_KEYS"));
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("openscs explain 0x80D"));
}

TEST(Doctor, AClosedWindowIsReportedAfterTheRootCauseWithTheAcCycle) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.system->last_retry_count = 14;
  ev.system->hello_count = 15;
  ev.system->first_hello = kNow - hours(7);
  ev.system->last_hello = kNow - hours(2);
  ev.log = {Error("pid_not_found", "failed to find PID mapping for PID 0000-037M")};
  const Diagnosis d = Diagnose(ev, Options());
  ASSERT_TRUE(d.window.has_value());
  EXPECT_EQ(d.window->state, WindowState::kClosed);
  EXPECT_EQ(d.findings[0].cause, "pid_not_found");
  const Finding* window = FindingFor(d, causes::kHelloWindowClosed);
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(window->confidence, Confidence::kConfirmed);
  EXPECT_EQ(window->seed_mode, 6);
  EXPECT_THAT(AllText(*window), HasSubstr("fix the cause above first, then AC-cycle"));
}

TEST(Doctor, OperationalAfterFailedAttemptsIsRecoveredWithTheCodes) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.system->state = store::SystemState::kOperational;
  store::LogEntry attempt;
  attempt.uuid = kUuid;
  attempt.level = store::LogLevel::kWarning;
  attempt.code = "step_attempt_failed";
  attempt.message = "attempt 1 of GenerateKeyPair failed: pt_status: PT_STATUS 0x80D";
  ev.log = {attempt, attempt};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kRecoveredAfterFailures);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("pt_status x2"));
  ev.log.clear();
  EXPECT_EQ(Diagnose(ev, Options()).Primary()->cause, causes::kHealthy);
}

TEST(Doctor, OperationalButSlowStepsIsASlowDevice) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.system->state = store::SystemState::kOperational;
  for (int ms : {3011, 120, 3008, 3005, 2990}) {
    store::LogEntry step;
    step.uuid = kUuid;
    step.level = store::LogLevel::kDebug;
    step.code = "step_ok";
    step.message = "SetHostName done in " + std::to_string(ms) + " ms";
    ev.log.push_back(step);
  }
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kSlowDevice);
  EXPECT_THAT(AllText(*d.Primary()), HasSubstr("median of 5 provisioning steps took 3005 ms"));
  ev.log.resize(2);
  ev.log[0].message = "SetHostName done in 80 ms";
  EXPECT_EQ(Diagnose(ev, Options()).Primary()->cause, causes::kHealthy);
}

TEST(Doctor, HellosWithoutAnyAttemptPointAtTheServer) {
  DeviceEvidence ev;
  ev.system = PskSystem();
  ev.system->state = store::SystemState::kDiscovered;
  ev.key = store::KeyRecord{};
  const Diagnosis d = Diagnose(ev, Options());
  EXPECT_EQ(d.Primary()->cause, causes::kServerNoConnectBack);
}

TEST(DoctorFleet, CountsByStateAndByVerdict) {
  DeviceEvidence missing;
  missing.host = Host("pre");
  missing.host->amt_enabled = false;
  DeviceEvidence ok;
  ok.system = PskSystem();
  ok.system->state = store::SystemState::kOperational;
  const std::vector<Diagnosis> all = {Diagnose(missing, Options()), Diagnose(ok, Options()), Diagnose(ok, Options())};
  const FleetSummary s = Summarise(all);
  EXPECT_EQ(s.devices, 3u);
  EXPECT_EQ(s.by_state.at("missing"), 1u);
  EXPECT_EQ(s.by_state.at("operational"), 2u);
  EXPECT_EQ(s.by_cause.at("amt_disabled"), 1u);
  EXPECT_EQ(s.by_cause.at("healthy"), 2u);
}

}  // namespace
}  // namespace openscs::diagnose
