#include "protocol/soap/soap.h"

#include <gtest/gtest.h>

namespace openscs::soap {
namespace {

const std::string kSecurityNs = IntelNamespace("SecurityAdministrationService");

TEST(Soap, IntelNamespace) {
  EXPECT_EQ(kSecurityNs, "http://schemas.intel.com/platform/client/SecurityAdministrationService/2004/01");
}

TEST(Soap, RequestRoundTrip) {
  const std::string xml =
      BuildRequest(kSecurityNs, "SetAdminAclEntry", {Leaf("Username", "admin"), Leaf("Password", "N3w-Pass")});
  auto r = ParseRequest(xml);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->method, "SetAdminAclEntry");
  EXPECT_EQ(r->ns, kSecurityNs);
  EXPECT_EQ(r->body.ChildText("Username"), "admin");
  EXPECT_EQ(r->body.ChildText("Password"), "N3w-Pass");
  EXPECT_FALSE(r->body.ChildText("Missing"));
}

TEST(Soap, ParsesPrefixedRequestAsSoapLiteSendsIt) {
  const char* xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soap:Body><GetCoreVersion xmlns="http://schemas.intel.com/platform/client/SecurityAdministrationService/2004/01" xsi:nil="true"/></soap:Body>
</soap:Envelope>)";
  auto r = ParseRequest(xml);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->method, "GetCoreVersion");
  EXPECT_EQ(r->ns, kSecurityNs);
}

TEST(Soap, ResponseRoundTrip) {
  const std::string xml = BuildResponse(kSecurityNs, "GetCoreVersion", 0, {Leaf("Version", "3.2.1")});
  auto r = ParseResponse(xml);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->method, "GetCoreVersion");
  EXPECT_EQ(r->status, 0u);
  EXPECT_EQ(r->body.children.front().name, "StatusCode");
  EXPECT_EQ(r->body.ChildText("Version"), "3.2.1");
}

TEST(Soap, ResponseStatusIsAPtStatus) {
  auto r = ParseResponse(BuildResponse(kSecurityNs, "CommitChanges", 0x809, {}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 0x809u);
}

TEST(Soap, FaultIsAnErrorWithItsString) {
  auto r = ParseResponse(BuildFault("SOAP-ENV:Client", "unknown method Frobnicate"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("unknown method Frobnicate"), std::string::npos);
}

TEST(Soap, MalformedEnvelopesSayWhatIsWrong) {
  EXPECT_NE(ParseRequest("<a><b></a>").error().message().find("not XML at byte"), std::string::npos);
  EXPECT_NE(ParseRequest("<Foo/>").error().message().find("not an Envelope"), std::string::npos);
  EXPECT_NE(ParseRequest("<s:Envelope xmlns:s='x'/>").error().message().find("no Body"), std::string::npos);
  EXPECT_NE(ParseRequest("<s:Envelope xmlns:s='x'><s:Body/></s:Envelope>").error().message().find("empty"),
            std::string::npos);
  EXPECT_NE(ParseResponse(BuildRequest("x", "M", {})).error().message().find("no StatusCode"), std::string::npos);
}

TEST(Soap, DoctypeIsNotExpanded) {
  // Entity expansion is a classic XML attack; pugixml never expands external
  // entities, and DOCTYPE parsing is off.
  const char* xml = R"(<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><Envelope><Body><M>&a;</M></Body></Envelope>)";
  auto r = ParseRequest(xml);
  if (r) {
    EXPECT_EQ(r->body.text.find("aaaaaaaaaa"), std::string::npos);
  }
}

TEST(SoapAction, Parses) {
  auto a = ParseSoapAction("\"" + kSecurityNs + "#GetCoreVersion\"");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ns, kSecurityNs);
  EXPECT_EQ(a->method, "GetCoreVersion");
  EXPECT_FALSE(ParseSoapAction("GetCoreVersion"));
  EXPECT_FALSE(ParseSoapAction("ns#"));
}

}  // namespace
}  // namespace openscs::soap
