// What is retried and what never is: key generation busy (0x80D), a
// connection dropped mid-session, a refused connect; CommitChanges never twice.

#include "tests/provision/provision_testing.h"

namespace openscs::provision::testing {
namespace {

TEST_F(ProvisionTest, KeyGenerationBusyIsRetriedWithBackoff) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.113.5");
  device.model().faults().generating_keys_busy = 3;
  fleet_.Start();
  const Outcome o = RunProvision({"127.62.113.5"}, PskCredentials(), Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  const auto attempts = recorder_.Ends("GenerateKeyPair");
  ASSERT_EQ(attempts.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(attempts[static_cast<size_t>(i)].pt_status, 0x80Du);
    EXPECT_EQ(attempts[static_cast<size_t>(i)].code, codes::kPtStatus);
    EXPECT_NE(attempts[static_cast<size_t>(i)].message.find("PT_STATUS_PKI_GENERATING_KEYS"), std::string::npos)
        << attempts[static_cast<size_t>(i)].message;
  }
  EXPECT_EQ(attempts[3].attempt, 4);
  EXPECT_EQ(attempts[3].pt_status, 0u);
  fleet_.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
}

TEST_F(ProvisionTest, KeyGenerationBusyBeyondTheRetriesIsPtStatus) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.114.5");
  device.model().faults().generating_keys_busy = 100;
  fleet_.Start();
  const Outcome o = RunProvision({"127.62.114.5"}, PskCredentials(), Desired());
  EXPECT_EQ(o.code, codes::kPtStatus) << Describe(o);
  EXPECT_EQ(o.step, "GenerateKeyPair");
  EXPECT_EQ(o.pt_status, 0x80Du);
  EXPECT_NE(o.message.find("0x80D"), std::string::npos) << o.message;
  EXPECT_EQ(recorder_.Ends("GenerateKeyPair").size(), 6u);  // 1 + max_retries
  EXPECT_FALSE(o.committed);
}

TEST_F(ProvisionTest, DroppedConnectionReconnectsAndRedoesTheStep) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.115.5");
  // Authenticated requests: 1 GetCoreVersion, 2 SetMEBxPassword, 3 SetHostName.
  device.mutable_config().faults.drop_after_requests = 3;
  fleet_.Start();
  const Outcome o = RunProvision({"127.62.115.5"}, PskCredentials(), Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  const auto host = recorder_.Ends("SetHostName");
  ASSERT_EQ(host.size(), 2u);
  EXPECT_EQ(host[0].code, codes::kConnectionDropped);
  EXPECT_EQ(host[1].code, "");
  EXPECT_EQ(recorder_.Ends("connect").size(), 2u);
  fleet_.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
  EXPECT_EQ(CountEvents(device, "SetHostName"), 2);  // done twice, same value: idempotent
  EXPECT_EQ(CountEvents(device, "CommitChanges"), 1);
}

TEST_F(ProvisionTest, CommitChangesIsNeverSentTwice) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.116.5");
  // The 10th authenticated request is CommitChanges: GetCoreVersion,
  // SetMEBxPassword, SetHostName, SetDomainName, GetLow-, SetHighAccuracyTimeSynch,
  // SetAdminAclEntry, GenerateKeyPair, SetTlsEnabled, CommitChanges. The
  // device applies it, then drops the connection instead of answering.
  device.mutable_config().faults.drop_after_requests = 10;
  fleet_.Start();
  const DeviceTarget target{"127.62.116.5"};
  const Outcome o = RunProvision(target, PskCredentials(), Desired());
  EXPECT_EQ(o.code, codes::kCommitUnconfirmed) << Describe(o);
  EXPECT_EQ(o.step, "CommitChanges");
  EXPECT_FALSE(o.committed);
  EXPECT_EQ(recorder_.Ends("CommitChanges").size(), 1u);
  // The caller verifies: it was committed.
  const Outcome verified = RunVerify(target, "admin", kAdminPassword, true);
  EXPECT_TRUE(verified.ok) << Describe(verified);
  fleet_.Stop();
  EXPECT_EQ(CountEvents(device, "CommitChanges"), 1);
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
}

TEST_F(ProvisionTest, MissingMebxPasswordIsDataMissingOnCommit) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.117.5");
  fleet_.Start();
  DesiredConfig d = Desired();
  d.mebx_password.clear();  // the device still has the factory "admin"
  const Outcome o = RunProvision({"127.62.117.5"}, PskCredentials(), d);
  EXPECT_EQ(o.code, codes::kDataMissingOnCommit) << Describe(o);
  EXPECT_EQ(o.pt_status, 0x809u);
  EXPECT_EQ(recorder_.Ends("CommitChanges").size(), 1u);
  fleet_.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kIn);
}

TEST_F(ProvisionTest, RefusedConnectIsRetriedThenReported) {
  const Outcome o = RunProvision({"127.62.118.9"}, PskCredentials(), Desired());
  EXPECT_EQ(o.code, codes::kConnectRefused) << Describe(o);
  EXPECT_EQ(o.step, "connect");
  EXPECT_EQ(recorder_.Ends("connect").size(), 6u);  // 1 + max_retries
  EXPECT_NE(o.message.find("127.62.118.9:16993"), std::string::npos) << o.message;
}

TEST_F(ProvisionTest, SlowDeviceIsStepTimeoutAndNotRetried) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.132.5");
  device.mutable_config().faults.slow_response = std::chrono::seconds(3);
  fleet_.Start();
  SessionOptions options = Options();
  options.limits.step_deadline = std::chrono::milliseconds(300);
  const Outcome o = openscs::testing::RunClient(
      io_, Provision({"127.62.132.5"}, PskCredentials(), Desired(), options, &recorder_));
  EXPECT_EQ(o.code, codes::kStepTimeout) << Describe(o);
  EXPECT_EQ(o.step, "GetCoreVersion");
  EXPECT_EQ(recorder_.Ends("GetCoreVersion").size(), 1u);
}

TEST_F(ProvisionTest, WsmanThresholdIsAnOption) {
  fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.119.5");
  fleet_.Start();
  SessionOptions options = Options();
  options.wsman_from = {6, 0, 0};
  const Outcome o = openscs::testing::RunClient(
      io_, Provision({"127.62.119.5"}, PskCredentials(), Desired(), options, &recorder_));
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "soap");
}

}  // namespace
}  // namespace openscs::provision::testing
