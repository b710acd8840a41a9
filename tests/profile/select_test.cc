#include <gtest/gtest.h>

#include "profile/profile.h"

namespace openscs::profile {
namespace {

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";
constexpr const char* kOtherUuid = "00000000-0000-0000-0000-000000000001";

store::ProfileRecord Profile(std::string name, int priority, std::string rule) {
  store::ProfileRecord p;
  p.name = std::move(name);
  p.priority = priority;
  p.rule = std::move(rule);
  return p;
}

TEST(SelectProfile, LowerPriorityIsTriedFirst) {
  const std::vector<store::ProfileRecord> profiles = {Profile("default", 1000, ""), Profile("lab", 10, ""),
                                                      Profile("office", 5, "domain:corp.example.com")};
  EXPECT_EQ(SelectProfile(profiles, kUuid, "corp.example.com").name, "office");
  EXPECT_EQ(SelectProfile(profiles, kUuid, "lab.example.com").name, "lab");
}

TEST(SelectProfile, EqualPrioritiesGoByName) {
  const std::vector<store::ProfileRecord> profiles = {Profile("zulu", 10, ""), Profile("alpha", 10, "")};
  EXPECT_EQ(SelectProfile(profiles, kUuid, "").name, "alpha");
}

TEST(SelectProfile, DomainRuleMatchesWholeLabelsInAnyCase) {
  const std::vector<store::ProfileRecord> profiles = {Profile("default", 100, ""),
                                                      Profile("corp", 1, "domain:.Example.COM.")};
  EXPECT_EQ(SelectProfile(profiles, kUuid, "example.com").name, "corp");
  EXPECT_EQ(SelectProfile(profiles, kUuid, "sales.EXAMPLE.com.").name, "corp");
  EXPECT_EQ(SelectProfile(profiles, kUuid, "badexample.com").name, "default");
  EXPECT_EQ(SelectProfile(profiles, kUuid, "").name, "default");
}

TEST(SelectProfile, UuidRuleComparesUuidsNotText) {
  const std::vector<store::ProfileRecord> profiles = {
      Profile("default", 100, ""),
      Profile("pilot", 1, "uuids:{4C4C4544-004B-4210-8033-B6C04F504633} , " + std::string(kOtherUuid))};
  EXPECT_EQ(SelectProfile(profiles, kUuid, "").name, "pilot");
  EXPECT_EQ(SelectProfile(profiles, kOtherUuid, "").name, "pilot");
  EXPECT_EQ(SelectProfile(profiles, "00000000-0000-0000-0000-000000000002", "").name, "default");
  EXPECT_EQ(SelectProfile(profiles, "not-a-uuid", "").name, "default");
}

TEST(SelectProfile, ABadRuleNeverMatches) {
  const std::vector<store::ProfileRecord> profiles = {Profile("default", 100, ""), Profile("typo", 1, "domian:x"),
                                                      Profile("bad-uuid", 2, "uuids:1234")};
  EXPECT_EQ(SelectProfile(profiles, kUuid, "x").name, "default");
}

TEST(SelectProfile, FallsBackToDefaultThenToTheBuiltIn) {
  const std::vector<store::ProfileRecord> profiles = {Profile("default", 100, "domain:nowhere.test"),
                                                      Profile("pilot", 1, "uuids:" + std::string(kOtherUuid))};
  EXPECT_EQ(&SelectProfile(profiles, kUuid, ""), &profiles[0]);
  const store::ProfileRecord& built_in = SelectProfile({}, kUuid, "");
  EXPECT_EQ(built_in.name, "default");
  EXPECT_EQ(built_in.host_name_template, kFallbackHostNameTemplate);
  EXPECT_EQ(built_in.password_policy, "random");
}

TEST(ValidateRule, AcceptsTheThreeForms) {
  EXPECT_TRUE(ValidateRule("").ok());
  EXPECT_TRUE(ValidateRule("domain:corp.example.com").ok());
  EXPECT_TRUE(ValidateRule(std::string("uuids:") + kUuid + "," + kOtherUuid).ok());
}

TEST(ValidateRule, NamesWhatIsWrong) {
  EXPECT_NE(ValidateRule("domian:x").message().find("'domian:x'"), std::string::npos);
  EXPECT_NE(ValidateRule("domain:").message().find("needs a domain suffix"), std::string::npos);
  const auto bad = ValidateRule(std::string("uuids:") + kUuid + ",zz");
  EXPECT_EQ(bad.code(), base::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("entry 2"), std::string::npos) << bad.message();
  EXPECT_NE(ValidateRule("uuids:").message().find("entry 1"), std::string::npos);
}

}  // namespace
}  // namespace openscs::profile
