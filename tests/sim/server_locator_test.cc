#include "sim/server_locator.h"

#include <gtest/gtest.h>

#include <map>

namespace openscs::sim {
namespace {

device::FactoryConfig Factory() {
  device::FactoryConfig f;
  f.version = {3, 2, 1};
  f.remote_configuration = true;
  return f;
}

LookUpA Dns(std::map<std::string, std::string> records, std::vector<std::string>* asked) {
  return [records = std::move(records), asked](std::string_view name) -> base::Result<std::vector<std::string>> {
    asked->push_back(std::string(name));
    auto it = records.find(std::string(name));
    if (it == records.end()) return base::NotFound(std::string(name) + ": no such name");
    return std::vector<std::string>{it->second};
  };
}

TEST(ServerLocator, StaticAddressWinsWithoutDns) {
  auto f = Factory();
  f.setup.provisioning_server_address = "127.63.0.1";
  f.setup.provisioning_server_port = 19971;
  device::Device d(f, "Digest:0");
  std::vector<std::string> asked;
  auto where = LocateServer(d, Dns({}, &asked));
  ASSERT_TRUE(where);
  EXPECT_EQ(where->address, "127.63.0.1");
  EXPECT_EQ(where->port, 19971);
  EXPECT_TRUE(asked.empty());
}

TEST(ServerLocator, ReferenceOrder) {
  auto f = Factory();
  f.setup.config_server_fqdn = "scs.corp.test";
  f.network.domain_name = "mebx.test";
  f.network.dhcp_domain_suffix = "dhcp.test";
  device::Device d(f, "Digest:0");
  EXPECT_EQ(CandidateNames(d), (std::vector<std::string>{"scs.corp.test", "ProvisionServer.mebx.test",
                                                         "ProvisionServer.dhcp.test", "ProvisionServer"}));
  std::vector<std::string> asked;
  auto where = LocateServer(d, Dns({{"ProvisionServer.dhcp.test", "127.63.0.9"}}, &asked));
  ASSERT_TRUE(where);
  EXPECT_EQ(where->address, "127.63.0.9");
  EXPECT_EQ(where->found_by, "DNS ProvisionServer.dhcp.test");
  EXPECT_EQ(asked.size(), 3u);
}

TEST(ServerLocator, PskDevicesDoNotUseTheServerFqdn) {
  auto f = Factory();
  f.remote_configuration = false;
  f.oem_pid = "0000037M";
  f.oem_pps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
  f.setup.config_server_fqdn = "scs.corp.test";
  device::Device d(f, "Digest:0");
  EXPECT_EQ(CandidateNames(d), std::vector<std::string>{"ProvisionServer"});
}

TEST(ServerLocator, NotFoundListsEveryNameTried) {
  auto f = Factory();
  f.network.domain_name = "corp.test";
  device::Device d(f, "Digest:0");
  std::vector<std::string> asked;
  auto where = LocateServer(d, Dns({}, &asked));
  ASSERT_FALSE(where);
  EXPECT_NE(where.error().message().find("ProvisionServer.corp.test: no such name; ProvisionServer: no such name"),
            std::string::npos);
}

}  // namespace
}  // namespace openscs::sim
