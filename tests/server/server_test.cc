// The server in-process on its own loopback block (127.66.N.0/24, port 0):
// what an admin sees after devices, browsers and junk reach port 9971.
#include "server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include <fmt/format.h>

#include "base/hex.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace openscs::server {
namespace {

constexpr std::string_view kPskHello =
    "01 00 02 00 00 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 30 30 30 30 30 33 37 4d";
constexpr std::string_view kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";

// Connects from `from` to `to`:`port`, writes `bytes`, reads whatever comes
// back until the server closes (bounded by a 5 s receive timeout).
std::string Exchange(const std::string& from, const std::string& to, uint16_t port, std::string_view bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)), 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  inet_pton(AF_INET, to.c_str(), &remote.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)), 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  EXPECT_EQ(send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  shutdown(fd, SHUT_WR);
  std::string reply;
  char buf[1024];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) reply.append(buf, static_cast<size_t>(n));
  close(fd);
  return reply;
}

std::string Bytes(std::string_view hex) {
  auto b = base::FromHex(hex);
  EXPECT_TRUE(b);
  return std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(int block, store::LogLevel level = store::LogLevel::kDebug) {
    address_ = fmt::format("127.66.{}.1", block);
    device_ = fmt::format("127.66.{}.5", block);
    ServerConfig c;
    c.hello_address = address_;
    c.hello_port = 0;
    c.db = (dir_ / "openscs.db").string();
    c.key_file = (dir_ / "openscs.key").string();
    c.log_level = level;
    c.web_address = address_;  // the console on the test's own block, any port
    c.web_port = 0;
    c.connect_timeout = std::chrono::milliseconds(500);
    auto s = Server::Create(c);
    ASSERT_TRUE(s) << s.error().ToString();
    server_ = std::move(*s);
    port_ = server_->hello_port();
    runner_ = std::thread([this] { exit_code_ = server_->Run(false); });
  }

  void Stop() {
    if (!server_) return;
    server_->Stop();
    runner_.join();
    server_.reset();
  }

  void TearDown() override { Stop(); }

  std::unique_ptr<store::Store> OpenStore() {
    auto s = store::OpenSqliteStore(dir_ / "openscs.db");
    EXPECT_TRUE(s) << s.error().ToString();
    return std::move(*s);
  }

  std::vector<store::LogEntry> Logs(std::string_view code) {
    std::vector<store::LogEntry> out;
    store::LogQuery q;
    q.limit = 0;
    auto store = OpenStore();
    auto entries = store->QueryLogs(q);
    EXPECT_TRUE(entries) << entries.error().ToString();
    for (auto& e : *entries) {
      if (e.code == code) out.push_back(e);
    }
    return out;
  }

  // Polls (bounded: 10 s) until `code` appears in the log.
  bool WaitForLog(std::string_view code) {
    for (int i = 0; i < 200; ++i) {
      if (!Logs(code).empty()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  testing::TempDir dir_{"server"};
  std::string address_, device_;
  uint16_t port_ = 0;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  int exit_code_ = -1;
};

TEST_F(ServerTest, UnknownPidBecomesASystemWithTheSeedsError) {
  Start(1);
  Exchange(device_, address_, port_, Bytes(kPskHello));
  ASSERT_TRUE(WaitForLog("pid_not_found"));
  Stop();
  EXPECT_EQ(exit_code_, 0);
  auto sys = OpenStore()->GetSystem(kUuid);
  ASSERT_TRUE(sys && *sys);
  EXPECT_EQ((*sys)->source_address, device_);
  EXPECT_EQ((*sys)->pid, "0000037M");
  EXPECT_EQ((*sys)->hello_version, 2);
  EXPECT_EQ((*sys)->state, store::SystemState::kFailed);
  EXPECT_EQ((*sys)->last_error, "pid_not_found");
  const auto errors = Logs("pid_not_found");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].uuid, kUuid);
  EXPECT_EQ(errors[0].level, store::LogLevel::kError);
  EXPECT_NE(errors[0].message.find("failed to find PID mapping for PID 0000-037M"), std::string::npos);
  EXPECT_NE(errors[0].message.find("Fix: import"), std::string::npos) << errors[0].message;
}

TEST_F(ServerTest, MalformedHelloIsLoggedWithPeerAndReasonAndTheServerKeepsServing) {
  Start(2);
  std::string bad = Bytes(kPskHello);
  bad[2] = 7;  // interface version 7
  Exchange(device_, address_, port_, bad);
  Exchange(device_, address_, port_, "\x01");  // cut short
  Exchange(device_, address_, port_, Bytes(kPskHello));
  ASSERT_TRUE(WaitForLog("pid_not_found")) << "the good hello after the bad ones was served";
  Stop();
  const auto warnings = Logs("hello_malformed");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].level, store::LogLevel::kWarning);
  EXPECT_NE(warnings[0].message.find(device_), std::string::npos) << warnings[0].message;
  EXPECT_NE(warnings[0].message.find("interface_version at offset 2"), std::string::npos) << warnings[0].message;
  EXPECT_NE(warnings[1].message.find("1 bytes"), std::string::npos) << warnings[1].message;
}

TEST_F(ServerTest, BrowserOnTheHelloPortGetsABanner) {
  Start(3);
  const std::string reply = Exchange(device_, address_, port_, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.0 200 OK", 0), 0u) << reply;
  EXPECT_NE(reply.find("Intel AMT hello port"), std::string::npos);
  ASSERT_TRUE(WaitForLog("hello_port_probe"));
  Stop();
  EXPECT_TRUE(Logs("hello_malformed").empty());
}

TEST_F(ServerTest, LogLevelChangesAtRunTimeWithoutRestart) {
  Start(4, store::LogLevel::kError);
  Exchange(device_, address_, port_, Bytes(kPskHello));
  ASSERT_TRUE(WaitForLog("pid_not_found"));
  EXPECT_TRUE(Logs("hello_received").empty()) << "info entries are not written at level error";
  ASSERT_TRUE(OpenStore()->PutSetting("log_level", "debug").ok());  // what `openscs settings log-level` does
  bool seen = false;
  for (int i = 0; i < 40 && !seen; ++i) {  // bounded: 20 s
    Exchange(device_, address_, port_, Bytes(kPskHello));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    seen = !Logs("hello_received").empty();
  }
  EXPECT_TRUE(seen) << "they appear once a more verbose level is stored";
}

TEST_F(ServerTest, SecondServerOnABoundPortFailsWithAClearError) {
  Start(5);
  ServerConfig c;
  c.hello_address = address_;
  c.hello_port = port_;
  c.db = (dir_ / "other.db").string();
  c.web_address = address_;
  c.web_port = 0;
  c.key_file = (dir_ / "openscs.key").string();
  auto other = Server::Create(c);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message().find(fmt::format("cannot listen for hellos on {}:{}", address_, port_)),
            std::string::npos)
      << other.error().message();
}

}  // namespace
}  // namespace openscs::server
