// Connect-backs to 16993 read from whole synthetic captures: TCP refusals and
// the TLS handshakes of Setup Mode PSK and PKI.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "capture/analysis.h"
#include "tests/capture/capture_testing.h"

namespace openscs::capture {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace t = openscs::testing::tls_bytes;

constexpr uint16_t kPskAes128 = 0x008c;
constexpr uint16_t kRsaAes128 = 0x002f;

class ConnectBackTest : public ::testing::Test {
 protected:
  ConnectBackTest() { SendHello(capture_, PskHello()); }

  TcpConnection ConnectBack(uint16_t port = 41000) {
    TcpConnection c(capture_, kServer, port, kDevice, 16993);
    return c;
  }
  // ClientHello / ServerHello(suite) / ServerHelloDone, then the server's
  // PSK key exchange, ChangeCipherSpec and Finished.
  void PskUpToClientFinished(TcpConnection& c) {
    c.Handshake();
    c.ClientSends(t::HandshakeRecord({t::ClientHello({kPskAes128, 0x008d})}));
    c.ServerSends(t::HandshakeRecord({t::ServerHello(kPskAes128), t::Message(14)}));
    c.ClientSends(t::Concat({t::HandshakeRecord({t::PskClientKeyExchange("0000037M")}), t::ChangeCipherSpec(),
                             t::EncryptedFinished()}));
  }
  void PskHealthy(TcpConnection& c) {
    PskUpToClientFinished(c);
    c.ServerSends(t::Concat({t::ChangeCipherSpec(), t::EncryptedFinished()}));
    c.ClientSends(t::ApplicationData(300));
    c.ServerSends(t::ApplicationData(500));
    c.Close();
  }
  const DeviceConversation& Device() {
    report_ = Analyze(capture_);
    const DeviceConversation* d = FindDevice(report_, kDevice);
    if (d == nullptr) {
      ADD_FAILURE() << "no device " << kDevice;
      static const DeviceConversation none;
      return none;
    }
    return *d;
  }

  CaptureBuilder capture_;
  CaptureReport report_;
};

TEST_F(ConnectBackTest, PskAlertAfterClientKeyExchange) {
  TcpConnection c = ConnectBack();
  PskUpToClientFinished(c);
  const uint64_t alert = c.ServerSends(t::Alert(2, 51));
  c.DeviceRst();
  const DeviceConversation& d = Device();
  EXPECT_EQ(d.uuid, kUuid);
  EXPECT_EQ(d.connect_backs, 1u);
  ASSERT_THAT(Causes(d), ElementsAre("psk_handshake_alert")) << AllEvidence(d);
  const Finding& f = d.findings[0];
  EXPECT_EQ(f.packet, alert);
  EXPECT_THAT(f.evidence, HasSubstr("the device sent fatal alert decrypt_error (51)"));
  EXPECT_THAT(f.evidence, HasSubstr("after the server's ClientKeyExchange"));
  EXPECT_THAT(f.evidence, HasSubstr("PSK identity \"0000037M\""));
  EXPECT_THAT(f.evidence, HasSubstr("TLS 1.2, TLS_PSK_WITH_AES_128_CBC_SHA"));
  EXPECT_THAT(f.evidence, HasSubstr("not the device's"));
}

TEST_F(ConnectBackTest, UnknownPskIdentity) {
  TcpConnection c = ConnectBack();
  PskUpToClientFinished(c);
  c.ServerSends(t::Alert(2, 115));
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("psk_handshake_alert"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("unknown_psk_identity (115)"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("does not know this PSK identity"));
}

TEST_F(ConnectBackTest, PkiBadCertificateAfterTheServersCertificate) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({kRsaAes128})}));
  c.ServerSends(t::HandshakeRecord({t::ServerHello(kRsaAes128), t::Message(11, 900), t::Message(13, 20), t::Message(14)}));
  const uint64_t certificate = c.ClientSends(t::Concat(
      {t::HandshakeRecord({t::Message(11, 1500), t::Message(16, 258), t::Message(15, 258)}), t::ChangeCipherSpec(),
       t::EncryptedFinished()}));
  c.ServerSends(t::Alert(2, 42));
  c.Close();
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("pki_certificate_alert")) << AllEvidence(d);
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("fatal alert bad_certificate (42)"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("after the server's Certificate (#" + std::to_string(certificate)));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("TLS_RSA_WITH_AES_128_CBC_SHA"));
}

TEST_F(ConnectBackTest, AnyFatalAlertAfterCertificateOnRsaIsPki) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({kRsaAes128})}));
  c.ServerSends(t::HandshakeRecord({t::ServerHello(kRsaAes128), t::Message(11, 100), t::Message(14)}));
  c.ClientSends(t::HandshakeRecord({t::Message(11, 300), t::Message(16, 130)}));
  c.ServerSends(t::Alert(2, 40));
  EXPECT_THAT(Causes(Device()), ElementsAre("pki_certificate_alert"));
}

TEST_F(ConnectBackTest, HealthySession) {
  TcpConnection c = ConnectBack();
  PskHealthy(c);
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("healthy")) << AllEvidence(d);
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("TLS session established (TLS 1.2, TLS_PSK_WITH_AES_128_CBC_SHA)"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("bytes exchanged"));
}

TEST_F(ConnectBackTest, RecoveredAfterAFailedAttempt) {
  TcpConnection first = ConnectBack(41000);
  PskUpToClientFinished(first);
  first.ServerSends(t::Alert(2, 20));
  first.DeviceRst();
  TcpConnection second = ConnectBack(41001);
  PskHealthy(second);
  const DeviceConversation& d = Device();
  EXPECT_THAT(Causes(d), ElementsAre("psk_handshake_alert", "recovered_after_failures")) << AllEvidence(d);
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("bad_record_mac (20)"));
}

TEST_F(ConnectBackTest, RefusedByRst) {
  TcpConnection c = ConnectBack();
  c.Syn();
  c.ServerRst();
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("connect_back_refused"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("192.0.2.1:41000 to 192.0.2.10:16993"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("was refused by RST"));
  EXPECT_TRUE(report_.attempts.empty()) << "a connect-back is not a hello attempt";
}

TEST_F(ConnectBackTest, NoAnswer) {
  TcpConnection c = ConnectBack();
  c.Syn();
  c.Syn();
  c.Syn();
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("connect_back_refused"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("got no answer: 3 SYN(s)"));
}

TEST_F(ConnectBackTest, AlertBeforeKeyExchangeIsATlsFailure) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({0x1301})}));
  c.ServerSends(t::Alert(2, 40));
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("tls_failed"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("handshake_failure (40)"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("after the server's ClientHello"));
}

TEST_F(ConnectBackTest, ProtocolVersionAlert) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({kPskAes128})}));
  c.ServerSends(t::Alert(2, 70));
  EXPECT_THAT(Causes(Device()), ElementsAre("tls_version_refused"));
}

TEST_F(ConnectBackTest, Tls13AlertsCannotBeClassified) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({0x1301})}));
  c.ServerSends(t::Concat({t::HandshakeRecord({t::ServerHello(0x1301, 0x0304, true)}), t::ApplicationData(800)}));
  c.ClientSends(t::ApplicationData(60));
  c.ServerSends(t::ApplicationData(19));  // an encrypted alert looks like this
  c.DeviceRst();
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("tls_failed")) << AllEvidence(d);
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("TLS 1.3: alerts after ServerHello are encrypted and cannot be classified"));
}

TEST_F(ConnectBackTest, SilentDeviceIsATimeout) {
  TcpConnection c = ConnectBack();
  c.Handshake();
  c.ClientSends(t::HandshakeRecord({t::ClientHello({kPskAes128})}));
  capture_.Advance(30);
  c.ClientFin();
  const DeviceConversation& d = Device();
  ASSERT_THAT(Causes(d), ElementsAre("tls_timeout"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("never answered the server's ClientHello"));
}

TEST_F(ConnectBackTest, ConnectBackBeforeTheFirstHelloDoesNotCount) {
  CaptureBuilder capture;
  TcpConnection early(capture, kServer, 41000, kDevice, 16993);
  early.Syn();
  early.ServerRst();
  SendHello(capture, PskHello());
  const CaptureReport report = Analyze(capture);
  const DeviceConversation* d = FindDevice(report, kDevice);
  ASSERT_NE(d, nullptr);
  EXPECT_THAT(Causes(*d), ElementsAre("connect_back_refused", "server_no_connect_back"));
}

}  // namespace
}  // namespace openscs::capture
