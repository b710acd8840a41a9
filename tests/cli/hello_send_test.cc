// `openscs hello send`: option checks, the bytes on the wire (captured by a
// listener of the test's own and decoded with the codec), errors, and
// --check against a fake server that connects back with a real OpenSSL
// ClientHello. Loopback block 127.67.2.0/24; each test its own address, so
// the fixed ports (16993, 16994) cannot clash.

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <nlohmann/json.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/hex.h"
#include "cli/tls_client_hello.h"
#include "protocol/hello/hello.h"
#include "tests/cli/cli_testing.h"
#include "tests/support/dnsmasq_server.h"
#include "tls/client_tls.h"

namespace openscs::cli {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using testing::RunCli;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";
// Reference §3.7.
constexpr const char* kReferencePskHello =
    "01 00 02 00 00 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 30 30 30 30 30 33 37 4d";
constexpr const char* kSha1 = "2796bae63f1801e277261ba0d77770028f20eee4";
constexpr const char* kSha256 = "e7685634efacf69ace939a6b255b7b4fabef42935b50a265acb5cb6027e44e70";

std::vector<std::byte> Hex(std::string_view text) { return base::FromHex(text).value(); }

// The first bytes an OpenSSL TLS client sends: its ClientHello.
std::vector<std::byte> OpensslClientHello(const tls::ClientTlsContext& context) {
  SSL* ssl = SSL_new(context.native());
  tls::PskCredentials psk{"0000037M", "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ"};
  EXPECT_TRUE(context.Bind(ssl, &psk).ok());
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, in, out);
  EXPECT_EQ(SSL_connect(ssl), -1);  // wants the server's answer
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::vector<std::byte> bytes(reinterpret_cast<std::byte*>(data), reinterpret_cast<std::byte*>(data) + size);
  SSL_free(ssl);
  return bytes;
}

// Stands in for the server: accepts on `address`, port 0, reads each
// connection to EOF; with a connect-back, then connects to the sender's
// address on `check_port` and writes `connect_back_bytes`.
class FakeServer {
 public:
  explicit FakeServer(const std::string& address, std::optional<uint16_t> check_port = std::nullopt,
                      std::vector<std::byte> connect_back_bytes = {})
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address(address), 0)),
        check_port_(check_port),
        connect_back_bytes_(std::move(connect_back_bytes)) {
    asio::co_spawn(io_, Accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FakeServer() {
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string to() const { return acceptor_.local_endpoint().address().to_string() + ":" + std::to_string(port()); }

  struct Received {
    tcp::endpoint peer;
    std::vector<std::byte> bytes;
  };
  // What has been read to EOF so far, once there are `count` (bounded wait:
  // the sender returns as soon as it has closed, before we see the EOF).
  std::vector<Received> received(size_t count = 0) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(10), [&] { return received_.size() >= count; });
    return received_;
  }

 private:
  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
      if (ec) co_return;
      Received r;
      r.peer = socket.remote_endpoint();
      std::vector<std::byte> buffer(4096);
      for (;;) {
        auto [rec, n] = co_await socket.async_read_some(asio::buffer(buffer), kTuple);
        r.bytes.insert(r.bytes.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(n));
        if (rec) break;
      }
      const auto peer_address = r.peer.address();
      {
        std::lock_guard lock(mutex_);
        received_.push_back(std::move(r));
      }
      arrived_.notify_all();
      if (check_port_) {
        // From the server's own address, as a server with one address does.
        tcp::socket back(io_, tcp::endpoint(acceptor_.local_endpoint().address(), 0));
        auto [cec] = co_await back.async_connect(tcp::endpoint(peer_address, *check_port_), kTuple);
        if (!cec) co_await asio::async_write(back, asio::buffer(connect_back_bytes_), kTuple);
        boost::system::error_code ignored;
        back.shutdown(tcp::socket::shutdown_send, ignored);
        co_await back.async_read_some(asio::buffer(buffer), kTuple);  // until the checker hangs up
      }
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::optional<uint16_t> check_port_;
  std::vector<std::byte> connect_back_bytes_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Received> received_;
};

std::vector<std::string> Send(const std::string& to, std::vector<std::string> more) {
  std::vector<std::string> args = {"hello", "send", "--to", to, "--uuid", kUuid};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(HelloSendCommand, PskHelloOnTheWireIsTheReferenceExample) {
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "127.67.2.5"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("sent PSK hello (32 bytes, retry 0) from 127.67.2.5:"), std::string::npos) << run.out;
  auto received = server.received(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].bytes, Hex(kReferencePskHello));
  EXPECT_EQ(received[0].peer.address().to_string(), "127.67.2.5");
  auto decoded = hello::Decode(received[0].bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  EXPECT_EQ(decoded->hello.uuid.ToString(), kUuid);
  EXPECT_EQ(decoded->hello.pid, "0000037M");
  EXPECT_TRUE(decoded->hello.admin_credentials_set);
}

TEST(HelloSendCommand, PkiHelloCarriesEveryHashInOrder) {
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--hash", std::string("sha1:") + kSha1, "--hash",
                                       std::string("SHA256:") + kSha256, "--retry", "3", "--admin-set", "0"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto received = server.received(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].bytes.size(), 25u + 22u + 34u);
  auto decoded = hello::Decode(received[0].bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().message();
  const hello::Hello& h = decoded->hello;
  EXPECT_EQ(h.method, hello::Method::kPki);
  EXPECT_FALSE(h.admin_credentials_set);
  EXPECT_EQ(h.retry_count, 3u);
  ASSERT_EQ(h.hashes.size(), 2u);
  EXPECT_EQ(h.hashes[0].algorithm, hello::HashAlgorithm::kSha1);
  EXPECT_EQ(base::ToHex(h.hashes[0].digest), kSha1);
  EXPECT_EQ(h.hashes[1].algorithm, hello::HashAlgorithm::kSha256);
  EXPECT_EQ(base::ToHex(h.hashes[1].digest), kSha256);
}

TEST(HelloSendCommand, CountSendsOneConnectionPerHelloWithRisingRetryUpTo14) {
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--pid", "0000-037M", "--retry", "13", "--count", "3", "--interval", "0",
                                       "--from", "127.67.2.6", "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto received = server.received(3);
  ASSERT_EQ(received.size(), 3u);
  auto j = nlohmann::json::parse(run.out);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["hello"]["hex"].get<std::string>().substr(0, 8), "01000200");
  ASSERT_EQ(j["sent"].size(), 3u);
  const uint32_t want[] = {13, 14, 14};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(received[i].peer.address().to_string(), "127.67.2.6");
    EXPECT_EQ(received[i].peer.port(), j["sent"][i]["source_port"].get<uint16_t>()) << i;
    EXPECT_EQ(hello::Decode(received[i].bytes)->hello.retry_count, want[i]) << i;
    EXPECT_EQ(j["sent"][i]["retry_count"], want[i]) << i;
  }
}

// One hello per run: the sender closes first, so a second connection from
// 16994 to the same server would meet the first one's TIME_WAIT.
TEST(HelloSendCommand, SourcePortIsTheOneGiven) {
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "127.67.2.11", "--source-port", "16994"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto received = server.received(1);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].peer.port(), 16994);
  EXPECT_NE(run.out.find("from 127.67.2.11:16994 to " + server.to()), std::string::npos) << run.out;
}

struct BadOption {
  std::string name;
  std::vector<std::string> args;
  std::string message;
};
void PrintTo(const BadOption& bad, std::ostream* os) { *os << bad.name; }

class HelloSendRejects : public ::testing::TestWithParam<BadOption> {};

TEST_P(HelloSendRejects, NamingTheOptionAndWhatIsWrong) {
  std::vector<std::string> args = {"hello", "send"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  auto run = RunCli(args);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find(GetParam().message), std::string::npos) << run.err;
}

std::vector<std::string> Args(std::vector<std::string> more) {
  std::vector<std::string> args = {"--to", "127.67.2.1:9", "--uuid", kUuid};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

INSTANTIATE_TEST_SUITE_P(
    Options, HelloSendRejects,
    ::testing::Values(
        BadOption{"NoPidOrHash", Args({}), "--pid (a PSK hello) or --hash (a PKI hello)"},
        BadOption{"UuidMalformed",
                  {"--to", "127.67.2.1", "--uuid", "4c4c4544-004b", "--pid", "0000-037M"},
                  "--uuid '4c4c4544-004b'"},
        BadOption{"PidCheckCharacter", Args({"--pid", "0000-037X"}), "--pid: PID"},
        BadOption{"PidTooShort", Args({"--pid", "0000-037"}), "--pid: PID"},
        BadOption{"PidAndHash", Args({"--pid", "0000-037M", "--hash", std::string("sha1:") + kSha1}),
                  "--pid excludes --hash"},
        BadOption{"HashLength", Args({"--hash", std::string("sha256:") + kSha1}),
                  "--hash sha256: 20 bytes, but a sha256 digest is 32"},
        BadOption{"HashAlgorithm", Args({"--hash", "md5:00"}), "--hash: unknown algorithm 'md5'"},
        BadOption{"HashWithoutAlgorithm", Args({"--hash", kSha1}), "expected ALG:HEX"},
        BadOption{"HashNotHex", Args({"--hash", "sha1:zz"}), "--hash sha1: not hex"},
        BadOption{"RetryAbove14", Args({"--pid", "0000-037M", "--retry", "15"}), "--retry"},
        BadOption{"AdminSetNot01", Args({"--pid", "0000-037M", "--admin-set", "2"}), "--admin-set"},
        BadOption{"CheckTimeoutWithoutCheck", Args({"--pid", "0000-037M", "--check-timeout", "5"}),
                  "--check-timeout requires --check"},
        BadOption{"CheckTimeoutTooLong", Args({"--pid", "0000-037M", "--check", "--check-timeout", "601"}),
                  "--check-timeout"},
        BadOption{"PortOutOfRange",
                  {"--to", "127.67.2.1:99999", "--uuid", kUuid, "--pid", "0000-037M"},
                  "--to: port '99999'"},
        BadOption{"UnclosedBracket", {"--to", "[::1", "--uuid", kUuid, "--pid", "0000-037M"}, "--to: '[' without ']'"}),
    [](const ::testing::TestParamInfo<BadOption>& param) { return param.param.name; });

TEST(HelloSendCommand, RejectsMoreThan23Hashes) {
  std::vector<std::string> more;
  for (int i = 0; i < 24; ++i) more.insert(more.end(), {"--hash", std::string("sha1:") + kSha1});
  auto run = RunCli(Send("127.67.2.1:9", more));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--hash: 24 given, but a hello carries at most 23"), std::string::npos) << run.err;
}

TEST(HelloSendCommand, RefusedConnectNamesTheAddressAndLikelyCause) {
  uint16_t closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.67.2.2"), 0));
    closed_port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  const std::string to = "127.67.2.2:" + std::to_string(closed_port);
  auto run = RunCli(Send(to, {"--pid", "0000-037M"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("connect to " + to + " refused: nothing listens there (is openscs serve running"),
            std::string::npos)
      << run.err;
  auto json = RunCli(Send(to, {"--pid", "0000-037M", "--json"}));
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out)["error"]["kind"], "connect_refused");
}

TEST(HelloSendCommand, FromAnAddressThatIsNotLocalSaysSo) {
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "192.0.2.77"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot send from 192.0.2.77:0: not an address of this host"), std::string::npos) << run.err;
}

TEST(HelloSendCommand, NameThatDoesNotResolveSuggestsDnsTest) {
  // A DNS server address where nothing answers: the lookup fails at once.
  auto run = RunCli(Send("ProvisionServer.corp.test", {"--pid", "0000-037M", "--dns-server", "127.67.2.3:53"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("--to: ProvisionServer.corp.test does not resolve"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("`openscs dns test`"), std::string::npos) << run.err;
}

TEST(HelloSendCommand, NameIsLookedUpInDns) {
  if (!openscs::testing::ProgramExists("dnsmasq")) GTEST_SKIP() << "dnsmasq not installed";
  FakeServer server("127.67.2.1");
  openscs::testing::DnsmasqServer dns("127.67.2.4", 5353, {{"ProvisionServer.corp.test", "127.67.2.1"}});
  ASSERT_TRUE(dns.ready()) << dns.Log();
  auto run = RunCli(Send("ProvisionServer.corp.test:" + std::to_string(server.port()),
                         {"--pid", "0000-037M", "--dns-server", dns.server()}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("ProvisionServer.corp.test resolves to 127.67.2.1"), std::string::npos) << run.out;
  EXPECT_EQ(server.received(1).size(), 1u);
}

TEST(HelloSendCheck, ServerConnectingBackWithPskIsReported) {
  auto psk = tls::ClientTlsContext::CreatePsk();
  ASSERT_TRUE(psk.has_value());
  FakeServer server("127.67.2.1", 16993, OpensslClientHello(**psk));
  auto run =
      RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "127.67.2.7", "--check", "--check-timeout", "20"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("listening on 127.67.2.7:16993"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("server connected back from 127.67.2.1:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("TLS ClientHello: versions TLS 1.2 at most"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("PSK-AES128-CBC-SHA"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("a TLS-PSK attempt"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("this is not the device"), std::string::npos) << run.out;
}

TEST(HelloSendCheck, JsonSaysWhichWayTheServerTried) {
  auto pki = tls::ClientTlsContext::CreateOperational();
  ASSERT_TRUE(pki.has_value());
  FakeServer server("127.67.2.1", 16993, OpensslClientHello(**pki));
  auto run =
      RunCli(Send(server.to(), {"--hash", std::string("sha1:") + kSha1, "--from", "127.67.2.8", "--check", "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto j = nlohmann::json::parse(run.out);
  EXPECT_TRUE(j["check"]["connected_back"].get<bool>());
  EXPECT_EQ(j["check"]["tls"]["attempt"], "pki");
  EXPECT_TRUE(j["check"]["tls"]["rsa_offered"].get<bool>());
  EXPECT_FALSE(j["check"]["tls"]["psk_offered"].get<bool>());
  EXPECT_EQ(j["check"]["tls"]["client_version"], "TLS 1.2");
}

TEST(HelloSendCheck, NoConnectBackNamesTheCauseAndTheReasons) {
  FakeServer server("127.67.2.1");
  auto run =
      RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "127.67.2.9", "--check", "--check-timeout", "0.2"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("no connect-back to 127.67.2.9:16993 within 0.2 s (cause server_no_connect_back)"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("1. the server does not know PID 0000-037M"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("`openscs keys add 0000-037M PPS`"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(std::string("`openscs logs --uuid ") + kUuid + "`"), std::string::npos) << run.err;
  EXPECT_EQ(server.received(1).size(), 1u);
}

TEST(HelloSendCheck, CheckPortInUseSaysSo) {
  asio::io_context io;
  tcp::acceptor device(io, tcp::endpoint(asio::ip::make_address("127.67.2.10"), 16993));
  FakeServer server("127.67.2.1");
  auto run = RunCli(Send(server.to(), {"--pid", "0000-037M", "--from", "127.67.2.10", "--check"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot listen on 127.67.2.10:16993 to stand in for the device: already in use"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(server.received().empty()) << "no hello without the listener";
}

TEST(TlsClientHello, ReadsOpensslPskClientHello) {
  auto psk = tls::ClientTlsContext::CreatePsk();
  ASSERT_TRUE(psk.has_value());
  const auto bytes = OpensslClientHello(**psk);
  auto parsed = ParseClientHello(bytes);
  ASSERT_EQ(parsed.state, ClientHelloState::kComplete) << parsed.reason;
  EXPECT_EQ(parsed.hello.client_version, 0x0303);
  EXPECT_TRUE(parsed.hello.supported_versions.empty());  // TLS 1.2 at most: no extension
  const auto& suites = parsed.hello.cipher_suites;
  EXPECT_NE(std::find(suites.begin(), suites.end(), 0x008c), suites.end());
  EXPECT_TRUE(DescribeCipherSuite(0x008c).psk);
  EXPECT_EQ(DescribeCipherSuite(0x008c).name, "PSK-AES128-CBC-SHA");
  EXPECT_TRUE(DescribeCipherSuite(0x002f).rsa);
  EXPECT_FALSE(DescribeCipherSuite(0x002f).psk);
  EXPECT_TRUE(DescribeCipherSuite(0x00ff).signalling);
  // Every prefix is "need more", never a wrong answer.
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(ParseClientHello(std::span(bytes).first(n)).state, ClientHelloState::kNeedMore) << n;
  }
}

TEST(TlsClientHello, Tls13ClientListsSupportedVersions) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, in, out);
  SSL_connect(ssl);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::vector<std::byte> bytes(reinterpret_cast<std::byte*>(data), reinterpret_cast<std::byte*>(data) + size);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  auto parsed = ParseClientHello(bytes);
  ASSERT_EQ(parsed.state, ClientHelloState::kComplete) << parsed.reason;
  ASSERT_FALSE(parsed.hello.supported_versions.empty());
  EXPECT_EQ(parsed.hello.supported_versions.front(), 0x0304);
}

TEST(TlsClientHello, NotTlsIsSaid) {
  const std::string http = "GET / HTTP/1.1\r\n";
  auto parsed = ParseClientHello(base::AsBytes(http));
  EXPECT_EQ(parsed.state, ClientHelloState::kNotClientHello);
  EXPECT_NE(parsed.reason.find("content type 71, not handshake (22)"), std::string::npos) << parsed.reason;
}

}  // namespace
}  // namespace openscs::cli
