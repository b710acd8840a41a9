#include "amtclient/connection.h"

#include <gtest/gtest.h>

#include "amtclient/calls.h"
#include "protocol/soap/wsman.h"
#include "tests/amtclient/sim_fleet.h"
#include "tests/support/seeded_random.h"

namespace openscs::amtclient {
namespace {

namespace asio = boost::asio;
using openscs::testing::RunClient;
using openscs::testing::SimFleet;
using soap::Leaf;

const std::string kSecurityNs = soap::IntelNamespace("SecurityAdministration");

struct Recorder final : TraceSink {
  void OnHandshake(const HandshakeTrace& t) override { handshakes.push_back(t); }
  void OnExchange(const ExchangeTrace& t) override { exchanges.push_back(t); }
  std::vector<HandshakeTrace> handshakes;
  std::vector<ExchangeTrace> exchanges;
};

class ConnectionTest : public ::testing::Test {
 protected:
  ConnectOptions Options(std::string address, std::string password = "admin") {
    ConnectOptions o;
    o.address = std::move(address);
    o.tls = psk_tls_.get();
    o.psk = {openscs::testing::kTestPid, openscs::testing::kTestPps};
    o.password = std::move(password);
    o.trace = &trace_;
    o.random = openscs::testing::SeededRandom(5);
    o.connect_timeout = std::chrono::seconds(2);
    return o;
  }

  asio::io_context io_;  // outlives the tests' Connections
  std::unique_ptr<tls::ClientTlsContext> psk_tls_ = tls::ClientTlsContext::CreatePsk().value();
  Recorder trace_;
  SimFleet fleet_;
};

asio::awaitable<Result<soap::Response>> CoreVersion(Connection& c) {
  std::vector<soap::Element> none;
  co_return co_await Call(c, "/SecurityAdministrationService", kSecurityNs, "GetCoreVersion", std::move(none));
}

TEST_F(ConnectionTest, PskSoapCallReusesTheDigestNonce) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.120.5");
  fleet_.Start();
  Connection c(Options("127.62.120.5"));
  auto [first, second] = RunClient(io_, [&]() -> asio::awaitable<std::pair<std::string, std::string>> {
    auto connected = co_await c.Connect();
    EXPECT_TRUE(connected) << (connected ? "" : connected.error().ToString());
    auto a = co_await CoreVersion(c);
    auto b = co_await CoreVersion(c);
    co_return std::pair{a ? a->body.ChildText("Version").value_or("") : a.error().ToString(),
                        b ? b->body.ChildText("Version").value_or("") : b.error().ToString()};
  }());
  EXPECT_EQ(first, "2.1");
  EXPECT_EQ(second, "2.1");
  ASSERT_EQ(trace_.handshakes.size(), 1u);
  EXPECT_TRUE(trace_.handshakes[0].ok);
  EXPECT_EQ(trace_.handshakes[0].transport, "psk");
  EXPECT_EQ(trace_.handshakes[0].cipher.rfind("PSK-", 0), 0u);
  // 401 then 200 for the first call; the second answers the same nonce at once.
  ASSERT_EQ(trace_.exchanges.size(), 3u);
  EXPECT_EQ(trace_.exchanges[0].http_status, 401);
  EXPECT_EQ(trace_.exchanges[1].http_status, 200);
  EXPECT_EQ(trace_.exchanges[2].http_status, 200);
  EXPECT_EQ(trace_.exchanges[1].soap_action, "\"" + kSecurityNs + "#GetCoreVersion\"");
}

TEST_F(ConnectionTest, WrongPasswordIsDigestRejectedWithoutTheSecret) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.121.5");
  fleet_.Start();
  Connection c(Options("127.62.121.5", "Wr0ng-Passw0rd!"));
  auto r = RunClient(io_, [&]() -> asio::awaitable<Result<soap::Response>> {
    (void)co_await c.Connect();
    co_return co_await CoreVersion(c);
  }());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kDigestRejected);
  EXPECT_EQ(r.error().http_status, 401);
  EXPECT_NE(r.error().message.find("127.62.121.5"), std::string::npos);
  EXPECT_EQ(r.error().message.find("Wr0ng"), std::string::npos);
}

TEST_F(ConnectionTest, StaleNonceIsAnsweredAgain) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.122.5");
  fleet_.Start();
  Connection c(Options("127.62.122.5"));
  auto ok = RunClient(io_, [&]() -> asio::awaitable<bool> {
    (void)co_await c.Connect();
    if (!co_await CoreVersion(c)) co_return false;
    // Four fresh challenges to others push our nonce out of the device's memory.
    for (int i = 0; i < 4; ++i) {
      Connection other(Options("127.62.122.5"));
      (void)co_await other.Connect();
      (void)co_await other.Post("/SecurityAdministrationService", "text/xml", "", "<x/>");
    }
    co_return static_cast<bool>(co_await CoreVersion(c));
  }());
  EXPECT_TRUE(ok);
}

TEST_F(ConnectionTest, NobodyListeningIsConnectRefused) {
  Connection c(Options("127.62.123.9"));
  auto r = RunClient(io_, c.Connect());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kConnectRefused);
  ASSERT_EQ(trace_.handshakes.size(), 1u);
  EXPECT_EQ(trace_.handshakes[0].error_kind, "connect_refused");
  EXPECT_FALSE(c.is_open());
}

TEST_F(ConnectionTest, DroppedConnectionIsReportedAndCanReconnect) {
  auto& device = fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.124.5");
  device.mutable_config().faults.drop_after_requests = 1;
  fleet_.Start();
  Connection c(Options("127.62.124.5"));
  auto kinds = RunClient(io_, [&]() -> asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    (void)co_await c.Connect();
    auto dropped = co_await CoreVersion(c);
    out.emplace_back(dropped ? "ok" : ErrorKindName(dropped.error().kind));
    auto not_sent = co_await CoreVersion(c);
    out.emplace_back(not_sent ? "ok" : ErrorKindName(not_sent.error().kind));
    (void)co_await c.Connect();
    auto again = co_await CoreVersion(c);
    out.emplace_back(again ? "ok" : again.error().ToString());
    co_return out;
  }());
  EXPECT_EQ(kinds, (std::vector<std::string>{"connection_dropped", "connection_dropped", "ok"}));
}

TEST_F(ConnectionTest, WsmanGetInvokeAndFault) {
  fleet_.Add(openscs::testing::PskDevice("5.0"), "127.62.125.5");
  fleet_.Start();
  Connection c(Options("127.62.125.5"));
  auto [realm, rv, fault] = RunClient(io_, [&]() -> asio::awaitable<std::tuple<std::string, uint32_t, std::string>> {
    (void)co_await c.Connect();
    auto settings = co_await Get(c, soap::AmtResource("AMT_GeneralSettings"));
    std::vector<soap::Element> none;
    auto uuid = co_await Invoke(c, soap::AmtResource("AMT_SetupAndConfigurationService"), "GetUuid", std::move(none));
    std::vector<soap::Element> none2;
    auto bad = co_await Invoke(c, soap::AmtResource("AMT_SetupAndConfigurationService"), "Explode", std::move(none2));
    co_return std::tuple{settings ? settings->body.ChildText("DigestRealm").value_or("") : settings.error().ToString(),
                         uuid ? uuid->return_value : 999u, bad ? std::string("no fault") : bad.error().fault_subcode};
  }());
  EXPECT_EQ(realm.rfind("Digest:", 0), 0u) << realm;
  EXPECT_EQ(rv, 0u);
  EXPECT_EQ(fault, "ActionNotSupported");
}

TEST_F(ConnectionTest, MissingLegacyServiceIsHttp404) {
  fleet_.Add(openscs::testing::PskDevice("9.0"), "127.62.126.5");
  fleet_.Start();
  Connection c(Options("127.62.126.5"));
  auto r = RunClient(io_, [&]() -> asio::awaitable<Result<soap::Response>> {
    (void)co_await c.Connect();
    co_return co_await CoreVersion(c);
  }());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kHttpStatus);
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(ConnectionTest, SoapFault) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.127.5");
  fleet_.Start();
  Connection c(Options("127.62.127.5"));
  auto r = RunClient(io_, [&]() -> asio::awaitable<Result<soap::Response>> {
    (void)co_await c.Connect();
    std::vector<soap::Element> none;
    co_return co_await Call(c, "/SecurityAdministrationService", kSecurityNs, "Explode", std::move(none));
  }());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kSoapFault);
  EXPECT_NE(r.error().message.find("unknown method Explode"), std::string::npos);
}

TEST_F(ConnectionTest, SecretsAreRedactedFromTraces) {
  fleet_.Add(openscs::testing::PskDevice("2.1"), "127.62.128.5");
  fleet_.Start();
  ConnectOptions o = Options("127.62.128.5");
  const std::string secret = "N3w&<Secr>\"et'";
  o.secrets = {secret};
  Connection c(std::move(o));
  auto r = RunClient(io_, [&]() -> asio::awaitable<Result<soap::Response>> {
    (void)co_await c.Connect();
    std::vector<soap::Element> params{Leaf("Username", "admin"), Leaf("Password", secret)};
    co_return co_await Call(c, "/SecurityAdministrationService", kSecurityNs, "SetAdminAclEntry", std::move(params));
  }());
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_FALSE(trace_.exchanges.empty());
  for (const auto& e : trace_.exchanges) {
    EXPECT_EQ(e.request_body.find("N3w"), std::string::npos) << e.request_body;
    EXPECT_EQ(e.request_body.find("Secr"), std::string::npos) << e.request_body;
  }
  EXPECT_NE(trace_.exchanges.back().request_body.find("<Password>***</Password>"), std::string::npos)
      << trace_.exchanges.back().request_body;
}

}  // namespace
}  // namespace openscs::amtclient
