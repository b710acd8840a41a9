#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "tests/cli/cli_testing.h"
#include "tests/support/dnsmasq_server.h"
#include "tests/support/temp_dir.h"

namespace openscs::cli {
namespace {

using openscs::testing::DnsmasqServer;
using testing::RunCli;

// Each test has its own loopback block 127.63.N.0/24 (N = 11...) and port
// 5630+N; "this server" is that block's .5, given with --server-address.
class DnsTestCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!openscs::testing::ProgramExists("dnsmasq")) GTEST_SKIP() << "dnsmasq not installed";
  }
  // A resolv.conf of the test's own, so the machine's search domains never
  // leak into the names checked.
  std::string ResolvConf(const std::string& text) {
    const std::string path = (dir_ / "resolv.conf").string();
    std::ofstream(path) << text;
    return path;
  }
  // `dns test` against `dns`, with `this_server` as --server-address.
  static testing::CliRun Check(const DnsmasqServer& dns, const std::string& this_server,
                               std::vector<std::string> more) {
    std::vector<std::string> args = {"dns", "test", "--dns-server", dns.server(), "--server-address", this_server};
    args.insert(args.end(), more.begin(), more.end());
    return RunCli(args);
  }
  openscs::testing::TempDir dir_{"dns-cli"};
};

TEST_F(DnsTestCommand, CnameThatReachesThisServer) {
  DnsmasqServer dns("127.63.11.1", 5641, {{"ProvisionServer", "127.63.11.5"}, {"scs.corp.test", "127.63.11.5"}},
                    {{"ProvisionServer.corp.test", "scs.corp.test"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = Check(dns, "127.63.11.5", {"--domain", "corp.test"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("ProvisionServer.corp.test: reaches this server"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("CNAME  ProvisionServer.corp.test -> scs.corp.test"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("A      127.63.11.5 (this server)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("2 of 2 names reach this server"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("fix:"), std::string::npos) << run.out;
}

TEST_F(DnsTestCommand, ARecordPointingElsewhereShowsTheFix) {
  DnsmasqServer dns("127.63.12.1", 5642,
                    {{"ProvisionServer", "127.63.12.5"}, {"ProvisionServer.corp.test", "127.63.12.99"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = Check(dns, "127.63.12.5", {"-d", "corp.test"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("ProvisionServer.corp.test: resolves, but not to this server"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("A      127.63.12.99\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(
                "fix:   change the CNAME (or A) record ProvisionServer in the zone corp.test to point at this server "
                "(127.63.12.5"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("set the provisioning server IP 127.63.12.5 in the MEBx of each device (Ctrl+P"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("openscs hello send"), std::string::npos) << run.out;
}

TEST_F(DnsTestCommand, NxdomainAsJson) {
  DnsmasqServer dns("127.63.13.1", 5643, {{"scs.corp.test", "127.63.13.5"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = Check(dns, "127.63.13.5", {"--domain", "corp.test", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_FALSE(j["all_reach_this_server"].get<bool>());
  ASSERT_EQ(j["names"].size(), 2u);
  const auto& named = j["names"][1];
  EXPECT_EQ(named["name"], "ProvisionServer.corp.test");
  EXPECT_EQ(named["verdict"], "not_found");
  EXPECT_NE(named["error"].get<std::string>().find("no such name"), std::string::npos);
  EXPECT_NE(named["remedies"][0].get<std::string>().find(
                "create a CNAME (or A) record ProvisionServer in the zone corp.test pointing at this server"),
            std::string::npos);
  EXPECT_EQ(j["server_addresses"][0], "127.63.13.5");
}

TEST_F(DnsTestCommand, BareNameOnlyWhenThereAreNoDomains) {
  DnsmasqServer dns("127.63.14.1", 5644, {{"ProvisionServer", "127.63.14.5"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = Check(dns, "127.63.14.5", {"--resolv-conf", ResolvConf("nameserver 127.63.14.1\n")});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("ProvisionServer: reaches this server"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 of 1 names reach this server"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("no search domains"), std::string::npos) << run.err;
}

TEST_F(DnsTestCommand, BareNameThatDoesNotResolveAndDomainsFromResolvConf) {
  DnsmasqServer dns("127.63.15.1", 5645, {{"ProvisionServer.corp.test", "127.63.15.5"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = Check(dns, "127.63.15.5", {"--resolv-conf", ResolvConf("search corp.test\n")});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("ProvisionServer: does not resolve"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("fix:   a device with no domain asks for the bare name ProvisionServer"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("ProvisionServer.corp.test: reaches this server"), std::string::npos) << run.out;
}

TEST(DnsTestOptions, BadAddressesAreUsageErrors) {
  EXPECT_EQ(RunCli({"dns", "test", "--server-address", "scs.corp.test"}).exit_code, 2);
  auto run = RunCli({"dns", "test", "--domain", "corp.test", "--dns-server", "not an address"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("not an address"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace openscs::cli
