#include "dns/provision_server_check.h"

#include <gtest/gtest.h>

#include "tests/support/dnsmasq_server.h"

namespace openscs::dns {
namespace {

using Strings = std::vector<std::string>;

bool Mentions(const NameCheck& check, std::string_view text) {
  for (const auto& r : check.remedies) {
    if (r.find(text) != std::string::npos) return true;
  }
  return false;
}

// ---- JudgeName: pure -------------------------------------------------------

TEST(JudgeName, AnAnswerWithOneOfOurAddressesReachesUs) {
  const Answer answer{{"10.0.0.9", "192.0.2.5"}, {"scs.corp.test"}};
  auto check = JudgeName("corp.test.", answer, {"192.0.2.5"});
  EXPECT_EQ(check.name, "ProvisionServer.corp.test");
  EXPECT_EQ(check.verdict, Verdict::kReachesThisServer);
  EXPECT_EQ(check.this_server, Strings{"192.0.2.5"});
  EXPECT_TRUE(check.remedies.empty());
}

TEST(JudgeName, ElsewhereSuggestsChangingTheRecordTheMebxAndAHandSentHello) {
  auto check = JudgeName("corp.test", Answer{{"10.0.0.9"}, {}}, {"192.0.2.5", "198.51.100.7"});
  EXPECT_EQ(check.verdict, Verdict::kResolvesElsewhere);
  ASSERT_EQ(check.remedies.size(), 3u);
  EXPECT_NE(check.remedies[0].find("change the CNAME (or A) record ProvisionServer in the zone corp.test"),
            std::string::npos);
  EXPECT_NE(check.remedies[0].find("192.0.2.5, 198.51.100.7"), std::string::npos);
  EXPECT_NE(check.remedies[1].find("provisioning server IP 192.0.2.5 in the MEBx"), std::string::npos);
  EXPECT_NE(check.remedies[1].find(kMebxProvisioningServerMenu), std::string::npos);
  EXPECT_NE(check.remedies[2].find("openscs hello send"), std::string::npos);
}

TEST(JudgeName, NotFoundSuggestsCreatingTheRecordInThatZone) {
  base::Result<Answer> nxdomain = base::NotFound("ProvisionServer.corp.test: no such name at 10.0.0.53");
  auto check = JudgeName("corp.test", nxdomain, {"192.0.2.5"});
  EXPECT_EQ(check.verdict, Verdict::kNotFound);
  EXPECT_EQ(check.error, nxdomain.error().message());
  EXPECT_TRUE(Mentions(check, "create a CNAME (or A) record ProvisionServer in the zone corp.test"));
}

TEST(JudgeName, ServerFailureIsNotNotFound) {
  auto check = JudgeName("corp.test", base::Unavailable("did not answer"), {});
  EXPECT_EQ(check.verdict, Verdict::kLookupFailed);
  EXPECT_TRUE(Mentions(check, "DHCP (option 6)"));
}

TEST(JudgeName, AddressesCompareAsAddressesNotText) {
  auto check = JudgeName("corp.test", Answer{{"192.0.2.5"}, {}}, {"192.000.002.005", "::1", "not-an-ip"});
  // inet_pton refuses leading zeros, so only a real match counts.
  EXPECT_EQ(check.verdict, Verdict::kResolvesElsewhere);
  EXPECT_EQ(JudgeName("d", Answer{{"192.0.2.5"}, {}}, {"::1", "192.0.2.5"}).verdict, Verdict::kReachesThisServer);
}

TEST(Report, AllReachOnlyWhenEveryNameDoes) {
  ProvisionServerReport report;
  EXPECT_TRUE(report.AllReachThisServer());
  report.names.push_back(JudgeName("a.test", Answer{{"192.0.2.5"}, {}}, {"192.0.2.5"}));
  EXPECT_TRUE(report.AllReachThisServer());
  report.names.push_back(JudgeName("", base::NotFound("no"), {"192.0.2.5"}));
  EXPECT_FALSE(report.AllReachThisServer());
}

// ---- Against a real DNS server ---------------------------------------------
// Each test has its own loopback block 127.63.N.0/24 and port 5630+N.

class ProvisionServerCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!openscs::testing::ProgramExists("dnsmasq")) GTEST_SKIP() << "dnsmasq not installed";
  }
  static ProvisionServerCheckOptions Options(const openscs::testing::DnsmasqServer& dns, Strings domains,
                                             Strings server_addresses) {
    ProvisionServerCheckOptions o;
    o.domains = std::move(domains);
    o.server_addresses = std::move(server_addresses);
    o.resolver.server = dns.server();
    o.resolver.tries = 1;
    return o;
  }
};

TEST_F(ProvisionServerCheckTest, CnameChainToThisServer) {
  openscs::testing::DnsmasqServer dns(
      "127.63.1.1", 5631, {{"scs.corp.test", "127.63.1.5"}},
      {{"ProvisionServer.corp.test", "alias.corp.test"}, {"alias.corp.test", "scs.corp.test"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto report = *CheckProvisionServer(Options(dns, {"corp.test"}, {"127.63.1.5"}));
  ASSERT_EQ(report.names.size(), 2u);
  const NameCheck& named = report.names[1];
  EXPECT_EQ(named.verdict, Verdict::kReachesThisServer) << named.error << dns.Log();
  EXPECT_EQ(named.answer.cname_chain, (Strings{"alias.corp.test", "scs.corp.test"}));
  EXPECT_EQ(named.answer.addresses, Strings{"127.63.1.5"});
  EXPECT_EQ(report.names[0].verdict, Verdict::kNotFound);  // the bare name has no record here
}

TEST_F(ProvisionServerCheckTest, ARecordPointingElsewhere) {
  openscs::testing::DnsmasqServer dns("127.63.2.1", 5632, {{"ProvisionServer.corp.test", "127.63.2.99"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto report = *CheckProvisionServer(Options(dns, {"corp.test"}, {"127.63.2.5"}));
  const NameCheck& named = report.names[1];
  EXPECT_EQ(named.verdict, Verdict::kResolvesElsewhere);
  EXPECT_EQ(named.answer.addresses, Strings{"127.63.2.99"});
  EXPECT_TRUE(named.answer.cname_chain.empty());
  EXPECT_TRUE(Mentions(named, "127.63.2.5"));
  EXPECT_FALSE(report.AllReachThisServer());
}

TEST_F(ProvisionServerCheckTest, NxdomainInEachDomain) {
  openscs::testing::DnsmasqServer dns("127.63.3.1", 5633, {{"scs.corp.test", "127.63.3.5"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto report = *CheckProvisionServer(Options(dns, {"corp.test", ".lab.test.", "corp.test"}, {"127.63.3.5"}));
  ASSERT_EQ(report.names.size(), 3u);  // bare, corp.test, lab.test (the repeat is dropped)
  EXPECT_EQ(report.names[2].name, "ProvisionServer.lab.test");
  for (const auto& n : report.names) {
    EXPECT_EQ(n.verdict, Verdict::kNotFound) << n.name;
    EXPECT_NE(n.error.find("127.63.3.1:5633"), std::string::npos) << n.error;
  }
}

TEST(CheckProvisionServer, MalformedDnsServerIsAnOptionError) {
  ProvisionServerCheckOptions o;
  o.resolver.server = "not an address";
  auto report = CheckProvisionServer(o);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(report.error().message().find("not an address"), std::string::npos);
}

TEST_F(ProvisionServerCheckTest, BareNameResolves) {
  openscs::testing::DnsmasqServer dns("127.63.4.1", 5634, {{"ProvisionServer", "127.63.4.5"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto report = *CheckProvisionServer(Options(dns, {}, {"127.63.4.5"}));
  ASSERT_EQ(report.names.size(), 1u);
  EXPECT_EQ(report.names[0].name, "ProvisionServer");
  EXPECT_EQ(report.names[0].verdict, Verdict::kReachesThisServer) << report.names[0].error << dns.Log();
  EXPECT_TRUE(report.AllReachThisServer());
}

}  // namespace
}  // namespace openscs::dns
