// The deadlines of a Connection against peers that stall: a listener whose
// accept queue is full (SYNs dropped: connect timeout) and one that accepts
// but never speaks TLS (handshake timeout). Loopback only, port 0.

#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include "amtclient/connection.h"
#include "tests/amtclient/sim_fleet.h"

namespace openscs::amtclient {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class TimeoutTest : public ::testing::Test {
 protected:
  // A listener on `address`, port 0, with the smallest accept queue.
  uint16_t Listen(const char* address) {
    const tcp::endpoint at(asio::ip::make_address(address), 0);
    acceptor_.open(at.protocol());
    acceptor_.bind(at);
    acceptor_.listen(0);
    return acceptor_.local_endpoint().port();
  }
  ConnectOptions Options(const char* address, uint16_t port) {
    ConnectOptions o;
    o.address = address;
    o.port = port;
    o.connect_timeout = std::chrono::milliseconds(300);
    o.handshake_timeout = std::chrono::milliseconds(300);
    o.trace = nullptr;
    return o;
  }

  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::vector<std::unique_ptr<tcp::socket>> fillers_;
};

TEST_F(TimeoutTest, FullAcceptQueueIsConnectTimeout) {
  const uint16_t port = Listen("127.62.129.5");
  // Never accepted: they fill the queue, and the kernel drops later SYNs.
  for (int i = 0; i < 4; ++i) {
    fillers_.push_back(std::make_unique<tcp::socket>(io_));
    fillers_.back()->async_connect(tcp::endpoint(asio::ip::make_address("127.62.129.5"), port),
                                   [](boost::system::error_code) {});
  }
  Connection c(Options("127.62.129.5", port));
  auto r = openscs::testing::RunClient(io_, [&]() -> asio::awaitable<Result<tls::HandshakeReport>> {
    auto result = co_await c.Connect();
    for (auto& s : fillers_) s->close();  // their connects would wait for the kernel's SYN retries
    co_return result;
  }());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kConnectTimeout) << r.error().ToString();
  EXPECT_NE(r.error().message.find("within 300 ms"), std::string::npos) << r.error().message;
}

TEST_F(TimeoutTest, SilentPeerIsTlsTimeout) {
  const uint16_t port = Listen("127.62.134.6");
  tcp::socket accepted(io_);
  acceptor_.async_accept(accepted, [](boost::system::error_code) {});
  auto tls = tls::ClientTlsContext::CreateOperational().value();
  ConnectOptions o = Options("127.62.134.6", port);
  o.tls = tls.get();
  Connection c(std::move(o));
  auto r = openscs::testing::RunClient(io_, c.Connect());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTlsTimeout) << r.error().ToString();
  EXPECT_FALSE(c.is_open());
}

}  // namespace
}  // namespace openscs::amtclient
