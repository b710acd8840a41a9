#include "server/provisioner.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <condition_variable>

#include <fmt/format.h>

#include "provision/error_codes.h"
#include "provision/session.h"
#include "server/db_await.h"
#include "server/failure_text.h"
#include "server/plan.h"

namespace openscs::server {
namespace {

namespace asio = boost::asio;
using store::LogLevel;
using store::SystemState;

// What the first database visit of an attempt finds.
struct Claim {
  // kOperational: recorded operational, yet a hello came after that.
  enum Kind { kClaimed, kNotClaimed, kStale, kOperational, kError } kind = kNotClaimed;
  std::string note;
  bool back_in_setup = false;  // was operational; the device is asking again
  PlanInput input;             // kClaimed: everything the plan needs; kOperational: the system
};

// `reprovision`: the caller checked that an operational system's device no
// longer takes the stored credentials, so it goes back to discovered.
Claim ClaimAndLoad(store::Store& s, const std::string& uuid, base::TimePoint hello_at, base::TimePoint now,
                   const ServerConfig& config, bool reprovision) {
  Claim out;
  auto sys = s.GetSystem(uuid);
  if (!sys || !*sys) {
    out.kind = Claim::kError;
    out.note = sys ? "the hello was not stored" : sys.error().ToString();
    return out;
  }
  if ((*sys)->state == SystemState::kOperational) {
    // A device that is provisioned sends no hellos. One sent before it was
    // committed may still arrive afterwards: ignore it. A later one means the
    // device was unprovisioned and is asking again.
    if (hello_at <= (*sys)->state_changed) {
      out.kind = Claim::kStale;
      return out;
    }
    if (!reprovision) {
      out.kind = Claim::kOperational;
      out.input.system = **sys;
      return out;
    }
    store::SystemRecord back = **sys;
    back.state = SystemState::kDiscovered;
    back.state_changed = now;
    if (auto st = s.UpdateProvisioning(back); !st.ok()) {
      out.kind = Claim::kError;
      out.note = st.ToString();
      return out;
    }
    out.back_in_setup = true;
  }
  auto claimed = s.ClaimForProvisioning(uuid, config.server_id, now, now + config.lease);
  if (!claimed) {
    out.kind = Claim::kError;
    out.note = claimed.error().ToString();
    return out;
  }
  if (!*claimed) return out;
  auto fresh = s.GetSystem(uuid);
  auto profiles = s.ListProfiles();
  auto mapping = s.GetHostNameMapping(uuid);
  if (!fresh || !*fresh || !profiles || !mapping) {
    out.kind = Claim::kError;
    out.note = "reading the system's profile and mapping failed";
    return out;
  }
  out.input.system = **fresh;
  out.input.profiles = std::move(*profiles);
  out.input.mapping = std::move(*mapping);
  if (out.input.system.hello_version == 2) {
    auto key = s.GetKey(out.input.system.pid);
    if (!key) {
      out.kind = Claim::kError;
      out.note = key.error().ToString();
      return out;
    }
    out.input.key = std::move(*key);
  } else {
    auto certs = s.ListCertificates();
    if (!certs) {
      out.kind = Claim::kError;
      out.note = certs.error().ToString();
      return out;
    }
    out.input.certificates = std::move(*certs);
  }
  out.input.now = now;
  out.kind = Claim::kClaimed;
  return out;
}

provision::SessionOptions SessionOptionsFor(const ServerConfig& config, const std::shared_ptr<base::Clock>& clock) {
  provision::SessionOptions o;
  o.limits.connect_deadline = config.connect_timeout;
  o.limits.step_deadline = config.step_timeout;
  o.wsman_from = amt::Version::Parse(config.wsman_min_version).value_or(amt::Version{3, 2, 1});
  o.clock = clock;
  return o;
}

std::string FailureMessage(std::string_view code, std::string_view message) {
  const FailureText& text = DescribeFailure(code);
  return fmt::format("{}. Cause: {}. Fix: {}.", message, text.cause, text.fix);
}

// Step events from the session, written to the per-system log, and the
// session's handshakes and exchanges, written to the trace.
class SessionLog final : public provision::SessionObserver {
 public:
  SessionLog(ProvisioningLog& log, Trace* trace, std::string uuid, metrics::HistogramFamily* step_seconds)
      : log_(log), trace_(trace), uuid_(std::move(uuid)), step_seconds_(step_seconds) {}
  void OnStepEnd(const provision::StepEvent& e) override {
    // Step names are the session's fixed vocabulary, so the label stays small.
    if (step_seconds_ != nullptr) step_seconds_->WithLabels({e.step}).ObserveDuration(e.duration);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(e.duration).count();
    if (e.code.empty()) {
      log_.Write(LogLevel::kDebug, uuid_, "step_ok", e.step,
                 fmt::format("{} done in {} ms{}", e.step, ms, e.attempt > 1 ? fmt::format(" (attempt {})", e.attempt) : ""));
    } else {
      // Whether the session retries is its decision; a failed attempt is a
      // warning here, and the attempt's end is logged as an error below.
      log_.Write(LogLevel::kWarning, uuid_, "step_attempt_failed", e.step,
                 fmt::format("attempt {} of {} failed: {}: {}", e.attempt, e.step, e.code, e.message));
    }
  }
  void OnHandshake(const amtclient::HandshakeTrace& t) override {
    if (trace_ == nullptr) return;
    trace_->Record(uuid_, "tls",
                   t.ok ? fmt::format("{}:{} {} ok {} {} device-cert-sha256 {}", t.address, t.port, t.transport,
                                      t.protocol, t.cipher, t.device_cert_sha256.empty() ? "-" : t.device_cert_sha256)
                        : fmt::format("{}:{} {} failed {}: {}", t.address, t.port, t.transport, t.error_kind, t.detail));
  }
  void OnExchange(const amtclient::ExchangeTrace& t) override {
    if (trace_ == nullptr) return;
    trace_->Record(uuid_, "request", fmt::format("{} {} {} {}", t.method, t.target, t.soap_action, t.request_body));
    trace_->Record(uuid_, "response",
                   fmt::format("{} {} in {} ms{} {}", t.http_status, t.target,
                               std::chrono::duration_cast<std::chrono::milliseconds>(t.duration).count(),
                               t.error_kind.empty() ? "" : " " + t.error_kind, t.response_body));
  }

 private:
  ProvisioningLog& log_;
  Trace* trace_;
  std::string uuid_;
  metrics::HistogramFamily* step_seconds_;
};

}  // namespace

Provisioner::Provisioner(asio::any_io_executor executor, const ServerConfig& config, DbWorker& db,
                         ProvisioningLog& log, Trace* trace, const secrets::Vault& vault,
                         std::shared_ptr<base::Clock> clock, base::RandomSource random, ProvisionerMetrics metrics)
    : executor_(std::move(executor)),
      config_(config),
      db_(db),
      log_(log),
      trace_(trace),
      vault_(vault),
      clock_(std::move(clock)),
      random_(std::move(random)),
      metrics_(metrics) {}

void Provisioner::OnHello(const ReceivedHello& hello) {
  const std::string uuid = hello.hello.uuid.ToString();
  std::lock_guard lock(mu_);
  if (in_flight_.contains(uuid)) {
    ++counters_.hellos_ignored_in_flight;
    log_.Write(LogLevel::kDebug, uuid, "hello_while_provisioning", "hello",
               fmt::format("hello (retry {}) recorded; an attempt is already under way", hello.hello.retry_count));
    return;
  }
  in_flight_.insert(uuid);
  Waiting w{uuid, hello.at};
  if (running_ >= config_.max_concurrent) {
    waiting_.push_back(std::move(w));
    return;
  }
  StartLocked(std::move(w));
}

void Provisioner::StartLocked(Waiting w) {
  ++running_;
  asio::co_spawn(executor_, Attempt(std::move(w)), asio::detached);
}

void Provisioner::Finish(const std::string& uuid) {
  std::lock_guard lock(mu_);
  in_flight_.erase(uuid);
  --running_;
  if (!waiting_.empty() && running_ < config_.max_concurrent) {
    Waiting next = std::move(waiting_.front());
    waiting_.pop_front();
    StartLocked(std::move(next));
  }
}

size_t Provisioner::busy() const {
  std::lock_guard lock(mu_);
  return in_flight_.size();
}

asio::awaitable<void> Provisioner::Attempt(Waiting w) {
  const std::string uuid = w.uuid;
  const base::TimePoint now = clock_->Now();
  Claim claim = co_await OnDb<Claim>(
      db_, [&](store::Store& s) { return ClaimAndLoad(s, uuid, w.hello_at, now, config_, false); });
  if (claim.kind == Claim::kOperational) {
    // A hello from a device we provisioned: either it was unprovisioned
    // (partially or fully) and asks again, or the hello was late. Only the
    // device can tell: does it still take the stored credentials as a
    // provisioned device?
    if (co_await VerifyStored(claim.input.system)) {
      log_.Write(LogLevel::kDebug, uuid, "hello_from_operational", "claim",
                 "hello from a provisioned system that still takes the stored credentials: nothing to do");
      Finish(uuid);
      co_return;
    }
    claim = co_await OnDb<Claim>(db_,
                                 [&](store::Store& s) { return ClaimAndLoad(s, uuid, w.hello_at, now, config_, true); });
  }
  if (claim.kind != Claim::kClaimed) {
    if (claim.kind == Claim::kError) {
      log_.Write(LogLevel::kError, uuid, std::string(kStoreError), "claim", claim.note);
    } else if (claim.kind == Claim::kStale) {
      log_.Write(LogLevel::kDebug, uuid, "hello_before_operational", "claim",
                 "hello sent before the device was provisioned; nothing to do");
    } else {
      log_.Write(LogLevel::kDebug, uuid, "not_claimed", "claim",
                 "already provisioned, or another server is provisioning it");
    }
    Finish(uuid);
    co_return;
  }
  ++counters_.started;
  const base::TimePoint started = clock_->Now();
  auto observe_attempt = [&] {
    if (metrics_.attempt_seconds != nullptr) metrics_.attempt_seconds->ObserveDuration(clock_->Now() - started);
  };
  if (claim.back_in_setup) {
    log_.Write(LogLevel::kWarning, uuid, "hello_from_operational", "claim",
               "hello from a system recorded as operational: it was unprovisioned; provisioning it again");
  }
  store::SystemRecord sys = std::move(claim.input.system);
  claim.input.system = sys;
  log_.Write(LogLevel::kInfo, uuid, "provisioning_started", "claim",
             fmt::format("attempt {} for {} hello from {} (retry {})", sys.attempts,
                         sys.hello_version == 2 ? "PSK" : "PKI", sys.source_address, sys.last_retry_count));

  PlanResult planned = MakePlan(claim.input, vault_, random_);
  auto finish_failed = [&](std::string code, std::string step, std::string message) -> asio::awaitable<void> {
    ++counters_.failed;
    if (metrics_.failed_by_code != nullptr) metrics_.failed_by_code->WithLabels({code}).Inc();
    log_.Write(LogLevel::kError, uuid, code, step, FailureMessage(code, message));
    sys.state = SystemState::kFailed;
    sys.state_changed = clock_->Now();
    sys.last_error = code;
    sys.lease_owner.clear();
    sys.lease_until = {};
    co_await OnDb<base::Status>(db_, [&](store::Store& s) { return s.UpdateProvisioning(sys); });
    observe_attempt();
  };
  if (!planned.plan) {
    co_await finish_failed(planned.error.code, planned.error.step, planned.error.message);
    Finish(uuid);
    co_return;
  }
  Plan& plan = *planned.plan;

  // Write-ahead: the credentials the device is about to get are stored
  // before the first call that could set them.
  sys.profile = plan.profile;
  sys.method = sys.hello_version == 2 ? "psk" : "pki";
  sys.host_name = plan.desired.host_name;
  sys.domain_name = plan.desired.domain_name;
  sys.admin_user = plan.desired.admin_user;
  sys.admin_password = plan.sealed_admin_password;
  sys.mebx_password = plan.sealed_mebx_password;
  sys.last_error.clear();
  base::Status intent = co_await OnDb<base::Status>(db_, [&](store::Store& s) -> base::Status {
    if (plan.next_key) {
      // A retried attempt may find the previous attempt's pair: replace it.
      if (auto st = s.AddKeys(std::span(&*plan.next_key, 1)); !st.ok()) return st;
    }
    if (claim.input.key) {
      store::KeyRecord key = *claim.input.key;
      key.status = store::KeyStatus::kBound;
      key.bound_uuid = uuid;
      key.updated = now;
      if (auto st = s.UpdateKey(key); !st.ok()) return st;
    }
    return s.UpdateProvisioning(sys);
  });
  if (!intent.ok()) {
    co_await finish_failed(std::string(kStoreError), "intent", intent.ToString());
    Finish(uuid);
    co_return;
  }

  provision::DeviceTarget target{sys.source_address, config_.device_tls_port, config_.device_plain_port};
  plan.setup.allow_tls10 = config_.allow_tls10;
  plan.setup.plain_http = config_.plain_http;
  provision::SessionOptions options = SessionOptionsFor(config_, clock_);

  std::vector<std::string> secrets = {plan.desired.admin_password, plan.desired.mebx_password, plan.setup.pps};
  if (plan.desired.next_pid_pps) secrets.push_back(plan.desired.next_pid_pps->second);
  if (trace_ != nullptr) {
    for (const auto& s : secrets) trace_->AddSecret(s);
  }
  SessionLog observer(log_, trace_, uuid, metrics_.step_seconds);
  provision::Outcome outcome = co_await provision::Provision(target, plan.setup, plan.desired, options, &observer);
  if (!outcome.amt_version.empty()) sys.amt_version = outcome.amt_version;
  if (!outcome.interface.empty()) sys.interface = outcome.interface;

  bool provisioned = outcome.ok;
  if (outcome.ok || outcome.code == provision::codes::kCommitUnconfirmed) {
    provision::Outcome verified =
        co_await provision::Verify(target, plan.desired.admin_user, plan.desired.admin_password, plan.desired.tls,
                                   options, &observer);
    if (verified.ok) {
      provisioned = true;
      log_.Write(LogLevel::kDebug, uuid, "verified", "verify", "the device accepts the new admin credentials");
    } else {
      provisioned = false;
      outcome.code = outcome.ok ? std::string(kVerifyFailed) : outcome.code;
      outcome.step = "verify";
      outcome.message = verified.message;
    }
  }
  if (trace_ != nullptr) {
    for (const auto& s : secrets) trace_->RemoveSecret(s);
  }

  if (!provisioned) {
    co_await finish_failed(outcome.code, outcome.step, outcome.message);
    Finish(uuid);
    co_return;
  }
  ++counters_.succeeded;
  sys.state = SystemState::kOperational;
  sys.state_changed = clock_->Now();
  sys.provisioned_count += 1;
  sys.lease_owner.clear();
  sys.lease_until = {};
  std::optional<store::KeyRecord> consumed = claim.input.key;
  base::Status done = co_await OnDb<base::Status>(db_, [&](store::Store& s) -> base::Status {
    if (consumed) {
      consumed->status = store::KeyStatus::kConsumed;
      consumed->bound_uuid = uuid;
      consumed->updated = sys.state_changed;
      if (auto st = s.UpdateKey(*consumed); !st.ok()) return st;
    }
    return s.UpdateProvisioning(sys);
  });
  if (!done.ok()) log_.Write(LogLevel::kError, uuid, std::string(kStoreError), "record", done.ToString());
  observe_attempt();
  log_.Write(LogLevel::kInfo, uuid, "provisioned", "commit",
             fmt::format("operational: AMT {} over {}, host {}{}{}, profile {}", sys.amt_version, sys.interface,
                         sys.host_name, sys.domain_name.empty() ? "" : ".", sys.domain_name, sys.profile));
  Finish(uuid);
}

void Provisioner::RecoverInterrupted() {
  const base::TimePoint now = clock_->Now();
  std::vector<store::SystemRecord> interrupted;
  std::mutex done_mu;
  std::condition_variable done_cv;
  bool done = false;
  db_.Submit([&](store::Store& s) {
    store::SystemQuery q;
    q.state = SystemState::kProvisioning;
    auto list = s.ListSystems(q);
    if (list) {
      for (auto& sys : *list) {
        if (sys.lease_owner == config_.server_id || sys.lease_until < now) {
          // Ours (we died holding it) or a dead server's: take it over.
          sys.lease_owner = config_.server_id;
          sys.lease_until = now + config_.lease;
          if (s.UpdateProvisioning(sys).ok()) interrupted.push_back(sys);
        }
      }
    }
    std::lock_guard lock(done_mu);
    done = true;
    done_cv.notify_all();
  });
  {
    std::unique_lock lock(done_mu);
    done_cv.wait(lock, [&] { return done; });
  }
  for (auto& sys : interrupted) {
    std::lock_guard lock(mu_);
    if (!in_flight_.insert(sys.uuid).second) continue;
    ++running_;
    asio::co_spawn(executor_, Recover(std::move(sys)), asio::detached);
  }
}

asio::awaitable<bool> Provisioner::VerifyStored(const store::SystemRecord& sys) {
  if (sys.admin_password.empty()) co_return false;
  auto password = vault_.Open(sys.admin_password);
  if (!password) co_return false;
  SessionLog observer(log_, trace_, sys.uuid, metrics_.step_seconds);
  provision::SessionOptions options = SessionOptionsFor(config_, clock_);
  provision::DeviceTarget target{sys.source_address, config_.device_tls_port, config_.device_plain_port};
  const std::string user = sys.admin_user.empty() ? "admin" : sys.admin_user;
  // Whether the profile turned TLS on is not stored with the system: try
  // the TLS port, then the plain one.
  provision::Outcome v = co_await provision::Verify(target, user, *password, true, options, &observer);
  if (!v.ok) v = co_await provision::Verify(target, user, *password, false, options, &observer);
  co_return v.ok;
}

asio::awaitable<void> Provisioner::Recover(store::SystemRecord sys) {
  const std::string uuid = sys.uuid;
  const bool committed = co_await VerifyStored(sys);
  sys.lease_owner.clear();
  sys.lease_until = {};
  sys.state_changed = clock_->Now();
  if (committed) {
    ++counters_.recovered;
    sys.state = SystemState::kOperational;
    sys.provisioned_count += 1;
    sys.last_error.clear();
    log_.Write(LogLevel::kInfo, uuid, "provisioned", "recover",
               "operational: the attempt interrupted by a server restart had committed; the stored credentials work");
  } else {
    sys.state = SystemState::kDiscovered;
    log_.Write(LogLevel::kWarning, uuid, "attempt_interrupted", "recover",
               "an attempt was interrupted by a server restart before the device committed; waiting for its next "
               "hello");
  }
  co_await OnDb<base::Status>(db_, [&](store::Store& s) { return s.UpdateProvisioning(sys); });
  Finish(uuid);
}

}  // namespace openscs::server
