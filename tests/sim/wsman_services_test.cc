#include "sim/wsman_services.h"

#include <gtest/gtest.h>

#include "http/digest.h"
#include "protocol/soap/wsman.h"
#include "sim/sim_device.h"
#include "tests/sim/sim_testing.h"
#include "tests/support/seeded_random.h"

namespace openscs::sim {
namespace {

using soap::AmtResource;
using soap::Leaf;

// The WS-Management provisioning sequence of reference §6.3 against a
// Remote Configuration device, without sockets.
class WsmanServicesTest : public ::testing::Test {
 protected:
  WsmanServicesTest() : clock_(std::make_shared<base::FakeClock>()), device_(Factory(), testing::ConfigAt("127.64.1.5"), Random(1), clock_) {
    device_.model().PowerOn(clock_->Now());
  }
  static base::RandomSource Random(uint32_t seed) { return openscs::testing::SeededRandom(seed); }
  static device::FactoryConfig Factory() {
    device::FactoryConfig f;
    f.version = {3, 2, 1};
    f.remote_configuration = true;
    return f;
  }

  soap::WsmanResponse Send(const soap::WsmanRequest& r, const std::string& password) {
    HttpResponse resp = testing::CallWithDigest(device_, testing::Post("/wsman", soap::BuildWsmanRequest(r)), password);
    auto parsed = soap::ParseWsmanResponse(resp.body);
    EXPECT_TRUE(parsed) << resp.body;
    return parsed ? *parsed : soap::WsmanResponse{};
  }
  soap::WsmanResponse Get(const std::string& cls, const std::string& password = "admin") {
    soap::WsmanRequest r;
    r.action = std::string(soap::kActionGet);
    r.resource_uri = cls.rfind("CIM_", 0) == 0 ? soap::CimResource(cls) : AmtResource(cls);
    return Send(r, password);
  }
  uint32_t Invoke(const std::string& cls, const std::string& method, std::vector<soap::Element> params,
                  const std::string& password = "admin") {
    soap::WsmanRequest r;
    r.resource_uri = AmtResource(cls);
    r.action = soap::InvokeAction(r.resource_uri, method);
    r.body = soap::InvokeInput(r.resource_uri, method, std::move(params));
    auto resp = Send(r, password);
    EXPECT_FALSE(resp.fault) << resp.fault_reason;
    return soap::ReturnValueOf(resp.body).value_or(0xffffffffu);
  }

  std::shared_ptr<base::FakeClock> clock_;
  SimDevice device_;
};

TEST_F(WsmanServicesTest, ReferenceSequenceProvisionsTheDevice) {
  auto setup = Get("AMT_SetupAndConfigurationService");
  EXPECT_EQ(setup.body.ChildText("ProvisioningState"), "1");
  EXPECT_EQ(setup.body.ChildText("ZeroTouchConfigurationEnabled"), "true");
  const std::string realm = Get("AMT_GeneralSettings").body.ChildText("DigestRealm").value();
  EXPECT_EQ(realm, device_.model().digest_realm());
  EXPECT_EQ(Get("CIM_SoftwareIdentity").body.ChildText("VersionString"), "3.2.1");

  EXPECT_EQ(Invoke("AMT_SetupAndConfigurationService", "CommitChanges", {}), 0x809u);
  EXPECT_EQ(Invoke("AMT_SetupAndConfigurationService", "SetMEBxPassword", {Leaf("Password", "M3bx-Pass")}), 0u);
  EXPECT_EQ(Invoke("AMT_AuthorizationService", "SetAdminAclEntryEx",
                   {Leaf("Username", "admin"), Leaf("DigestPassword", http::DigestHa1("admin", realm, "N3w-Admin!x"))}),
            0u);

  soap::WsmanRequest put;
  put.action = std::string(soap::kActionPut);
  put.resource_uri = AmtResource("AMT_GeneralSettings");
  put.body = soap::Element{"AMT_GeneralSettings", put.resource_uri, {}, {Leaf("HostName", "pc-0042")}};
  auto put_resp = Send(put, "admin");
  EXPECT_EQ(put_resp.body.ChildText("HostName"), "pc-0042");

  device_.model().faults().generating_keys_busy = 1;
  EXPECT_EQ(Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", {Leaf("KeyAlgorithm", "0")}), 0x80Du);
  EXPECT_EQ(Invoke("AMT_PublicKeyManagementService", "GenerateKeyPair", {Leaf("KeyAlgorithm", "0")}), 0u);
  EXPECT_EQ(Invoke("AMT_SetupAndConfigurationService", "CommitChanges", {}), 0u);

  EXPECT_EQ(device_.model().ModeAt(clock_->Now()), device::Mode::kOperational);
  EXPECT_EQ(device_.model().network().host_name, "pc-0042");
  EXPECT_EQ(Get("AMT_SetupAndConfigurationService", "N3w-Admin!x").body.ChildText("ProvisioningState"), "2");
}

TEST_F(WsmanServicesTest, UnknownResourceIsAWsmanFault) {
  auto r = Get("AMT_Nonexistent");
  EXPECT_TRUE(r.fault);
  EXPECT_EQ(r.fault_subcode, "DestinationUnreachable");
}

TEST(WsmanAvailability, LegacyDevicesHaveNoWsman) {
  auto clock = std::make_shared<base::FakeClock>();
  device::FactoryConfig f;
  f.version = {2, 6, 0};
  SimDevice d(f, testing::ConfigAt("127.64.1.6"), openscs::testing::SeededRandom(1), clock);
  EXPECT_EQ(testing::CallWithDigest(d, testing::Post("/wsman"), "admin").status, 404);
}

}  // namespace
}  // namespace openscs::sim
