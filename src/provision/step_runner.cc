#include "provision/step_runner.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "amt/pt_status.h"
#include "provision/error_codes.h"

namespace openscs::provision {
namespace {

namespace asio = boost::asio;
using amtclient::ErrorKind;

std::string_view CodeFor(ErrorKind kind, bool commit) {
  switch (kind) {
    case ErrorKind::kConnectRefused: return codes::kConnectRefused;
    case ErrorKind::kConnectTimeout: return codes::kConnectTimeout;
    case ErrorKind::kConnectFailed: return codes::kConnectFailed;
    case ErrorKind::kTlsPskMismatch: return codes::kTlsPskMismatch;
    case ErrorKind::kTlsUnknownIdentity: return codes::kTlsUnknownIdentity;
    case ErrorKind::kTlsCertificateRefused: return codes::kPkiCertificateRefused;
    case ErrorKind::kTlsVersionRefused: return codes::kTlsVersionRefused;
    case ErrorKind::kTlsTimeout: return codes::kTlsTimeout;
    case ErrorKind::kTlsFailed: return codes::kTlsFailed;
    case ErrorKind::kDigestRejected: return codes::kDigestRejected;
    case ErrorKind::kSoapFault: return codes::kSoapFault;
    case ErrorKind::kWsmanFault: return codes::kWsmanFault;
    case ErrorKind::kInvalidUse: return codes::kInvalidInput;
    // CommitChanges may have been applied when its reply is lost or garbled.
    case ErrorKind::kConnectionDropped: return commit ? codes::kCommitUnconfirmed : codes::kConnectionDropped;
    case ErrorKind::kTimeout: return commit ? codes::kCommitUnconfirmed : codes::kStepTimeout;
    case ErrorKind::kBadResponse: return commit ? codes::kCommitUnconfirmed : codes::kUnexpectedResponse;
    case ErrorKind::kHttpStatus: return codes::kUnexpectedResponse;
  }
  return codes::kUnexpectedResponse;
}

std::string PtStatusText(uint32_t status) {
  const auto info = amt::LookUpPtStatus(status);
  return fmt::format("PT_STATUS 0x{:X} ({})", status, info ? info->name : std::string_view("not a known code"));
}

bool Retryable(const amtclient::Error& error) {
  return error.kind == ErrorKind::kConnectRefused || error.kind == ErrorKind::kConnectTimeout;
}

}  // namespace

CallResult FromSoap(const amtclient::Result<soap::Response>& reply) {
  if (!reply) return {reply.error(), 0, std::nullopt};
  return {std::nullopt, reply->status, std::nullopt};
}

CallResult FromWsman(const amtclient::Result<amtclient::WsmanReply>& reply) {
  if (!reply) return {reply.error(), 0, std::nullopt};
  return {std::nullopt, reply->return_value, std::nullopt};
}

StepRunner::StepRunner(amtclient::ConnectOptions connect, std::vector<std::string> passwords,
                       const SessionLimits& limits, SessionObserver* observer)
    : connection_(std::move(connect)),
      passwords_(std::move(passwords)),
      limits_(limits),
      observer_(observer),
      clock_(connection_.options().clock) {}

Failure StepRunner::Classify(std::string_view step, const CallResult& result, bool commit) const {
  Failure f;
  f.step = std::string(step);
  f.pt_status = result.pt_status;
  if (result.error) {
    f.code = std::string(CodeFor(result.error->kind, commit));
    f.message = result.error->message;
    if (f.code == codes::kCommitUnconfirmed) {
      f.message += "; the device may have committed: verify before provisioning it again";
    }
    return f;
  }
  const bool missing = result.pt_status == static_cast<uint32_t>(amt::PtStatus::kDataMissing) && commit;
  f.code = std::string(missing ? codes::kDataMissingOnCommit : codes::kPtStatus);
  f.message = connection_.Redact(fmt::format("{} on {} returned {}", step, connection_.options().address,
                                             PtStatusText(result.pt_status)));
  return f;
}

void StepRunner::Started(std::string_view step, int attempt) {
  if (observer_ == nullptr) return;
  StepEvent e;
  e.step = std::string(step);
  e.attempt = attempt;
  observer_->OnStepStart(e);
}

void StepRunner::Ended(std::string_view step, int attempt, base::TimePoint started, const CallResult& result,
                       const std::optional<Failure>& failure) {
  if (observer_ == nullptr) return;
  StepEvent e;
  e.step = std::string(step);
  e.attempt = attempt;
  e.duration = clock_->Now() - started;
  if (!result.error) e.pt_status = result.pt_status;
  if (failure) {
    e.code = failure->code;
    e.message = failure->message;
  }
  observer_->OnStepEnd(e);
}

asio::awaitable<void> StepRunner::Backoff(int attempt) {
  auto delay = limits_.backoff_base;
  for (int i = 1; i < attempt && delay < limits_.backoff_cap; ++i) delay *= 2;
  delay = std::min(delay, limits_.backoff_cap);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(delay);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<std::optional<Failure>> StepRunner::Open() {
  for (int attempt = 1;; ++attempt) {
    Started("connect", attempt);
    const auto started = clock_->Now();
    auto connected = co_await connection_.Connect();
    CallResult result;
    if (!connected) result.error = connected.error();
    std::optional<Failure> failure;
    if (result.error) failure = Classify("connect", result, false);
    Ended("connect", attempt, started, result, failure);
    if (!failure) co_return std::nullopt;
    if (!Retryable(*result.error) || attempt > limits_.max_retries) co_return failure;
    co_await Backoff(attempt);
  }
}

asio::awaitable<std::optional<Failure>> StepRunner::Step(std::string_view name, StepCall call, bool commit) {
  // `name` may point into the caller's frame only until the first suspension.
  const std::string step(name);
  int retries = 0;  // of the budget; other passwords do not count
  for (int attempt = 1;; ++attempt) {
    if (!connection_.is_open()) {
      // Nothing of this attempt has been sent, so reconnecting is safe even
      // for CommitChanges.
      if (auto failure = co_await Open()) co_return failure;
    }
    Started(step, attempt);
    const auto started = clock_->Now();
    connection_.set_request_timeout(limits_.step_deadline);
    const CallResult result = co_await call();
    std::optional<Failure> failure = result.failure;
    if (!failure && (result.error || result.pt_status != 0)) failure = Classify(step, result, commit);
    Ended(step, attempt, started, result, failure);
    if (!failure) {
      authenticated_ = true;
      co_return std::nullopt;
    }
    if (result.error && result.error->kind == ErrorKind::kDigestRejected && !authenticated_ &&
        password_index_ + 1 < passwords_.size()) {
      // The device's challenge came with the refusal: answer it with the next password.
      connection_.SetCredentials(connection_.options().user, passwords_[++password_index_]);
      continue;
    }
    if (result.failure) co_return failure;
    const bool busy = !result.error && result.pt_status == static_cast<uint32_t>(amt::PtStatus::kPkiGeneratingKeys);
    const bool dropped = result.error && result.error->kind == ErrorKind::kConnectionDropped && !commit;
    if (!busy && !dropped) co_return failure;
    if (retries++ >= limits_.max_retries) {
      failure->message += fmt::format(" (after {} attempts)", attempt);
      co_return failure;
    }
    if (busy) co_await Backoff(retries);
    // dropped: the next attempt reconnects first (Open() backs off on its own).
  }
}

asio::awaitable<std::optional<Failure>> StepRunner::Run(std::vector<NamedStep> steps, bool& committed) {
  for (auto& step : steps) {
    if (auto failure = co_await Step(step.name, step.call, step.commit)) co_return failure;
    if (step.commit) committed = true;
  }
  co_return std::nullopt;
}

}  // namespace openscs::provision
