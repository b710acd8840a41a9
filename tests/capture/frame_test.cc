#include "capture/frame.h"

#include <gtest/gtest.h>

#include "tests/support/capture_writer.h"

namespace openscs::capture {
namespace {

using openscs::testing::Frame;
using openscs::testing::TcpOptions;
using openscs::testing::TcpPacket;
using openscs::testing::TestLink;

std::vector<std::byte> Payload(std::string_view s) { return openscs::testing::capture_bytes::FromString(s); }

TEST(DecodeFrame, EthernetIpv4) {
  const auto payload = Payload("hi");
  const auto frame = Frame(TestLink::kEthernet, TcpPacket("10.0.0.5", 40000, "10.0.0.1", 9971, 7, 9, 0x18, payload));
  ASSERT_EQ(frame.size(), 60u);  // padded to the Ethernet minimum
  const DecodedFrame d = DecodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.kind, FrameKind::kTcp) << d.skip_reason;
  EXPECT_EQ(d.segment.source.ToString(), "10.0.0.5:40000");
  EXPECT_EQ(d.segment.destination.ToString(), "10.0.0.1:9971");
  EXPECT_EQ(d.segment.seq, 7u);
  EXPECT_EQ(d.segment.ack, 9u);
  EXPECT_EQ(d.segment.flags, 0x18);
  EXPECT_EQ(d.segment.payload.size(), 2u) << "the Ethernet padding is not payload";
  EXPECT_FALSE(d.segment.payload_cut);
}

TEST(DecodeFrame, VlanTaggedEthernet) {
  const auto frame = Frame(TestLink::kEthernetVlan, TcpPacket("10.0.0.5", 1, "10.0.0.1", 2, 0, 0, 0x02, {}));
  const DecodedFrame d = DecodeFrame(LinkType::kEthernet, frame);
  ASSERT_EQ(d.kind, FrameKind::kTcp) << d.skip_reason;
  EXPECT_EQ(d.segment.destination.port, 2);
}

TEST(DecodeFrame, CookedSllAndSll2) {
  const auto ip = TcpPacket("192.0.2.7", 16994, "192.0.2.1", 9971, 1, 0, 0x02, {});
  EXPECT_EQ(DecodeFrame(LinkType::kLinuxSll, Frame(TestLink::kSll, ip)).kind, FrameKind::kTcp);
  EXPECT_EQ(DecodeFrame(LinkType::kLinuxSll2, Frame(TestLink::kSll2, ip)).kind, FrameKind::kTcp);
  EXPECT_EQ(DecodeFrame(LinkType::kRaw, ip).segment.source.ToString(), "192.0.2.7:16994");
  EXPECT_EQ(DecodeFrame(LinkType::kIpv4, ip).kind, FrameKind::kTcp);
}

TEST(DecodeFrame, BsdLoopbackEitherByteOrder) {
  const auto ip = TcpPacket("127.0.0.1", 5, "127.0.0.1", 9971, 1, 0, 0x02, {});
  EXPECT_EQ(DecodeFrame(LinkType::kNull, Frame(TestLink::kNull, ip)).kind, FrameKind::kTcp);
  std::vector<std::byte> loop = {std::byte{0}, std::byte{0}, std::byte{0}, std::byte{2}};  // DLT_LOOP: big-endian
  loop.insert(loop.end(), ip.begin(), ip.end());
  EXPECT_EQ(DecodeFrame(LinkType::kLoop, loop).kind, FrameKind::kTcp);
  const auto ip6 = TcpPacket("::1", 5, "::1", 9971, 1, 0, 0x02, {});
  EXPECT_EQ(DecodeFrame(LinkType::kNull, Frame(TestLink::kNull, ip6)).segment.source.ToString(), "[::1]:5");
}

TEST(DecodeFrame, Ipv4WithOptions) {
  TcpOptions options;
  options.ipv4_options = std::vector<std::byte>(8, std::byte{1});  // NOPs
  const auto payload = Payload("abc");
  const DecodedFrame d =
      DecodeFrame(LinkType::kRaw, TcpPacket("10.0.0.5", 1, "10.0.0.1", 2, 0, 0, 0x18, payload, options));
  ASSERT_EQ(d.kind, FrameKind::kTcp) << d.skip_reason;
  EXPECT_EQ(d.segment.payload.size(), 3u);
}

TEST(DecodeFrame, Ipv6WalksExtensionHeaders) {
  TcpOptions options;
  options.ipv6_extension_headers = true;
  const auto payload = Payload("abcd");
  const DecodedFrame d =
      DecodeFrame(LinkType::kEthernet,
                  Frame(TestLink::kEthernet, TcpPacket("2001:db8::5", 40000, "2001:db8::1", 9971, 0, 0, 0x18, payload, options)));
  ASSERT_EQ(d.kind, FrameKind::kTcp) << d.skip_reason;
  EXPECT_EQ(d.segment.source.ToString(), "[2001:db8::5]:40000");
  EXPECT_EQ(d.segment.payload.size(), 4u);
}

TEST(DecodeFrame, Ipv4FragmentIsSkippedWithReason) {
  auto ip = TcpPacket("10.0.0.5", 1, "10.0.0.1", 2, 0, 0, 0x18, Payload("x"));
  ip[6] = std::byte{0x20};  // more fragments
  const DecodedFrame d = DecodeFrame(LinkType::kRaw, ip);
  EXPECT_EQ(d.kind, FrameKind::kSkipped);
  EXPECT_EQ(d.skip_reason, "IPv4 fragment (not reassembled)");
}

TEST(DecodeFrame, TruncatedAndGarbageAreSkippedNotCrashed) {
  const auto ip = TcpPacket("10.0.0.5", 1, "10.0.0.1", 2, 0, 0, 0x18, Payload("xyz"));
  for (size_t cut = 0; cut < 40; ++cut) {
    const std::span<const std::byte> part(ip.data(), cut);
    const DecodedFrame d = DecodeFrame(LinkType::kRaw, part);
    EXPECT_EQ(d.kind, FrameKind::kSkipped) << "cut at " << cut;
    EXPECT_FALSE(d.skip_reason.empty());
  }
  // Cut inside the payload: the header is whole, the payload is marked cut.
  const DecodedFrame cut = DecodeFrame(LinkType::kRaw, std::span<const std::byte>(ip.data(), 41));
  ASSERT_EQ(cut.kind, FrameKind::kTcp);
  EXPECT_TRUE(cut.segment.payload_cut);
  EXPECT_EQ(DecodeFrame(LinkType::kEthernet, std::vector<std::byte>(5)).skip_reason, "truncated Ethernet header");
  EXPECT_EQ(DecodeFrame(LinkType::kRaw, std::vector<std::byte>(30, std::byte{0x77})).kind, FrameKind::kSkipped);
}

TEST(DecodeFrame, NonTcpIsOther) {
  auto ip = TcpPacket("10.0.0.5", 1, "10.0.0.1", 2, 0, 0, 0x18, {});
  ip[9] = std::byte{17};  // UDP
  EXPECT_EQ(DecodeFrame(LinkType::kRaw, ip).kind, FrameKind::kOther);
  std::vector<std::byte> arp(42);
  arp[12] = std::byte{0x08};
  arp[13] = std::byte{0x06};
  EXPECT_EQ(DecodeFrame(LinkType::kEthernet, arp).kind, FrameKind::kOther);
}

}  // namespace
}  // namespace openscs::capture
