// TLS-PSK provisioning end to end against simulated devices: legacy SOAP
// (AMT 2.1), WS-Management (AMT 5.0) and WS-Management only (AMT 9.0), then
// Verify with the new and the old credentials; and the PSK/Digest failures.

#include "tests/provision/provision_testing.h"

namespace openscs::provision::testing {
namespace {

TEST_F(ProvisionTest, PskOverSoapToOperationalThenVerify) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.101.5");
  fleet_.Start();
  const DeviceTarget target{"127.62.101.5"};
  const Outcome o = RunProvision(target, PskCredentials(), Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.code, codes::kOk);
  EXPECT_EQ(o.interface, "soap");
  EXPECT_EQ(o.amt_version, "2.1");
  EXPECT_TRUE(o.committed);

  const Outcome verified = RunVerify(target, "admin", kAdminPassword, true);
  EXPECT_TRUE(verified.ok) << Describe(verified);
  EXPECT_EQ(verified.amt_version, "2.1");
  const Outcome old = RunVerify(target, "admin", "admin", true);
  EXPECT_EQ(old.code, codes::kDigestRejected) << Describe(old);
  fleet_.Stop();

  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
  EXPECT_TRUE(device.model().tls_enabled());
  EXPECT_EQ(device.model().network().host_name, "pc-0042");
  EXPECT_EQ(device.model().credentials().mebx_password, kMebxPassword);
  EXPECT_EQ(CountEvents(device, "CommitChanges"), 1);
}

TEST_F(ProvisionTest, PskOverWsmanWithoutTlsThenVerifyOnThePlainPort) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.102.5");
  fleet_.Start();
  const DeviceTarget target{"127.62.102.5"};
  DesiredConfig desired = Desired(false);
  const pidpps::Pair next = OtherPair(3);
  desired.next_pid_pps = {next.pid.display(), next.pps.display()};
  const Outcome o = RunProvision(target, PskCredentials(), desired);
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "wsman");
  EXPECT_EQ(o.amt_version, "5.0");
  EXPECT_EQ(recorder_.Ends("SetAdminAclEntryEx").size(), 1u);

  const Outcome verified = RunVerify(target, "admin", kAdminPassword, false);
  EXPECT_TRUE(verified.ok) << Describe(verified);
  EXPECT_EQ(RunVerify(target, "admin", "admin", false).code, codes::kDigestRejected);
  fleet_.Stop();

  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
  EXPECT_FALSE(device.model().tls_enabled());
  EXPECT_EQ(device.model().network().host_name, "pc-0042");
  // The admin credential went over as HA1, never as the password itself.
  EXPECT_TRUE(device.model().credentials().admin_ha1.has_value());
  EXPECT_EQ(device.model().credentials().pid, next.pid.compact());
}

TEST_F(ProvisionTest, DeviceWithoutLegacySoapIsFoundOverWsman) {
  fleet_.Add(openscs::testing::PskDevice("9.0"), "127.62.103.5");
  fleet_.Start();
  const DeviceTarget target{"127.62.103.5"};
  const Outcome o = RunProvision(target, PskCredentials(), Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "wsman");
  EXPECT_EQ(o.amt_version, "9.0");
  ASSERT_FALSE(recorder_.Ends("Get CIM_SoftwareIdentity").empty());
  const Outcome verified = RunVerify(target, "admin", kAdminPassword, true);
  EXPECT_TRUE(verified.ok) << Describe(verified);
  EXPECT_EQ(verified.interface, "wsman");
}

TEST_F(ProvisionTest, PlainHttpSetupWithDigestOnly) {
  sim::FleetOptions plain;
  plain.setup_over_plain_http = true;  // HP: "TLS optional for PSK"
  openscs::testing::SimFleet fleet(plain);
  sim::SimDevice& device = fleet.Add(openscs::testing::PskDevice("2.1"), "127.62.107.5");
  fleet.Start();
  SetupCredentials c = PskCredentials();
  c.plain_http = true;
  const DeviceTarget target{"127.62.107.5"};
  const Outcome o = RunProvision(target, c, Desired(false));
  EXPECT_TRUE(o.ok) << Describe(o);
  ASSERT_FALSE(recorder_.handshakes.empty());
  EXPECT_EQ(recorder_.handshakes[0].transport, "plain");
  EXPECT_EQ(recorder_.handshakes[0].port, 16992);
  EXPECT_TRUE(RunVerify(target, "admin", kAdminPassword, false).ok);
  fleet.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kPost);
}

TEST_F(ProvisionTest, WrongPpsIsPskMismatch) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.104.5");
  fleet_.Start();
  SetupCredentials c = PskCredentials();
  const pidpps::Pair other = OtherPair(4);
  c.pps = other.pps.display();  // valid check characters, another key
  const Outcome o = RunProvision({"127.62.104.5"}, c, Desired());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.code, codes::kTlsPskMismatch) << Describe(o);
  EXPECT_EQ(o.step, "connect");
  EXPECT_EQ(o.message.find(other.pps.compact().substr(4)), std::string::npos);
  // A mismatch is not retried: one handshake.
  EXPECT_EQ(recorder_.handshakes.size(), 1u);
  fleet_.Stop();
  EXPECT_EQ(device.model().provisioning_state(), device::ProvisioningState::kIn);
}

TEST_F(ProvisionTest, MalformedPpsIsRefusedBeforeConnecting) {
  SetupCredentials c = PskCredentials();
  c.pps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK";  // last group's check fails
  const Outcome o = RunProvision({"127.62.108.9"}, c, Desired());
  EXPECT_EQ(o.code, codes::kInvalidInput) << Describe(o);
  EXPECT_NE(o.message.find("group 8"), std::string::npos) << o.message;
  EXPECT_TRUE(recorder_.handshakes.empty());
}

TEST_F(ProvisionTest, WrongDigestPasswordIsDigestRejected) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.105.5");
  fleet_.Start();
  SetupCredentials c = PskCredentials();
  c.digest_passwords = {"N0t-The-0ne!"};
  const Outcome o = RunProvision({"127.62.105.5"}, c, Desired());
  EXPECT_EQ(o.code, codes::kDigestRejected) << Describe(o);
  EXPECT_EQ(o.step, "GetCoreVersion");
  EXPECT_EQ(o.message.find("N0t-The"), std::string::npos) << o.message;
  EXPECT_FALSE(o.committed);
}

TEST_F(ProvisionTest, DigestPasswordsAreTriedInOrder) {
  fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.106.5");
  fleet_.Start();
  SetupCredentials c = PskCredentials();
  c.digest_passwords = {"N0t-The-0ne!", "admin"};
  const Outcome o = RunProvision({"127.62.106.5"}, c, Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  const auto core = recorder_.Ends("GetCoreVersion");
  ASSERT_EQ(core.size(), 2u);
  EXPECT_EQ(core[0].code, codes::kDigestRejected);
  EXPECT_EQ(core[1].code, "");
  EXPECT_EQ(core[1].attempt, 2);
  EXPECT_EQ(recorder_.handshakes.size(), 1u);  // same connection, next password
}

}  // namespace
}  // namespace openscs::provision::testing
