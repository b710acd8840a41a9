#pragma once

// The whole conversation with one device in Setup Mode, as one coroutine:
// connect back (TLS-PSK, PKI or plain HTTP), find the firmware version, run
// the legacy SOAP sequence (reference §6.2) or the WS-Management sequence
// (§6.3), end with CommitChanges; then Verify() logs in with the new
// credentials. Outcome::code is one of provision/error_codes.h.
//
// Steps and retries. Every call is one named step with a deadline
// (SessionLimits::step_deadline bounds each attempt: the request and its
// Digest round trips). Only what is safe is retried, with exponential
// backoff and at most max_retries times:
//  - connection refused or timed out while connecting (nothing was sent);
//  - PT_STATUS 0x80D, the ME still generating its RSA key;
//  - a connection dropped during a step before CommitChanges: reconnect and
//    send the same step again (every Set*/Get* before CommitChanges is
//    idempotent: it sets the same value again);
//  - a Digest password the device refuses on the first call: the next of
//    SetupCredentials::digest_passwords is tried (no backoff).
// CommitChanges is never sent twice: a drop or timeout during it ends the
// session with commit_unconfirmed, and the caller runs Verify().
//
// Secrets (PPS, passwords, HA1, the provisioning key) never appear in an
// Outcome, a step event or a trace: they read "***".
//
// Threading: the coroutines run on the caller's executor and touch nothing
// shared; any number may run at once. The observer is called on that
// executor and must outlive the coroutine. No exceptions escape.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "amt/version.h"
#include "amtclient/trace.h"
#include "base/clock.h"
#include "base/random.h"
#include "tls/client_tls.h"

namespace openscs::provision {

struct DeviceTarget {
  std::string address;  // IP address (or host name) of the device
  uint16_t tls_port = 16993;
  uint16_t plain_port = 16992;
};

// How to get in while the device is in Setup Mode.
struct SetupCredentials {
  enum Kind { kPsk, kPki };
  Kind kind = kPsk;
  std::string pid, pps;             // kPsk: from the hello and the key store (dashes allowed)
  std::string chain_pem, key_pem;   // kPki: provisioning chain leaf first, and the leaf's key
  // Tried in order for user "admin" on the first call: the MEBx password the
  // admin set, then the factory "admin" (PKI bare metal).
  std::vector<std::string> digest_passwords = {"admin"};
  bool allow_tls10 = false;  // TLS 1.0 firmware (tls::ClientTlsOptions::allow_tls10)
  bool plain_http = false;   // no TLS: plain_port with Digest only ("TLS optional for PSK")
};

// The interfaces an admin may use once provisioned.
struct EnabledInterfaces {
  bool web_ui = true;
  bool sol = false;   // Serial over LAN
  bool ider = false;  // IDE redirection
};

struct DesiredConfig {
  std::string host_name, domain_name;  // empty: leave as the device has it
  std::string admin_user = "admin";
  std::string admin_password;  // the new network admin password; required
  std::string mebx_password;   // the new MEBx password; required while the device has "admin"
  std::optional<std::pair<std::string, std::string>> next_pid_pps;  // SetTLSPSK for a later re-provisioning
  bool tls = true;  // generate a key pair and enable TLS: operational access on tls_port
  // Legacy SOAP: SetEnabledInterfaces (web UI, SOL, IDE-R). WS-Man:
  // AMT_RedirectionService.RequestStateChange (SOL, IDE-R; the web UI has no
  // switch there before AMT 6). nullopt: left as the device has them.
  std::optional<EnabledInterfaces> interfaces;
};

struct SessionLimits {
  std::chrono::milliseconds step_deadline{10000};    // each attempt of a step
  std::chrono::milliseconds connect_deadline{5000};  // each TCP connect
  int max_retries = 5;                               // per step, beyond the first attempt
  std::chrono::milliseconds backoff_base{250};       // doubles per retry...
  std::chrono::milliseconds backoff_cap{5000};       // ...up to this
};

struct SessionOptions {
  SessionLimits limits;
  // The first version spoken to over WS-Management; older ones get legacy
  // SOAP. 3.2.1 because WS-Man exists from 3.0 but is complete only from
  // 3.2.1 (reference §6.1, §9); SOAP is served up to 8.x.
  amt::Version wsman_from{3, 2, 1};
  // Shared TLS contexts; null: the session builds its own (an SSL_CTX per
  // session). Borrowed. setup_tls must match SetupCredentials::kind.
  const tls::ClientTlsContext* setup_tls = nullptr;
  const tls::ClientTlsContext* operational_tls = nullptr;  // Verify() over TLS
  base::RandomSource random = base::SystemRandom();          // Digest cnonce, MessageIDs
  std::shared_ptr<base::Clock> clock = base::SystemClock();  // durations, time sync
};

struct Outcome {
  bool ok = false;
  std::string code;         // provision::codes
  std::string step;         // the step that failed (or the last one)
  std::string message;      // what went wrong and where; redacted
  std::string amt_version;  // "2.1", "5.0", once known
  std::string interface;    // "soap" or "wsman", once chosen
  uint32_t pt_status = 0;   // of the failing call, when it returned one
  bool committed = false;   // CommitChanges returned success
};

struct StepEvent {
  std::string step;  // "connect", "GetCoreVersion", "SetHostName", "CommitChanges", ...
  int attempt = 1;
  std::chrono::nanoseconds duration{};  // end events
  std::optional<uint32_t> pt_status;    // end events, when the call returned one
  std::string code;                     // end events: "" on success, else what this attempt hit
  std::string message;                  // end events: redacted
};

// The caller's per-device log: step events and every amtclient trace.
class SessionObserver : public amtclient::TraceSink {
 public:
  virtual void OnStepStart(const StepEvent& event) { (void)event; }
  virtual void OnStepEnd(const StepEvent& event) { (void)event; }
  void OnHandshake(const amtclient::HandshakeTrace& trace) override { (void)trace; }
  void OnExchange(const amtclient::ExchangeTrace& trace) override { (void)trace; }
};

// Provisions the device at `target`. ok with committed=true when
// CommitChanges succeeded; then run Verify().
boost::asio::awaitable<Outcome> Provision(DeviceTarget target, SetupCredentials credentials, DesiredConfig desired,
                                          SessionOptions options = {}, SessionObserver* observer = nullptr);

// Logs in as `user`/`password` after CommitChanges (operational TLS on
// tls_port when `tls`, else plain_port), reads the core version and the
// provisioning state. ok: the device is provisioned and takes the
// credentials; digest_rejected: it does not take them; not_provisioned: it
// takes them but is not in post-provisioning. TLS 1.0 firmware needs
// options.operational_tls made with allow_tls10.
boost::asio::awaitable<Outcome> Verify(DeviceTarget target, std::string user, std::string password, bool tls,
                                       SessionOptions options = {}, SessionObserver* observer = nullptr);

}  // namespace openscs::provision
