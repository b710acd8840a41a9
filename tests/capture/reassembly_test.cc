#include "capture/reassembly.h"

#include <gtest/gtest.h>

#include "tests/support/capture_writer.h"

namespace openscs::capture {
namespace {

using openscs::testing::TcpPacket;
namespace tcp = openscs::testing::tcp;

std::string Text(const std::vector<std::byte>& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

class ReassemblyTest : public ::testing::Test {
 protected:
  ReassemblyTest() : reassembler_(Options()) {}
  static ReassemblyOptions Options() {
    ReassemblyOptions o;
    o.server_ports = {9971, 16993};
    o.max_bytes_per_direction = 64;
    return o;
  }
  // Client 10.0.0.5:40000 -> server 10.0.0.1:9971.
  void Client(uint32_t seq, uint8_t flags, std::string_view payload = "") { Add(true, seq, flags, payload); }
  void Server(uint32_t seq, uint8_t flags, std::string_view payload = "") { Add(false, seq, flags, payload); }
  void Add(bool from_client, uint32_t seq, uint8_t flags, std::string_view payload) {
    const auto bytes = openscs::testing::capture_bytes::FromString(payload);
    const auto ip = from_client ? TcpPacket("10.0.0.5", 40000, "10.0.0.1", port_, seq, 0, flags, bytes)
                                : TcpPacket("10.0.0.1", port_, "10.0.0.5", 40000, seq, 0, flags, bytes);
    const DecodedFrame d = DecodeFrame(LinkType::kRaw, ip);
    ASSERT_EQ(d.kind, FrameKind::kTcp);
    ++packet_;
    reassembler_.Add(d.segment, packet_, static_cast<double>(packet_));
  }
  std::vector<Flow> Finish() { return reassembler_.Finish(notes_); }

  uint16_t port_ = 9971;
  Reassembler reassembler_;
  Notes notes_;
  uint64_t packet_ = 0;
};

TEST_F(ReassemblyTest, OutOfOrderSegmentsAreReordered) {
  Client(100, tcp::kSyn);
  Server(900, tcp::kSyn | tcp::kAck);
  Client(107, tcp::kAck, "world");  // ahead of a hole
  Client(101, tcp::kAck, "hello ");
  Client(112, tcp::kFin | tcp::kAck);
  auto flows = Finish();
  ASSERT_EQ(flows.size(), 1u);
  const Flow& f = flows[0];
  EXPECT_EQ(f.client.ToString(), "10.0.0.5:40000");
  EXPECT_EQ(f.handshake(), Handshake::kCompleted);
  EXPECT_EQ(Text(f.to_server.bytes), "hello world");
  EXPECT_EQ(f.to_server.out_of_order, 1u);
  EXPECT_FALSE(f.to_server.gap);
  EXPECT_EQ(f.to_server.fin_packet, 5u);
  // The origin of each byte is the packet that brought it.
  EXPECT_EQ(f.to_server.OriginOf(0)->packet, 4u);
  EXPECT_EQ(f.to_server.OriginOf(6)->packet, 3u);
}

TEST_F(ReassemblyTest, RetransmissionsDuplicateAndOverlappingAreDropped) {
  Client(100, tcp::kSyn);
  Server(900, tcp::kSyn | tcp::kAck);
  Client(101, tcp::kAck, "abcd");
  Client(101, tcp::kAck, "abcd");    // duplicate
  Client(103, tcp::kAck, "cdefgh");  // overlaps "cd"
  Client(105, tcp::kAck, "ef");      // inside what we have
  auto flows = Finish();
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(Text(flows[0].to_server.bytes), "abcdefgh");
  EXPECT_EQ(flows[0].to_server.retransmissions, 3u);
}

TEST_F(ReassemblyTest, OverlappingOutOfOrderSegmentsMerge) {
  Client(100, tcp::kSyn);
  Client(105, tcp::kAck, "efgh");
  Client(103, tcp::kAck, "cdef");
  Client(101, tcp::kAck, "ab");
  auto flows = Finish();
  EXPECT_EQ(Text(flows[0].to_server.bytes), "abcdefgh");
}

TEST_F(ReassemblyTest, SequenceNumbersWrapAround) {
  Client(0xfffffffc, tcp::kSyn);  // data starts at 0xfffffffd
  Server(900, tcp::kSyn | tcp::kAck);
  Client(0x00000001, tcp::kAck, "efg");  // after the wrap, out of order
  Client(0xfffffffd, tcp::kAck, "abcd");
  auto flows = Finish();
  EXPECT_EQ(Text(flows[0].to_server.bytes), "abcdefg");
  EXPECT_FALSE(flows[0].to_server.gap);
}

TEST_F(ReassemblyTest, RefusedAndUnansweredSyns) {
  Client(100, tcp::kSyn);
  Server(0, tcp::kRst | tcp::kAck);
  port_ = 16993;
  Client(200, tcp::kSyn);
  Client(200, tcp::kSyn);  // retransmitted SYN
  auto flows = Finish();
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(flows[0].handshake(), Handshake::kRefused);
  EXPECT_EQ(flows[0].to_client.rst_packet, 2u);
  EXPECT_EQ(flows[1].handshake(), Handshake::kNoAnswer);
  EXPECT_EQ(flows[1].syn_count, 2u);
}

TEST_F(ReassemblyTest, NewSynOnAClosedFourTupleIsANewConnection) {
  Client(100, tcp::kSyn);
  Server(900, tcp::kSyn | tcp::kAck);
  Client(101, tcp::kAck, "one");
  Client(104, tcp::kFin | tcp::kAck);
  Client(5000, tcp::kSyn);  // same ports, new ISN
  Server(7000, tcp::kSyn | tcp::kAck);
  Client(5001, tcp::kAck, "two");
  auto flows = Finish();
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(Text(flows[0].to_server.bytes), "one");
  EXPECT_EQ(Text(flows[1].to_server.bytes), "two");
}

TEST_F(ReassemblyTest, MidStreamFlowPicksTheServerByPort) {
  Server(900, tcp::kAck, "from server");
  Client(100, tcp::kAck, "from client");
  auto flows = Finish();
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0].server.port, 9971);
  EXPECT_EQ(flows[0].handshake(), Handshake::kNotSeen);
  EXPECT_EQ(Text(flows[0].to_server.bytes), "from client");
}

TEST_F(ReassemblyTest, HoleLeftAtTheEndIsAGap) {
  Client(100, tcp::kSyn);
  Client(101, tcp::kAck, "ab");
  Client(110, tcp::kAck, "zz");  // bytes 2..8 never captured
  auto flows = Finish();
  EXPECT_TRUE(flows[0].to_server.gap);
  EXPECT_EQ(flows[0].to_server.gap_offset, 2u);
  EXPECT_EQ(flows[0].to_server.length, 11u);
  ASSERT_FALSE(notes_.list().empty());
  EXPECT_EQ(notes_.list()[0].text, "TCP stream with bytes missing from the capture");
}

TEST_F(ReassemblyTest, MemoryCapKeepsCountingWithANote) {
  Client(100, tcp::kSyn);
  const std::string chunk(40, 'x');
  Client(101, tcp::kAck, chunk);
  Client(141, tcp::kAck, chunk);  // over the 64-byte cap
  Client(181, tcp::kAck, chunk);
  auto flows = Finish();
  EXPECT_EQ(flows[0].to_server.bytes.size(), 64u);
  EXPECT_TRUE(flows[0].to_server.capped);
  EXPECT_EQ(flows[0].to_server.length, 120u);
  ASSERT_EQ(notes_.list().size(), 1u);
  EXPECT_EQ(notes_.list()[0].text, "TCP stream over 64 bytes: the rest is counted, not analysed");
}

TEST_F(ReassemblyTest, OtherPortsKeepNoBytes) {
  port_ = 80;
  Client(100, tcp::kSyn);
  Client(101, tcp::kAck, "GET /");
  auto flows = Finish();
  EXPECT_FALSE(flows[0].bytes_kept);
  EXPECT_TRUE(flows[0].to_server.bytes.empty());
  EXPECT_EQ(flows[0].to_server.length, 5u);
}

}  // namespace
}  // namespace openscs::capture
