#include "dns/resolver.h"

#include <gtest/gtest.h>

#include "tests/support/dnsmasq_server.h"

namespace openscs::dns {
namespace {

// This test's own loopback block: 127.53.1.0/24.
constexpr const char* kDnsAddress = "127.53.1.1";

ResolverOptions At(std::string server, std::chrono::milliseconds timeout = std::chrono::milliseconds(1500)) {
  ResolverOptions o;
  o.server = std::move(server);
  o.timeout = timeout;
  o.tries = 1;
  return o;
}

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!openscs::testing::ProgramExists("dnsmasq")) GTEST_SKIP() << "dnsmasq not installed";
  }
};

TEST_F(ResolverTest, ResolvesRecordsFromARealDnsServer) {
  openscs::testing::DnsmasqServer dns(kDnsAddress, 5353,
                                      {{"ProvisionServer.corp.test", "127.53.1.9"}, {"scs.corp.test", "127.53.1.10"}},
                                      {{"ProvisionServer.cname.test", "scs.corp.test"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  Resolver resolver(At(dns.server()));

  auto a = resolver.ResolveA("ProvisionServer.corp.test");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(*a, std::vector<std::string>{"127.53.1.9"});

  auto via_cname = resolver.ResolveA("ProvisionServer.cname.test");
  ASSERT_TRUE(via_cname) << via_cname.error().ToString() << dns.Log();
  EXPECT_EQ(*via_cname, std::vector<std::string>{"127.53.1.10"});
}

TEST_F(ResolverTest, MissingNameIsNotFound) {
  openscs::testing::DnsmasqServer dns("127.53.1.2", 5353, {{"scs.corp.test", "127.53.1.10"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto r = Resolver(At(dns.server())).ResolveA("ProvisionServer");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kNotFound);
  EXPECT_NE(r.error().message().find("127.53.1.2:5353"), std::string::npos);
}

TEST_F(ResolverTest, SilentServerIsUnavailable) {
  // Nobody listens on this address: the lookup must time out, not hang.
  auto r = Resolver(At("127.53.1.3:5353", std::chrono::milliseconds(100))).ResolveA("ProvisionServer.corp.test");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kUnavailable);
}

TEST_F(ResolverTest, QueriesLeaveFromTheGivenLocalAddress) {
  openscs::testing::DnsmasqServer dns("127.53.1.4", 5353, {{"ProvisionServer.corp.test", "127.53.1.9"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto options = At(dns.server());
  options.local_address = "127.53.1.77";
  ASSERT_TRUE(Resolver(options).ResolveA("ProvisionServer.corp.test"));
  EXPECT_NE(dns.Log().find("from 127.53.1.77"), std::string::npos) << dns.Log();
  options.local_address = "not-an-ip";
  EXPECT_EQ(Resolver(options).ResolveA("x").error().code(), base::StatusCode::kInvalidArgument);
}

TEST_F(ResolverTest, BadServerSpecIsInvalidArgument) {
  auto r = Resolver(At("not an address")).ResolveA("x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace openscs::dns
