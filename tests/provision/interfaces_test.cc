// The profile's enabled interfaces reach the device: legacy SOAP
// SetEnabledInterfaces (web UI, SOL, IDE-R) and WS-Man
// AMT_RedirectionService.RequestStateChange (SOL, IDE-R), applied on commit.

#include "tests/provision/provision_testing.h"

namespace openscs::provision::testing {
namespace {

TEST_F(ProvisionTest, SoapSetsEveryEnabledInterface) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.6"), "127.62.140.5");
  fleet_.Start();
  DesiredConfig desired = Desired();
  desired.interfaces = EnabledInterfaces{false, true, true};
  const Outcome o = RunProvision(DeviceTarget{"127.62.140.5"}, PskCredentials(), desired);
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "soap");
  fleet_.Stop();
  const device::EnabledInterfaces expected{false, true, true};
  EXPECT_EQ(device.model().enabled_interfaces(), expected);
}

TEST_F(ProvisionTest, WsmanSetsSolAndIderAndLeavesTheWebUi) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.141.5");
  fleet_.Start();
  DesiredConfig desired = Desired();
  desired.interfaces = EnabledInterfaces{true, true, false};
  const Outcome o = RunProvision(DeviceTarget{"127.62.141.5"}, PskCredentials(), desired);
  EXPECT_TRUE(o.ok) << Describe(o);
  EXPECT_EQ(o.interface, "wsman");
  EXPECT_EQ(recorder_.Ends("RequestStateChange AMT_RedirectionService").size(), 1u);
  fleet_.Stop();
  const device::EnabledInterfaces expected{true, true, false};
  EXPECT_EQ(device.model().enabled_interfaces(), expected);
}

TEST_F(ProvisionTest, NoInterfacesAskedLeavesTheDevicesOwn) {
  sim::SimDevice& device = fleet_.Add(openscs::testing::PskDevice("2.6"), "127.62.142.5");
  fleet_.Start();
  const Outcome o = RunProvision(DeviceTarget{"127.62.142.5"}, PskCredentials(), Desired());
  EXPECT_TRUE(o.ok) << Describe(o);
  fleet_.Stop();
  EXPECT_EQ(device.model().enabled_interfaces(), device::EnabledInterfaces{});
  EXPECT_TRUE(recorder_.Ends("SetEnabledInterfaces").empty());
}

}  // namespace
}  // namespace openscs::provision::testing
