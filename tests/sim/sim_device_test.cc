#include "sim/sim_device.h"

#include <gtest/gtest.h>

#include "http/digest.h"
#include "protocol/soap/soap.h"
#include "tests/sim/sim_testing.h"
#include "tests/support/seeded_random.h"

namespace openscs::sim {
namespace {

// Drives a simulated device's HTTP handling the way a SOAP client does,
// without sockets: challenge, authenticated call, new credentials.
class SimDeviceTest : public ::testing::Test {
 protected:
  SimDeviceTest()
      : clock_(std::make_shared<base::FakeClock>()),
        device_(Factory(), testing::ConfigAt("127.64.0.5"), openscs::testing::SeededRandom(1), clock_) {
    EXPECT_TRUE(device_.model().MebxLogin("admin", "Setup-P4ss").ok());
  }

  static device::FactoryConfig Factory() {
    device::FactoryConfig f;
    f.version = {2, 6, 0};
    f.oem_pid = "0000037M";
    f.oem_pps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";
    return f;
  }

  HttpResponse Call(const std::string& path, const std::string& ns, const std::string& method,
                    const std::vector<soap::Element>& params, const std::string& password) {
    return testing::CallWithDigest(device_, testing::Post(path, soap::BuildRequest(ns, method, params)), password);
  }

  std::shared_ptr<base::FakeClock> clock_;
  SimDevice device_;
  const std::string sas_ = soap::IntelNamespace("SecurityAdministration");
};

TEST_F(SimDeviceTest, ChallengesWithAnAmtRealmAndServerHeader) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/SecurityAdministrationService";
  HttpResponse r = device_.Handle(req, true);
  EXPECT_EQ(r.status, 401);
  auto c = http::DigestChallenge::Parse(r.headers["WWW-Authenticate"]);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->realm.substr(0, 7), "Digest:");
  EXPECT_EQ(c->realm.size(), 39u);
  EXPECT_EQ(r.headers["Server"], "Intel(R) Active Management Technology 2.6");
}

TEST_F(SimDeviceTest, ProvisioningOverSoap) {
  auto version = Call("/SecurityAdministrationService", sas_, "GetCoreVersion", {}, "Setup-P4ss");
  ASSERT_EQ(version.status, 200) << version.body;
  auto parsed = soap::ParseResponse(version.body).value();
  EXPECT_EQ(parsed.status, 0u);
  EXPECT_EQ(parsed.body.ChildText("Version"), "2.6");

  auto missing = soap::ParseResponse(Call("/SecurityAdministrationService", sas_, "CommitChanges", {}, "Setup-P4ss").body);
  EXPECT_EQ(missing->status, 0x809u);

  auto acl = Call("/SecurityAdministrationService", sas_, "SetAdminAclEntry",
                  {soap::Leaf("Username", "admin"), soap::Leaf("Password", "N3w-Admin!x")}, "Setup-P4ss");
  EXPECT_EQ(soap::ParseResponse(acl.body)->status, 0u);
  EXPECT_EQ(soap::ParseResponse(Call("/SecurityAdministrationService", sas_, "CommitChanges", {}, "Setup-P4ss").body)->status,
            0u);
  EXPECT_EQ(device_.model().ModeAt(clock_->Now()), device::Mode::kOperational);

  // The setup password no longer authenticates; the new one does.
  EXPECT_EQ(Call("/SecurityAdministrationService", sas_, "GetCoreVersion", {}, "Setup-P4ss").status, 401);
  EXPECT_EQ(Call("/SecurityAdministrationService", sas_, "GetCoreVersion", {}, "N3w-Admin!x").status, 200);
}

TEST_F(SimDeviceTest, MissingParameterIsInvalidParameter) {
  auto r = Call("/SecurityAdministrationService", sas_, "SetAdminAclEntry", {soap::Leaf("Username", "admin")},
                "Setup-P4ss");
  EXPECT_EQ(soap::ParseResponse(r.body)->status, 0x24u);
}

TEST_F(SimDeviceTest, UnknownMethodIsASoapFault) {
  auto r = Call("/SecurityAdministrationService", sas_, "Frobnicate", {}, "Setup-P4ss");
  EXPECT_EQ(r.status, 500);
  auto parsed = soap::ParseResponse(r.body);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message().find("unknown method Frobnicate"), std::string::npos);
}

TEST_F(SimDeviceTest, MalformedXmlIsAFaultAndTheDeviceKeepsServing) {
  HttpResponse r =
      testing::CallWithDigest(device_, testing::Post("/SecurityAdministrationService", "<not xml"), "Setup-P4ss", 3);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("not XML"), std::string::npos);
  EXPECT_EQ(Call("/SecurityAdministrationService", sas_, "GetCoreVersion", {}, "Setup-P4ss").status, 200);
}

TEST_F(SimDeviceTest, ForgedNonceGetsAStaleChallenge) {
  HttpRequest req;
  req.method = "POST";
  req.target = "/SecurityAdministrationService";
  http::DigestChallenge fake;
  fake.realm = "Digest:00";
  fake.nonce = "not-our-nonce";
  req.headers["authorization"] =
      http::Answer(fake, "admin", "Setup-P4ss", "POST", req.target, 1, openscs::testing::SeededRandom(4)).ToHeader();
  HttpResponse r = device_.Handle(req, true);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.headers["WWW-Authenticate"].find("stale=true"), std::string::npos);
}

TEST_F(SimDeviceTest, PskKeyOnlyForItsPid) {
  EXPECT_EQ(device_.PskKeyFor("0000037M"), "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ");
  EXPECT_FALSE(device_.PskKeyFor("0000038N"));
}

}  // namespace
}  // namespace openscs::sim
