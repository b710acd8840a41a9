#include "protocol/soap/wsman.h"

#include <gtest/gtest.h>

namespace openscs::soap {
namespace {

const std::string kSetup = AmtResource("AMT_SetupAndConfigurationService");

TEST(Wsman, ResourceUris) {
  EXPECT_EQ(kSetup, "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_SetupAndConfigurationService");
  EXPECT_EQ(ResourceClass(kSetup), "AMT_SetupAndConfigurationService");
  EXPECT_EQ(CimResource("CIM_SoftwareIdentity"),
            "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_SoftwareIdentity");
}

TEST(Wsman, InvokeRequestRoundTrip) {
  WsmanRequest r;
  r.action = InvokeAction(kSetup, "SetMEBxPassword");
  r.resource_uri = kSetup;
  r.message_id = "uuid:1";
  r.selectors["Name"] = "Intel(r) AMT Setup and Configuration Service";
  r.body = InvokeInput(kSetup, "SetMEBxPassword", {Leaf("Password", "M3bx-Pass")});
  auto parsed = ParseWsmanRequest(BuildWsmanRequest(r));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->action, kSetup + "/SetMEBxPassword");
  EXPECT_EQ(parsed->resource_uri, kSetup);
  EXPECT_EQ(parsed->message_id, "uuid:1");
  EXPECT_EQ(parsed->selectors.at("Name"), "Intel(r) AMT Setup and Configuration Service");
  EXPECT_EQ(parsed->body.name, "SetMEBxPassword_INPUT");
  EXPECT_EQ(parsed->body.ns, kSetup);
  EXPECT_EQ(parsed->body.ChildText("Password"), "M3bx-Pass");
}

TEST(Wsman, GetHasAnEmptyBody) {
  WsmanRequest r;
  r.action = std::string(kActionGet);
  r.resource_uri = AmtResource("AMT_GeneralSettings");
  auto parsed = ParseWsmanRequest(BuildWsmanRequest(r));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->body.name.empty());
}

TEST(Wsman, InvokeOutputRoundTrip) {
  const std::string xml = BuildWsmanResponse(kSetup + "/CommitChangesResponse", "uuid:1", "uuid:2",
                                             InvokeOutput(kSetup, "CommitChanges", 0x809));
  auto r = ParseWsmanResponse(xml);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_FALSE(r->fault);
  EXPECT_EQ(r->relates_to, "uuid:1");
  EXPECT_EQ(r->body.name, "CommitChanges_OUTPUT");
  EXPECT_EQ(ReturnValueOf(r->body).value(), 0x809u);
}

TEST(Wsman, FaultRoundTrip) {
  auto r = ParseWsmanResponse(BuildWsmanFault("uuid:1", "uuid:2", "DestinationUnreachable", "no such resource"));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->fault);
  EXPECT_EQ(r->fault_subcode, "DestinationUnreachable");
  EXPECT_EQ(r->fault_reason, "no such resource");
}

TEST(Wsman, MissingHeadersAreNamed) {
  EXPECT_NE(ParseWsmanRequest("<s:Envelope xmlns:s='x'><s:Body/></s:Envelope>").error().message().find("no Header"),
            std::string::npos);
  EXPECT_NE(ParseWsmanRequest("<s:Envelope xmlns:s='x'><s:Header/><s:Body/></s:Envelope>").error().message().find(
                "no Action header"),
            std::string::npos);
  EXPECT_FALSE(ReturnValueOf(Element{"X_OUTPUT", "", "", {}}));
}

// Found by fuzz/soap_fuzz.cc: pugixml reads "w:.elector" as an element, whose
// local name could not be written back as XML.
TEST(Wsman, RegressionInvalidElementNamesAreRefused) {
  auto r = ParseWsmanRequest(
      "<s:Envelope xmlns:s='x'><s:Header><a:Action>x</a:Action><w:ResourceURI>r</w:ResourceURI>"
      "<w:SelectorSet><w:.elector/></w:SelectorSet></s:Header><s:Body/></s:Envelope>");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("'w:.elector'"), std::string::npos) << r.error().message();
}

TEST(Wsman, DeepNestingIsRefusedNotOverflowed) {
  std::string deep = "<s:Envelope xmlns:s='x'><s:Header/><s:Body>";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  deep += "</s:Body></s:Envelope>";
  auto r = ParseWsmanRequest(deep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("nest deeper than 64"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace openscs::soap
