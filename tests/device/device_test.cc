#include "device/device.h"

#include <gtest/gtest.h>

#include "http/digest.h"
#include "protocol/setupbin/record_builder.h"
#include "protocol/setupbin/setupbin.h"

namespace openscs::device {
namespace {

using namespace std::chrono_literals;
using amt::PtStatus;

constexpr std::string_view kPid = "0000-037M";
constexpr std::string_view kPps = "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XJ";
constexpr std::string_view kRealm = "Digest:00000000000000000000000000000001";

FactoryConfig Factory(std::string_view version = "3.2.1") {
  FactoryConfig f;
  f.uuid = base::Guid::Parse("4c4c4544-004b-4210-8033-b6c04f504633").value();
  f.version = amt::Version::Parse(version).value();
  return f;
}

class DeviceTest : public ::testing::Test {
 protected:
  base::FakeClock clock_;
  base::TimePoint Now() const { return clock_.Now(); }
};

TEST_F(DeviceTest, FactoryDefaultIsMode2AndSendsNoHellos) {
  Device d(Factory(), std::string(kRealm));
  d.PowerOn(Now());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kFactoryDefault);
  EXPECT_FALSE(d.NextHelloAt(Now()));
}

TEST_F(DeviceTest, MebxForcesPasswordChangeAtFirstLogin) {
  Device d(Factory(), std::string(kRealm));
  auto s = d.MebxLogin("admin");
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(d.MebxLogin("wrong").code(), base::StatusCode::kPermissionDenied);
  EXPECT_EQ(d.MebxLogin("admin", "weakpassword").code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kFactoryDefault);
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kPasswordChanged);
  EXPECT_TRUE(d.MebxLogin("P@ssw0rd").ok());
}

TEST_F(DeviceTest, PidPpsEntryValidatesCheckCharactersLikeTheMebx) {
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  EXPECT_EQ(d.MebxEnterPidPps("0000-037N", kPps, Now()), PtStatus::kInvalidPidFormat);
  EXPECT_EQ(d.MebxEnterPidPps(kPid, "NKLD-G5DC-RRNQ-E9YZ-ZIJL-7LFL-VJED-69XK", Now()), PtStatus::kInvalidPpsFormat);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kPasswordChanged);
  EXPECT_EQ(d.MebxEnterPidPps(kPid, kPps, Now()), PtStatus::kSuccess);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupPsk);
  const hello::Hello h = d.NextHello();
  EXPECT_EQ(h.method, hello::Method::kPsk);
  EXPECT_EQ(h.pid, "0000037M");
  EXPECT_EQ(h.retry_count, 0u);
  EXPECT_EQ(d.NextHelloAt(Now()), Now());
}

TEST_F(DeviceTest, PskCycleEndsInMode6AndAcCycleRestartsIt) {
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  ASSERT_EQ(d.MebxEnterPidPps(kPid, kPps, Now()), PtStatus::kSuccess);
  int sent = 0;
  while (auto at = d.NextHelloAt(Now())) {
    clock_.Set(*at);
    EXPECT_EQ(d.NextHello().retry_count, static_cast<uint32_t>(std::min(sent, 14)));
    d.OnHelloSent(Now());
    ++sent;
    ASSERT_LT(sent, 100);
  }
  EXPECT_EQ(sent, 15);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupPsk);  // the last interval is still running
  clock_.Advance(1h);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kHelloDisabled);
  EXPECT_FALSE(d.AcceptsSetupConnection(Now()));

  d.AcCycle(Now());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupPsk);
  EXPECT_EQ(d.NextHelloAt(Now()), Now());
  EXPECT_EQ(d.NextHello().retry_count, 0u);
}

TEST_F(DeviceTest, RemoteConfigurationShippedDeviceSendsPkiHellosWithEnabledHashes) {
  auto f = Factory("3.0");
  f.remote_configuration = true;
  Device d(f, std::string(kRealm));
  d.PowerOn(Now());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupRemoteConfig);
  ASSERT_TRUE(d.MebxSetCertHashEnabled(0, false).ok());
  const hello::Hello h = d.NextHello();
  EXPECT_EQ(h.method, hello::Method::kPki);
  EXPECT_EQ(h.hashes.size(), d.cert_hashes().size() - 1);
  for (const auto& hash : h.hashes) EXPECT_EQ(hash.algorithm, hello::HashAlgorithm::kSha1);
  // The first window is 24 hours; no hello is due at or after its end.
  EXPECT_EQ(d.HelloWindowEndsAt(), Now() + 24h);
}

TEST_F(DeviceTest, Amt20HasNoRemoteConfiguration) {
  Device d(Factory("2.0"), std::string(kRealm));
  auto s = d.MebxSetRemoteConfiguration(true, Now());
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("AMT 2.0 has no Remote Configuration"), std::string::npos);
}

TEST_F(DeviceTest, LegacyFirmwareRefusesSha256Hashes) {
  Device d(Factory("5.0"), std::string(kRealm));
  CertHashEntry e;
  e.algorithm = hello::HashAlgorithm::kSha256;
  e.digest.assign(32, std::byte{1});
  EXPECT_FALSE(d.MebxAddCertHash(e).ok());
  Device modern(Factory("11.8"), std::string(kRealm));
  EXPECT_TRUE(modern.MebxAddCertHash(e).ok());
}

TEST_F(DeviceTest, Amt11HasNoPsk) {
  Device d(Factory("11.0"), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  EXPECT_EQ(d.MebxEnterPidPps(kPid, kPps, Now()), PtStatus::kUnsupported);
}

TEST_F(DeviceTest, ProvisioningNeedsAdminCredentialsThenGoesOperational) {
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  ASSERT_EQ(d.MebxEnterPidPps(kPid, kPps, Now()), PtStatus::kSuccess);
  // Setup-time Digest: admin with the MEBx password.
  EXPECT_EQ(d.Ha1For("admin"), http::DigestHa1("admin", kRealm, "P@ssw0rd"));
  EXPECT_EQ(d.PskKeyFor("0000037M"), "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  EXPECT_FALSE(d.PskKeyFor("0000038N"));

  EXPECT_EQ(d.CommitChanges(Now()), PtStatus::kDataMissing);
  EXPECT_EQ(d.SetHostName("pc-0042"), PtStatus::kSuccess);
  EXPECT_EQ(d.SetAdminAclEntry("admin", "N3w-Admin!"), PtStatus::kSuccess);
  EXPECT_EQ(d.CommitChanges(Now()), PtStatus::kSuccess);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kOperational);
  EXPECT_FALSE(d.NextHelloAt(Now()));
  EXPECT_EQ(d.network().host_name, "pc-0042");
  // Only the new credentials work now.
  EXPECT_EQ(d.Ha1For("admin"), http::DigestHa1("admin", kRealm, "N3w-Admin!"));
  EXPECT_EQ(d.CommitChanges(Now()), PtStatus::kInvalidProvisioningState);
}

TEST_F(DeviceTest, PkiSetupWithFactoryMebxPasswordNeedsSetMebxPassword) {
  auto f = Factory("3.2.1");
  f.remote_configuration = true;
  Device d(f, std::string(kRealm));
  d.PowerOn(Now());
  EXPECT_EQ(d.Ha1For("admin"), http::DigestHa1("admin", kRealm, "admin"));
  EXPECT_EQ(d.SetAdminAclEntryEx("admin", http::DigestHa1("admin", kRealm, "N3w-Admin!")), PtStatus::kSuccess);
  EXPECT_EQ(d.CommitChanges(Now()), PtStatus::kDataMissing);
  EXPECT_EQ(d.SetMebxPassword("weak"), PtStatus::kInvalidPassword);
  EXPECT_EQ(d.SetMebxPassword("M3bx-Pass"), PtStatus::kSuccess);
  EXPECT_EQ(d.CommitChanges(Now()), PtStatus::kSuccess);
  EXPECT_EQ(d.credentials().mebx_password, "M3bx-Pass");
  EXPECT_EQ(d.Ha1For("admin"), http::DigestHa1("admin", kRealm, "N3w-Admin!"));
}

TEST_F(DeviceTest, MebxStaticIp) {
  Device d(Factory(), std::string(kRealm));
  EXPECT_EQ(d.MebxSetStaticIp("192.0.2.300", "255.255.255.0", "", "").code(), base::StatusCode::kInvalidArgument);
  EXPECT_TRUE(d.network().dhcp);
  ASSERT_TRUE(d.MebxSetStaticIp("192.0.2.20", "255.255.255.0", "192.0.2.1", "192.0.2.53").ok());
  EXPECT_FALSE(d.network().dhcp);
  EXPECT_EQ(d.network().static_gateway, "192.0.2.1");
}

TEST_F(DeviceTest, KeyGenerationBusyFault) {
  Device d(Factory(), std::string(kRealm));
  d.faults().generating_keys_busy = 2;
  EXPECT_EQ(d.GenerateKeyPair(), PtStatus::kPkiGeneratingKeys);
  EXPECT_EQ(d.GenerateKeyPair(), PtStatus::kPkiGeneratingKeys);
  EXPECT_EQ(d.GenerateKeyPair(), PtStatus::kSuccess);
}

TEST_F(DeviceTest, PartialUnprovisionKeepsCredentialsAndRestartsHellos) {
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  ASSERT_EQ(d.MebxEnterPidPps(kPid, kPps, Now()), PtStatus::kSuccess);
  ASSERT_EQ(d.SetAdminAclEntry("admin", "N3w-Admin!"), PtStatus::kSuccess);
  ASSERT_EQ(d.CommitChanges(Now()), PtStatus::kSuccess);
  ASSERT_EQ(d.Unprovision(true, Now()), PtStatus::kSuccess);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupPsk);
  EXPECT_EQ(d.NextHelloAt(Now()), Now());
  EXPECT_EQ(d.Ha1For("admin"), http::DigestHa1("admin", kRealm, "N3w-Admin!"));
}

TEST_F(DeviceTest, CmosResetReturnsToFactoryDefaults) {
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "P@ssw0rd").ok());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kPasswordChanged);
  ASSERT_TRUE(d.CmosReset(Now()).ok());
  EXPECT_EQ(d.ModeAt(Now()), Mode::kFactoryDefault);
  EXPECT_EQ(d.credentials().mebx_password, "admin");

  auto f = Factory();
  f.oem.cmos_reset_restores_factory = false;
  Device kept(f, std::string(kRealm));
  ASSERT_TRUE(kept.MebxLogin("admin", "P@ssw0rd").ok());
  EXPECT_FALSE(kept.CmosReset(Now()).ok());
  EXPECT_EQ(kept.ModeAt(Now()), Mode::kPasswordChanged);
}

TEST_F(DeviceTest, RctEnablesADisabledDevice) {
  auto f = Factory("3.2.1");
  f.amt_enabled = false;
  Device d(f, std::string(kRealm));
  EXPECT_EQ(d.ModeAt(Now()), Mode::kAmtDisabled);
  ASSERT_TRUE(d.RctEnable(Now()).ok());
  EXPECT_NE(d.ModeAt(Now()), Mode::kAmtDisabled);
}

std::vector<std::byte> SetupBin(size_t records) {
  std::vector<setupbin::Record> rs;
  for (size_t i = 0; i < records; ++i) {
    setupbin::RecordBuilder b({2, 0});
    b.CurrentMebxPassword("admin").NewMebxPassword("P@ssw0rd").ManageabilityFeature(true);
    b.PidPps("0000037M", "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ").ProvisioningServerAddress("127.0.0.1");
    rs.push_back(b.Build().value());
  }
  return setupbin::BuildFile({2, 0}, std::move(rs), false).value();
}

TEST_F(DeviceTest, UsbOneTouchConsumesARecordAndEntersSetupMode) {
  auto file = SetupBin(2);
  Device d(Factory(), std::string(kRealm));
  auto used = d.ApplyUsbOneTouch(file, Now());
  ASSERT_TRUE(used) << used.error().ToString();
  EXPECT_EQ(*used, 1u);
  EXPECT_EQ(d.ModeAt(Now()), Mode::kSetupPsk);
  EXPECT_EQ(d.setup().provisioning_server_address, "127.0.0.1");
  EXPECT_EQ(d.credentials().mebx_password, "P@ssw0rd");
  EXPECT_EQ(setupbin::ReadFile(file).value().consumed, 1u);

  // The same device cannot take another: its password is no longer "admin".
  auto again = d.ApplyUsbOneTouch(file, Now());
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message().find("factory MEBx password"), std::string::npos);
  EXPECT_EQ(setupbin::ReadFile(file).value().consumed, 1u);

  Device second(Factory(), std::string(kRealm));
  EXPECT_EQ(second.ApplyUsbOneTouch(file, Now()).value(), 2u);
  Device third(Factory(), std::string(kRealm));
  EXPECT_FALSE(third.ApplyUsbOneTouch(file, Now()));
}

TEST_F(DeviceTest, UsbOneTouchAfterPasswordChangeIsRefusedWithoutConsuming) {
  auto file = SetupBin(1);
  const auto before = file;
  Device d(Factory(), std::string(kRealm));
  ASSERT_TRUE(d.MebxLogin("admin", "Other-P4ss").ok());
  EXPECT_FALSE(d.ApplyUsbOneTouch(file, Now()));
  EXPECT_EQ(file, before);
}

}  // namespace
}  // namespace openscs::device
