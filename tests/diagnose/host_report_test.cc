#include "diagnose/host_report.h"

#include <gtest/gtest.h>

namespace openscs::diagnose {
namespace {

TEST(HostReport, ReadsTheFieldsOfOneDevice) {
  auto r = ParseHostReports(R"({"uuid": "4C4C4544-004B-4210-8033-B6C04F504633", "address": "10.0.0.5",
    "domain": "corp.example", "amt_version": "3.2.1", "amt_enabled": true, "provisioning_state": "in",
    "setup_method": "pki", "factory_default_password": true, "provisioning_server": ""})");
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  const HostReport& h = r->front();
  EXPECT_EQ(h.uuid, "4c4c4544-004b-4210-8033-b6c04f504633");
  EXPECT_EQ(h.address, "10.0.0.5");
  EXPECT_EQ(h.domain, "corp.example");
  EXPECT_EQ(h.amt_version, "3.2.1");
  EXPECT_EQ(h.provisioning_state, "in");
  EXPECT_EQ(h.setup_method, "pki");
  EXPECT_EQ(h.factory_default_password, true);
}

TEST(HostReport, ReadsAnArrayOrADevicesObject) {
  const char* two = R"([{"uuid": "4c4c4544-004b-4210-8033-b6c04f504633", "provisioning_state": "pre"},
                        {"uuid": "4c4c4544-004b-4210-8033-b6c04f504634", "amt_enabled": false}])";
  auto a = ParseHostReports(two);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->size(), 2u);
  EXPECT_FALSE((*a)[1].amt_enabled);
  EXPECT_FALSE((*a)[0].factory_default_password.has_value());
  auto b = ParseHostReports(std::string(R"({"devices": )") + two + "}");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->size(), 2u);
}

TEST(HostReport, ErrorsNameTheEntryAndField) {
  auto bad_state = ParseHostReports(
      R"([{"uuid": "4c4c4544-004b-4210-8033-b6c04f504633", "provisioning_state": "in"},
          {"uuid": "4c4c4544-004b-4210-8033-b6c04f504634", "provisioning_state": "setup"}])");
  ASSERT_FALSE(bad_state.has_value());
  EXPECT_EQ(bad_state.error().message(), "host report [1].provisioning_state: 'setup' is not pre, in or post");
  auto bad_uuid = ParseHostReports(R"({"uuid": "nope", "provisioning_state": "in"})");
  ASSERT_FALSE(bad_uuid.has_value());
  EXPECT_EQ(bad_uuid.error().message(), "host report.uuid: 'nope' is not a UUID");
  EXPECT_FALSE(ParseHostReports("{not json").has_value());
  EXPECT_FALSE(ParseHostReports(R"({"uuid": "4c4c4544-004b-4210-8033-b6c04f504633", "amt_enabled": "yes"})").has_value());
  EXPECT_FALSE(ParseHostReports(R"({"provisioning_state": "in"})").has_value());
}

}  // namespace
}  // namespace openscs::diagnose
