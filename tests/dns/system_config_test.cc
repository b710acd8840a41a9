#include "dns/system_config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openscs::dns {
namespace {

using Domains = std::vector<std::string>;

TEST(SearchDomains, ReadsTheSearchLine) {
  EXPECT_EQ(ParseSearchDomains("nameserver 10.0.0.53\nsearch corp.example.com. lab.example.com\n"),
            (Domains{"corp.example.com", "lab.example.com"}));
}

TEST(SearchDomains, LastDomainOrSearchLineWins) {
  EXPECT_EQ(ParseSearchDomains("search a.test b.test\ndomain c.test\n"), Domains{"c.test"});
  EXPECT_EQ(ParseSearchDomains("domain c.test\nsearch a.test\toptions\n"), (Domains{"a.test", "options"}));
}

TEST(SearchDomains, IgnoresCommentsAndOtherLines) {
  EXPECT_EQ(ParseSearchDomains("# search old.test\n; domain older.test\nnameserver 1.1.1.1\noptions ndots:2"),
            Domains{});
  EXPECT_EQ(ParseSearchDomains("search corp.test # the office"), Domains{"corp.test"});
  EXPECT_EQ(ParseSearchDomains(""), Domains{});
}

TEST(SearchDomains, MissingFileIsAnIoErrorNamingIt) {
  auto r = ReadSearchDomains("/nonexistent/resolv.conf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), base::StatusCode::kIoError);
  EXPECT_NE(r.error().message().find("/nonexistent/resolv.conf"), std::string::npos);
}

TEST(LocalAddresses, NeverListsLoopback) {
  auto addresses = LocalIpv4Addresses();
  ASSERT_TRUE(addresses) << addresses.error().ToString();
  for (const auto& a : *addresses) EXPECT_FALSE(a.starts_with("127.")) << a;
}

}  // namespace
}  // namespace openscs::dns
