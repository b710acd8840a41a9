#include "tls/client_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include "base/hex.h"
#include "tests/tls/test_chain.h"
#include "tls/device_tls.h"

namespace openscs::tls {
namespace {

constexpr std::string_view kPid = "0000037M";
constexpr std::string_view kPps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";

// The device end of the handshakes below: knows one PID/PPS and trusts one root.
class FakeDevice final : public DeviceTlsPolicy {
 public:
  std::optional<std::string> PskKeyFor(std::string_view identity) override {
    identities_seen.emplace_back(identity);
    if (identity == kPid) return std::string(kPps);
    if (identity == "OTHER01X") return std::string("OTHERKEYOTHERKEYOTHERKEYOTHERKEY");
    return std::nullopt;
  }
  CertCheckInput PkiCheckInput() override { return check; }
  void OnRefused(std::string_view reason_code, std::string_view) override { refusals.emplace_back(reason_code); }

  CertCheckInput check;
  std::vector<std::string> identities_seen;
  std::vector<std::string> refusals;
};

struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

// One client and one device SSL joined by an in-memory BIO pair.
struct Pair {
  SslPtr client;
  SslPtr device;
};

Pair Connect(const ClientTlsContext& client_ctx, const DeviceTlsContext& device_ctx, DeviceTlsMode mode,
             FakeDevice& device, const PskCredentials* psk) {
  Pair p{SslPtr(SSL_new(client_ctx.native())), SslPtr(SSL_new(device_ctx.native()))};
  BIO* client_bio = nullptr;
  BIO* device_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &device_bio, 0);
  SSL_set_bio(p.client.get(), client_bio, client_bio);
  SSL_set_bio(p.device.get(), device_bio, device_bio);
  SSL_set_connect_state(p.client.get());
  SSL_set_accept_state(p.device.get());
  EXPECT_TRUE(client_ctx.Bind(p.client.get(), psk).ok());
  device_ctx.Bind(p.device.get(), mode, &device);
  return p;
}

struct Side {
  bool done = false;
  bool failed = false;
  unsigned long error = 0;

  void Step(SSL* ssl) {
    if (done || failed) return;
    const int r = SSL_do_handshake(ssl);
    if (r == 1) {
      done = true;
      return;
    }
    const int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return;
    failed = true;
    error = ERR_peek_last_error();
    ERR_clear_error();
  }
};

// Runs both ends until each finished or failed; returns the client's report.
HandshakeReport Handshake(Pair& p) {
  Side client;
  Side device;
  for (int i = 0; i < 50 && !((client.done || client.failed) && (device.done || device.failed)); ++i) {
    client.Step(p.client.get());
    device.Step(p.device.get());
  }
  // A client still waiting has seen the device go quiet: as if it closed.
  return InspectHandshake(p.client.get(), client.done, client.error);
}

class ClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override { device_ctx_ = DeviceTlsContext::Create({}).value(); }

  std::unique_ptr<DeviceTlsContext> device_ctx_;
  FakeDevice device_;
  PskCredentials good_{std::string(kPid), std::string(kPps)};
};

TEST_F(ClientTlsTest, PskHandshakeSucceeds) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &good_);
  const HandshakeReport r = Handshake(p);
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.protocol, "TLSv1.2");
  EXPECT_EQ(r.cipher.rfind("PSK-", 0), 0u) << r.cipher;
  EXPECT_EQ(device_.identities_seen, std::vector<std::string>{std::string(kPid)});
}

TEST_F(ClientTlsTest, WrongPpsIsPskMismatch) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  PskCredentials wrong{std::string(kPid), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &wrong);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kPskMismatch) << r.detail;
  EXPECT_EQ(r.alert, "bad_record_mac");
  EXPECT_TRUE(r.alert_from_device);
  EXPECT_EQ(r.detail.find("AAAAAAAA"), std::string::npos);
}

TEST_F(ClientTlsTest, UnknownPidIsUnknownIdentity) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  PskCredentials other{"ZZZZ0000", std::string(kPps)};
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &other);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kUnknownIdentity) << r.detail;
  EXPECT_EQ(r.alert, "unknown_psk_identity");
}

TEST_F(ClientTlsTest, PskCredentialsStayWithTheirConnection) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  PskCredentials other{"OTHER01X", "OTHERKEYOTHERKEYOTHERKEYOTHERKEY"};
  // Both bound before either handshakes, sharing one SSL_CTX.
  Pair a = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &good_);
  Pair b = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &other);
  EXPECT_TRUE(Handshake(b).ok());
  EXPECT_TRUE(Handshake(a).ok());
  EXPECT_EQ(device_.identities_seen, (std::vector<std::string>{"OTHER01X", std::string(kPid)}));
}

TEST_F(ClientTlsTest, PskContextRefusesAConnectionWithoutCredentials) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  SslPtr ssl(SSL_new(ctx->native()));
  const base::Status s = ctx->Bind(ssl.get(), nullptr);
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidArgument);
  EXPECT_EQ(ctx->Bind(ssl.get(), &good_).code(), base::StatusCode::kOk);
  EXPECT_EQ(ctx->Bind(ssl.get(), &good_).code(), base::StatusCode::kFailedPrecondition);
}

TEST_F(ClientTlsTest, PskOfferToAPkiDeviceFailsBeforeTheKeyExchange) {
  auto ctx = ClientTlsContext::CreatePsk().value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPki, device_, &good_);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kOther);
  EXPECT_EQ(r.alert, "handshake_failure") << r.detail;
}

class ClientTlsPkiTest : public ClientTlsTest {
 protected:
  void SetUp() override {
    ClientTlsTest::SetUp();
    chain_ = testing::MakeChain(testing::GoodLeafSpec());
    chain_pem_ = ToPem(chain_.leaf.get()) + ToPem(chain_.intermediate.get()) + ToPem(chain_.root.get());
    key_pem_ = ToPem(chain_.leaf_key.get());
    device_.check = {{{hello::HashAlgorithm::kSha1, chain_.RootSha1()}}, "corp.example.com", false,
                     std::chrono::system_clock::now()};
  }
  std::string DeviceSha256(const Pair& p) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    X509_digest(SSL_get_certificate(p.device.get()), EVP_sha256(), md.data(), &len);
    return base::ToHex(std::as_bytes(std::span(md.data(), len)));
  }

  testing::TestChain chain_;
  std::string chain_pem_;
  std::string key_pem_;
};

TEST_F(ClientTlsPkiTest, ProvisioningChainIsAccepted) {
  auto ctx = ClientTlsContext::CreatePki(chain_pem_, key_pem_).value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPki, device_, nullptr);
  const HandshakeReport r = Handshake(p);
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_TRUE(device_.refusals.empty());
  EXPECT_EQ(r.device_cert_sha256, DeviceSha256(p));
}

TEST_F(ClientTlsPkiTest, UntrustedRootIsCertificateRefused) {
  device_.check.enabled_hashes[0].digest[0] ^= std::byte{1};
  auto ctx = ClientTlsContext::CreatePki(chain_pem_, key_pem_).value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPki, device_, nullptr);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kCertificateRefused) << r.detail;
  EXPECT_EQ(r.alert, "bad_certificate");
  EXPECT_EQ(device_.refusals, std::vector<std::string>{"root_hash_not_enabled"});
}

TEST_F(ClientTlsPkiTest, DomainMismatchIsCertificateRefused) {
  device_.check.device_domain = "other.example.org";
  auto ctx = ClientTlsContext::CreatePki(chain_pem_, key_pem_).value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kSetupPki, device_, nullptr);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kCertificateRefused) << r.detail;
  EXPECT_FALSE(r.alert.empty());
}

TEST_F(ClientTlsPkiTest, KeyOfAnotherCertificateIsRefusedWithoutEchoingIt) {
  auto other_key = ToPem(chain_.root_key.get());
  auto ctx = ClientTlsContext::CreatePki(chain_pem_, other_key);
  ASSERT_FALSE(ctx);
  EXPECT_NE(ctx.error().message().find("does not belong"), std::string::npos);
  EXPECT_EQ(ctx.error().message().find("PRIVATE KEY"), std::string::npos);
  EXPECT_FALSE(ClientTlsContext::CreatePki("", key_pem_));
  EXPECT_FALSE(ClientTlsContext::CreatePki(chain_pem_, "not a key"));
}

TEST_F(ClientTlsPkiTest, OperationalReportsTheDeviceFingerprint) {
  auto ctx = ClientTlsContext::CreateOperational().value();
  Pair p = Connect(*ctx, *device_ctx_, DeviceTlsMode::kOperational, device_, nullptr);
  const HandshakeReport r = Handshake(p);
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(r.device_cert_sha256.size(), 64u);
  EXPECT_EQ(r.device_cert_sha256, DeviceSha256(p));
}

TEST_F(ClientTlsTest, Tls10OnlyDeviceIsVersionRefusedUnlessAllowed) {
  auto strict = ClientTlsContext::CreatePsk().value();
  Pair p = Connect(*strict, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &good_);
  SSL_set_max_proto_version(p.device.get(), TLS1_VERSION);
  const HandshakeReport r = Handshake(p);
  EXPECT_EQ(r.failure, HandshakeFailure::kVersionRefused) << r.detail;
  EXPECT_EQ(r.alert, "protocol_version");

  ClientTlsOptions legacy;
  legacy.allow_tls10 = true;
  auto lenient = ClientTlsContext::CreatePsk(legacy).value();
  Pair q = Connect(*lenient, *device_ctx_, DeviceTlsMode::kSetupPsk, device_, &good_);
  SSL_set_max_proto_version(q.device.get(), TLS1_VERSION);
  const HandshakeReport ok = Handshake(q);
  EXPECT_TRUE(ok.ok()) << ok.detail;
  EXPECT_EQ(ok.protocol, "TLSv1");
}

TEST(ClientTlsNames, AlertsAndFailures) {
  EXPECT_EQ(AlertName(20), "bad_record_mac");
  EXPECT_EQ(AlertName(48), "unknown_ca");
  EXPECT_EQ(AlertName(200), "alert_200");
  EXPECT_EQ(HandshakeFailureName(HandshakeFailure::kPskMismatch), "psk_mismatch");
}

}  // namespace
}  // namespace openscs::tls
