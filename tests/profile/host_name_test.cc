#include <gtest/gtest.h>

#include "profile/profile.h"

namespace openscs::profile {
namespace {

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";

store::ProfileRecord WithTemplate(std::string templ) {
  store::ProfileRecord p;
  p.name = "office";
  p.host_name_template = std::move(templ);
  return p;
}

store::HostNameMapping Mapping(std::string host, std::string domain = "") {
  return {kUuid, std::move(host), std::move(domain)};
}

TEST(HostNameFor, DefaultTemplateUsesTheFirstEightHexDigits) {
  auto name = HostNameFor(store::ProfileRecord{}, kUuid, std::nullopt);
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ(*name, "amt-4c4c4544");
}

TEST(HostNameFor, WholeUuidAndUpperCaseInputComeOutCanonical) {
  auto name = HostNameFor(WithTemplate("pc-{uuid}"), "4C4C4544-004B-4210-8033-B6C04F504633", std::nullopt);
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ(*name, std::string("pc-") + kUuid);
}

TEST(HostNameFor, MappingWinsOverTheTemplate) {
  EXPECT_EQ(HostNameFor(WithTemplate("pc-{uuid8}"), kUuid, Mapping("reception-1")).value(), "reception-1");
  // A mapping without a host name leaves the template in charge.
  EXPECT_EQ(HostNameFor(WithTemplate("pc-{uuid8}"), kUuid, Mapping("", "corp.test")).value(), "pc-4c4c4544");
}

TEST(HostNameFor, MappingTemplateWithoutAMappingFallsBack) {
  EXPECT_EQ(HostNameFor(WithTemplate("mapping"), kUuid, std::nullopt).value(), "amt-4c4c4544");
  EXPECT_EQ(HostNameFor(WithTemplate("mapping"), kUuid, Mapping("desk-7")).value(), "desk-7");
}

TEST(HostNameFor, TooLongResultIsRefusedNamingTheProfile) {
  // "workstation-" + 36 + "-" + 20 = 69 characters.
  auto name = HostNameFor(WithTemplate("workstation-{uuid}-" + std::string(20, 'x')), kUuid, std::nullopt);
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(name.error().message().find("profile office"), std::string::npos) << name.error().message();
  EXPECT_NE(name.error().message().find("at most 63"), std::string::npos) << name.error().message();
}

TEST(HostNameFor, BadCharactersAndPlaceholdersAreRefused) {
  EXPECT_NE(HostNameFor(WithTemplate("amt_{uuid8}"), kUuid, std::nullopt).error().message().find("character 4"),
            std::string::npos);
  EXPECT_NE(HostNameFor(WithTemplate("amt-{mac}"), kUuid, std::nullopt).error().message().find("{mac}"),
            std::string::npos);
  EXPECT_NE(HostNameFor(WithTemplate("amt-{uuid8"), kUuid, std::nullopt).error().message().find("no '}'"),
            std::string::npos);
  EXPECT_NE(HostNameFor(WithTemplate("amt-uuid8}"), kUuid, std::nullopt).error().message().find("no '{'"),
            std::string::npos);
  EXPECT_FALSE(HostNameFor(WithTemplate("-{uuid8}"), kUuid, std::nullopt));
}

TEST(HostNameFor, BadMappingIsRefusedNamingTheUuid) {
  auto name = HostNameFor(WithTemplate("pc-{uuid8}"), kUuid, Mapping("desk 7"));
  ASSERT_FALSE(name);
  EXPECT_NE(name.error().message().find(std::string("mapping for ") + kUuid), std::string::npos);
}

TEST(HostNameFor, NotAUuid) {
  auto name = HostNameFor(store::ProfileRecord{}, "4c4c4544", std::nullopt);
  ASSERT_FALSE(name);
  EXPECT_NE(name.error().message().find("uuid '4c4c4544'"), std::string::npos);
}

TEST(DesiredDomain, MappingThenProfileThenTheDevicesOwn) {
  store::ProfileRecord profile;
  EXPECT_EQ(DesiredDomain(profile, std::nullopt, "dhcp.test"), "dhcp.test");
  profile.domain_name = "corp.test";
  EXPECT_EQ(DesiredDomain(profile, std::nullopt, "dhcp.test"), "corp.test");
  EXPECT_EQ(DesiredDomain(profile, Mapping("desk-7"), "dhcp.test"), "corp.test");
  EXPECT_EQ(DesiredDomain(profile, Mapping("desk-7", "branch.test"), "dhcp.test"), "branch.test");
}

}  // namespace
}  // namespace openscs::profile
