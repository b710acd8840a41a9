#pragma once

// Internal to provision: runs the steps of one session over one
// amtclient::Connection with the retry rules session.h states, turning
// every failure into an error code (error_codes.h).

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amtclient/calls.h"
#include "amtclient/connection.h"
#include "provision/session.h"

namespace openscs::provision {

// How a session failed.
struct Failure {
  std::string code;
  std::string step;
  std::string message;
  uint32_t pt_status = 0;
};

// What one attempt of a step got back: a transport/protocol error, a
// PT_STATUS (0 = success), or a failure the flow itself found in a
// successful reply (a missing field, the wrong state), which ends the session.
struct CallResult {
  std::optional<amtclient::Error> error;
  uint32_t pt_status = 0;
  std::optional<Failure> failure;
};

CallResult FromSoap(const amtclient::Result<soap::Response>& reply);
CallResult FromWsman(const amtclient::Result<amtclient::WsmanReply>& reply);  // Invoke: ReturnValue; Get/Put: 0

using StepCall = std::function<boost::asio::awaitable<CallResult>()>;

// A step of a sequence; `commit` marks CommitChanges.
struct NamedStep {
  std::string name;
  StepCall call;
  bool commit = false;
};

class StepRunner {
 public:
  // `passwords`: the Digest passwords to try in order while no call has
  // succeeded yet. `observer` may be null.
  StepRunner(amtclient::ConnectOptions connect, std::vector<std::string> passwords, const SessionLimits& limits,
             SessionObserver* observer);

  amtclient::Connection& connection() { return connection_; }
  const std::shared_ptr<base::Clock>& clock() const { return clock_; }

  // Connects, retrying refused and timed-out connects with backoff.
  boost::asio::awaitable<std::optional<Failure>> Open();
  // Runs `call` as step `name` (reconnecting first when the connection is
  // gone). `commit`: the one step that is never sent twice.
  boost::asio::awaitable<std::optional<Failure>> Step(std::string_view name, StepCall call, bool commit = false);
  // Runs `steps` in order until one fails; `committed` becomes true when a
  // commit step succeeded. `committed` must outlive the call.
  boost::asio::awaitable<std::optional<Failure>> Run(std::vector<NamedStep> steps, bool& committed);

 private:
  Failure Classify(std::string_view step, const CallResult& result, bool commit) const;
  void Started(std::string_view step, int attempt);
  void Ended(std::string_view step, int attempt, base::TimePoint started, const CallResult& result,
             const std::optional<Failure>& failure);
  boost::asio::awaitable<void> Backoff(int attempt);

  amtclient::Connection connection_;
  std::vector<std::string> passwords_;
  size_t password_index_ = 0;
  bool authenticated_ = false;
  SessionLimits limits_;
  SessionObserver* observer_;
  std::shared_ptr<base::Clock> clock_;
};

}  // namespace openscs::provision
