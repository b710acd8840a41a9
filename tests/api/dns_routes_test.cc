// GET /api/v1/dns/test against a DNS server that is not there (127.72.1.1,
// this test's address): a clear per-name error, answered in bounded time.

#include <gmock/gmock.h>

#include <fstream>

#include "api/routes.h"
#include "tests/api/api_testing.h"

namespace openscs::api {
namespace {

using ::testing::HasSubstr;

class DnsRoutes : public testing::ApiTest {
 protected:
  DnsRoutes() {
    AddDnsRoutes(router_);
    options_.dns_server = "127.72.1.1:53";  // nothing listens: the port is unreachable
    options_.resolv_conf = (dir_ / "resolv.conf").string();
    std::ofstream(options_.resolv_conf) << "nameserver 127.72.1.1\nsearch corp.test\n";
  }
};

TEST_F(DnsRoutes, AnUnreachableServerIsAClearLookupFailureNotAHang) {
  const auto start = std::chrono::steady_clock::now();
  auto r = Get("/api/v1/dns/test");
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.status, 200) << r.body;
  // Two names, each at most 2 tries of 1 s.
  EXPECT_LT(took, std::chrono::seconds(6));
  auto j = Json(r);
  EXPECT_EQ(j["dns_server"], "127.72.1.1:53");
  EXPECT_EQ(j["domains"], (nlohmann::json{"corp.test"}));  // resolv.conf's search domains
  EXPECT_EQ(j["all_reach_this_server"], false);
  ASSERT_EQ(j["names"].size(), 2u);
  EXPECT_EQ(j["names"][0]["name"], "ProvisionServer");
  EXPECT_EQ(j["names"][1]["name"], "ProvisionServer.corp.test");
  for (const auto& n : j["names"]) {
    EXPECT_EQ(n["verdict"], "lookup_failed") << n.dump();
    EXPECT_THAT(n["error"].get<std::string>(), HasSubstr("127.72.1.1")) << n.dump();
    EXPECT_FALSE(n["remedies"].empty());
  }
}

TEST_F(DnsRoutes, ChecksTheDomainsGiven) {
  auto j = Json(Get("/api/v1/dns/test?domain=a.example&domain=.b.example."));
  ASSERT_EQ(j["names"].size(), 3u);
  EXPECT_EQ(j["names"][1]["name"], "ProvisionServer.a.example");
  EXPECT_EQ(j["names"][2]["name"], "ProvisionServer.b.example");
}

TEST_F(DnsRoutes, RefusesADomainThatIsNoDnsName) {
  for (const char* target :
       {"/api/v1/dns/test?domain=corp_test", "/api/v1/dns/test?domain=..", "/api/v1/dns/test?domain=a..b"}) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_THAT(ErrorMessage(r), HasSubstr("domain: '")) << target;
  }
}

TEST_F(DnsRoutes, SaysSoWhenThereAreNoSearchDomains) {
  std::ofstream(options_.resolv_conf) << "nameserver 127.72.1.1\n";
  auto j = Json(Get("/api/v1/dns/test"));
  ASSERT_EQ(j["names"].size(), 1u);
  ASSERT_FALSE(j["notes"].empty());
  EXPECT_THAT(j["notes"][0].get<std::string>(), HasSubstr("no search domains"));
}

}  // namespace
}  // namespace openscs::api
