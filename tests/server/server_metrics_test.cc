// What a Prometheus scrape of `openscs serve` shows after hellos and failed
// attempts: the server in-process on 127.73.N.0/24, port 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include <fmt/format.h>

#include "base/hex.h"
#include "metrics/registry.h"
#include "secrets/store_binding.h"
#include "server/server.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/support/temp_dir.h"

namespace openscs::server {
namespace {

// A PSK hello for PID 0000-037M from UUID 4c4c4544-004b-4210-8033-b6c04f504633.
constexpr std::string_view kPskHello =
    "01 00 02 00 00 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 30 30 30 30 30 33 37 4d";
constexpr std::string_view kPid = "0000037M";
constexpr std::string_view kPps = "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ";

// A socket bound to `address` (port 0) that is listening; -1 on failure.
int Listen(const std::string& address) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || listen(fd, 8) != 0) return -1;
  return fd;
}

uint16_t PortOf(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

// Connects from `from` to `to`:`port`, writes `bytes` and closes.
void Send(const std::string& from, const std::string& to, uint16_t port, std::string_view bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)), 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  inet_pton(AF_INET, to.c_str(), &remote.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof(remote)), 0);
  ASSERT_EQ(send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  close(fd);
}

std::string Bytes(std::string_view hex) {
  auto b = base::FromHex(hex);
  EXPECT_TRUE(b);
  return std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

bool HasLine(const std::string& text, const std::string& line) {
  return text.rfind(line + "\n", 0) == 0 || text.find("\n" + line + "\n") != std::string::npos;
}

class ServerMetricsTest : public ::testing::Test {
 protected:
  void Start(int block, uint16_t device_tls_port = 16993) {
    address_ = fmt::format("127.73.{}.1", block);
    device_ = fmt::format("127.73.{}.5", block);
    ServerConfig c;
    c.hello_address = address_;
    c.hello_port = 0;
    c.db = (dir_ / "openscs.db").string();
    c.key_file = (dir_ / "openscs.key").string();
    c.connect_timeout = std::chrono::milliseconds(500);
    c.device_tls_port = device_tls_port;
    c.web_enabled = false;
    auto s = Server::Create(c);
    ASSERT_TRUE(s) << s.error().ToString();
    server_ = std::move(*s);
    port_ = server_->hello_port();
    runner_ = std::thread([this] { server_->Run(false); });
  }

  void TearDown() override {
    if (!server_) return;
    server_->Stop();
    runner_.join();
  }

  std::string Scrape() const { return server_->metrics().RenderPrometheusText(); }

  // Scrapes (bounded: 10 s) until `line` is one of the scrape's lines.
  bool WaitForLine(const std::string& line) {
    for (int i = 0; i < 200; ++i) {
      if (HasLine(Scrape(), line)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  testing::TempDir dir_{"server-metrics"};
  std::string address_, device_;
  uint16_t port_ = 0;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST_F(ServerMetricsTest, AHelloForAnUnknownPidShowsAsReceivedAndFailedByCode) {
  Start(1);
  const std::string before = Scrape();
  EXPECT_TRUE(HasLine(before, "openscs_hellos_received_total 0")) << before;
  EXPECT_TRUE(HasLine(before, "# TYPE openscs_provisionings_failed_total counter")) << before;

  Send(device_, address_, port_, Bytes(kPskHello));
  Send(device_, address_, port_, "\x01");  // cut short: malformed
  ASSERT_TRUE(WaitForLine("openscs_provisionings_failed_total{code=\"pid_not_found\"} 1")) << Scrape();
  ASSERT_TRUE(WaitForLine("openscs_hellos_malformed_total 1")) << Scrape();
  // The failure is counted as it is logged; the attempt ends after its outcome is stored.
  ASSERT_TRUE(WaitForLine("openscs_provisioning_sessions_busy 0")) << Scrape();

  const std::string text = Scrape();
  EXPECT_TRUE(HasLine(text, "openscs_hellos_received_total 1")) << text;
  EXPECT_TRUE(HasLine(text, "openscs_provisionings_started_total 1")) << text;
  EXPECT_TRUE(HasLine(text, "openscs_provisionings_succeeded_total 0")) << text;
  EXPECT_TRUE(HasLine(text, "openscs_provisioning_seconds_count 1")) << text;
  EXPECT_TRUE(HasLine(text, "openscs_db_writes_dropped_total 0")) << text;
  // No session was opened: the plan failed before any step.
  EXPECT_EQ(text.find("openscs_provisioning_step_seconds_count"), std::string::npos) << text;
  // The hello and the claim went through the database thread and were timed.
  EXPECT_TRUE(std::regex_search(text, std::regex("\nopenscs_db_batch_seconds_count\\{kind=\"hellos\"\\} [1-9]")))
      << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("\nopenscs_db_batch_seconds_count\\{kind=\"job\"\\} [1-9]"))) << text;
  // ServerStats reads the same counters.
  const ServerStats stats = server_->stats();
  EXPECT_EQ(stats.hellos, 1u);
  EXPECT_EQ(stats.hellos_malformed, 1u);
  EXPECT_EQ(stats.provisionings_failed, 1u);
}

TEST_F(ServerMetricsTest, ADeviceThatDropsTheHandshakeTimesTheConnectStep) {
  // A key for the hello's PID, so the attempt gets as far as connecting back.
  {
    auto store = store::OpenSqliteStore(dir_ / "openscs.db");
    ASSERT_TRUE(store) << store.error().ToString();
    auto vault = secrets::OpenVaultForStore(**store, dir_ / "openscs.key", "test");
    ASSERT_TRUE(vault) << vault.error().ToString();
    store::KeyRecord key;
    key.pid = std::string(kPid);
    key.pps = vault->Seal(kPps);
    key.provenance = "added";
    ASSERT_TRUE((*store)->AddKeys(std::vector<store::KeyRecord>{key}).ok());
  }
  // The "device": accepts the TLS connection and closes it at once.
  const int device = Listen("127.73.2.5");
  ASSERT_GE(device, 0);
  std::thread hang_up([device] {
    pollfd p{device, POLLIN, 0};
    if (poll(&p, 1, 10000) == 1) close(accept(device, nullptr, nullptr));
  });
  Start(2, PortOf(device));
  Send(device_, address_, port_, Bytes(kPskHello));
  ASSERT_TRUE(WaitForLine("openscs_provisioning_step_seconds_count{step=\"connect\"} 1")) << Scrape();
  hang_up.join();
  close(device);

  ASSERT_TRUE(WaitForLine("openscs_provisioning_seconds_count 1")) << Scrape();
  const std::string text = Scrape();
  EXPECT_TRUE(HasLine(text, "openscs_provisioning_step_seconds_bucket{step=\"connect\",le=\"+Inf\"} 1")) << text;
  // Whatever the TLS layer calls a hang-up, it is the one failure, by its code.
  std::smatch failed;
  ASSERT_TRUE(
      std::regex_search(text, failed, std::regex("\nopenscs_provisionings_failed_total\\{code=\"(\\w+)\"\\} 1\n")))
      << text;
  EXPECT_NE(failed[1], "pid_not_found");
  EXPECT_EQ(server_->stats().provisionings_failed, 1u);
}

}  // namespace
}  // namespace openscs::server
