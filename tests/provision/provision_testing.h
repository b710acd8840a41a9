#pragma once

// Shared pieces of the provisioning tests: a fixture with a simulated fleet
// and a client io_context, an observer that records everything it is told,
// and the configuration a test provisions with.

#include <gtest/gtest.h>

#include "protocol/pidpps/pid_pps.h"
#include "provision/error_codes.h"
#include "provision/session.h"
#include "tests/amtclient/sim_fleet.h"
#include "tests/support/seeded_random.h"

namespace openscs::provision::testing {

using openscs::testing::CountEvents;
using openscs::testing::kTestPid;
using openscs::testing::kTestPps;

inline constexpr const char* kAdminPassword = "N3w-Admin!pw";
inline constexpr const char* kMebxPassword = "Mebx-P4ss!";

struct Recorder final : SessionObserver {
  void OnStepStart(const StepEvent& e) override { starts.push_back(e); }
  void OnStepEnd(const StepEvent& e) override { ends.push_back(e); }
  void OnHandshake(const amtclient::HandshakeTrace& t) override { handshakes.push_back(t); }
  void OnExchange(const amtclient::ExchangeTrace& t) override { exchanges.push_back(t); }

  // The end events of `step`, in order.
  std::vector<StepEvent> Ends(std::string_view step) const {
    std::vector<StepEvent> out;
    for (const auto& e : ends) {
      if (e.step == step) out.push_back(e);
    }
    return out;
  }
  // Every text this observer was given, for secret scans.
  std::string AllText() const {
    std::string all;
    for (const auto& e : ends) all += e.step + "|" + e.code + "|" + e.message + "\n";
    for (const auto& t : handshakes) all += t.detail + "|" + t.error_kind + "\n";
    for (const auto& t : exchanges) all += t.target + t.soap_action + t.request_body + t.response_body + "\n";
    return all;
  }

  std::vector<StepEvent> starts;
  std::vector<StepEvent> ends;
  std::vector<amtclient::HandshakeTrace> handshakes;
  std::vector<amtclient::ExchangeTrace> exchanges;
};

inline SetupCredentials PskCredentials() {
  SetupCredentials c;
  c.kind = SetupCredentials::kPsk;
  c.pid = "0000-037M";
  c.pps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";
  c.digest_passwords = {"admin"};
  return c;
}

// A PID/PPS pair other than the device's, with valid check characters.
inline pidpps::Pair OtherPair(uint32_t seed) { return pidpps::Generate(openscs::testing::SeededRandom(seed)); }

inline DesiredConfig Desired(bool tls = true) {
  DesiredConfig d;
  d.host_name = "pc-0042";
  d.domain_name = "corp.example.com";
  d.admin_password = kAdminPassword;
  d.mebx_password = kMebxPassword;
  d.tls = tls;
  return d;
}

class ProvisionTest : public ::testing::Test {
 protected:
  // Short backoff so that retries cost no noticeable time.
  SessionOptions Options() {
    SessionOptions o;
    o.limits.backoff_base = std::chrono::milliseconds(1);
    o.limits.backoff_cap = std::chrono::milliseconds(8);
    o.limits.connect_deadline = std::chrono::seconds(2);
    o.random = openscs::testing::SeededRandom(11);
    return o;
  }
  Outcome RunProvision(DeviceTarget target, SetupCredentials c, DesiredConfig d) {
    return openscs::testing::RunClient(io_, Provision(std::move(target), std::move(c), std::move(d), Options(),
                                                      &recorder_));
  }
  Outcome RunVerify(DeviceTarget target, std::string user, std::string password, bool tls) {
    return openscs::testing::RunClient(io_, Verify(std::move(target), std::move(user), std::move(password), tls,
                                                   Options(), &recorder_));
  }

  boost::asio::io_context io_;
  openscs::testing::SimFleet fleet_;
  Recorder recorder_;
};

// "code/step: message" for failure output.
inline std::string Describe(const Outcome& o) { return o.code + "/" + o.step + ": " + o.message; }

}  // namespace openscs::provision::testing
