#include "capture/frame.h"

#include <arpa/inet.h>

#include <fmt/format.h>

namespace openscs::capture {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr size_t kEthernetHeader = 14;
constexpr size_t kVlanTag = 4;
constexpr size_t kSllHeader = 16;
constexpr size_t kSll2Header = 20;
constexpr size_t kNullHeader = 4;
constexpr size_t kIpv4MinHeader = 20;
constexpr size_t kIpv6Header = 40;
constexpr size_t kTcpMinHeader = 20;
constexpr uint8_t kProtoTcp = 6;

using Bytes = std::span<const std::byte>;

uint8_t U8(Bytes b, size_t at) { return static_cast<uint8_t>(b[at]); }
uint16_t U16Be(Bytes b, size_t at) { return static_cast<uint16_t>(U8(b, at) << 8 | U8(b, at + 1)); }
uint32_t U32Be(Bytes b, size_t at) {
  return static_cast<uint32_t>(U8(b, at)) << 24 | static_cast<uint32_t>(U8(b, at + 1)) << 16 |
         static_cast<uint32_t>(U8(b, at + 2)) << 8 | U8(b, at + 3);
}

DecodedFrame Skipped(std::string reason) {
  DecodedFrame out;
  out.kind = FrameKind::kSkipped;
  out.skip_reason = std::move(reason);
  return out;
}

DecodedFrame Other() { return DecodedFrame{}; }

// `claimed` is the TCP segment length the IP header gives; `bytes` what the
// capture holds of it.
DecodedFrame DecodeTcp(const IpAddress& src, const IpAddress& dst, Bytes bytes, size_t claimed) {
  if (bytes.size() < kTcpMinHeader) return Skipped("truncated TCP header");
  const size_t header = static_cast<size_t>(U8(bytes, 12) >> 4) * 4;
  if (header < kTcpMinHeader) return Skipped("bad TCP header length");
  if (bytes.size() < header) return Skipped("truncated TCP header");
  if (claimed < header) return Skipped("bad TCP header length");
  DecodedFrame out;
  out.kind = FrameKind::kTcp;
  TcpSegment& s = out.segment;
  s.source = {src, U16Be(bytes, 0)};
  s.destination = {dst, U16Be(bytes, 2)};
  s.seq = U32Be(bytes, 4);
  s.ack = U32Be(bytes, 8);
  s.flags = U8(bytes, 13);
  s.payload = bytes.subspan(header);
  s.payload_cut = bytes.size() < claimed;
  return out;
}

DecodedFrame DecodeIpv4(Bytes bytes) {
  if (bytes.size() < kIpv4MinHeader) return Skipped("truncated IPv4 header");
  const size_t header = static_cast<size_t>(U8(bytes, 0) & 0x0f) * 4;
  const size_t total = U16Be(bytes, 2);
  if (header < kIpv4MinHeader || total < header) return Skipped("bad IPv4 header length");
  if (bytes.size() < header) return Skipped("truncated IPv4 header");
  const uint16_t fragment = U16Be(bytes, 6);
  const bool more_fragments = (fragment & 0x2000) != 0;
  if (more_fragments || (fragment & 0x1fff) != 0) return Skipped("IPv4 fragment (not reassembled)");
  if (U8(bytes, 9) != kProtoTcp) return Other();
  IpAddress src, dst;
  for (size_t i = 0; i < 4; ++i) {
    src.bytes[i] = U8(bytes, 12 + i);
    dst.bytes[i] = U8(bytes, 16 + i);
  }
  // Ethernet pads short frames: the IP total length, not the frame, ends the segment.
  const size_t available = std::min(bytes.size(), total);
  return DecodeTcp(src, dst, bytes.subspan(header, available - header), total - header);
}

DecodedFrame DecodeIpv6(Bytes bytes) {
  if (bytes.size() < kIpv6Header) return Skipped("truncated IPv6 header");
  IpAddress src, dst;
  src.v6 = dst.v6 = true;
  for (size_t i = 0; i < 16; ++i) {
    src.bytes[i] = U8(bytes, 8 + i);
    dst.bytes[i] = U8(bytes, 24 + i);
  }
  const size_t payload_length = U16Be(bytes, 4);
  // A jumbogram (payload length 0, RFC 2675) runs to the end of the frame.
  const size_t end = payload_length == 0 ? bytes.size() : kIpv6Header + payload_length;
  uint8_t next = U8(bytes, 6);
  size_t at = kIpv6Header;
  for (int hops = 0; hops < 16; ++hops) {
    switch (next) {
      case kProtoTcp: {
        if (end < at) return Skipped("bad IPv6 extension header length");
        const size_t available = std::min(bytes.size(), end);
        if (available < at) return Skipped("truncated IPv6 extension header");
        return DecodeTcp(src, dst, bytes.subspan(at, available - at), end - at);
      }
      case 0:     // hop-by-hop options
      case 43:    // routing
      case 60:    // destination options
      case 135:   // mobility
      case 51: {  // authentication header: length in 4-byte units
        if (bytes.size() < at + 2) return Skipped("truncated IPv6 extension header");
        const size_t length =
            next == 51 ? (static_cast<size_t>(U8(bytes, at + 1)) + 2) * 4 : (static_cast<size_t>(U8(bytes, at + 1)) + 1) * 8;
        next = U8(bytes, at);
        at += length;
        break;
      }
      case 44: {  // fragment
        if (bytes.size() < at + 8) return Skipped("truncated IPv6 extension header");
        const uint16_t fragment = U16Be(bytes, at + 2);
        if ((fragment & 0xfff9) != 0) return Skipped("IPv6 fragment (not reassembled)");
        next = U8(bytes, at);  // an atomic fragment: the whole packet is here
        at += 8;
        break;
      }
      default:
        return Other();  // 59 (no next header), UDP, ICMPv6, ESP, ...
    }
  }
  return Skipped("too many IPv6 extension headers");
}

DecodedFrame DecodeIp(Bytes bytes) {
  if (bytes.empty()) return Skipped("truncated IP header");
  switch (U8(bytes, 0) >> 4) {
    case 4: return DecodeIpv4(bytes);
    case 6: return DecodeIpv6(bytes);
    default: return Skipped("not an IP packet (bad version)");
  }
}

DecodedFrame DecodeByEtherType(uint16_t type, Bytes bytes) {
  switch (type) {
    case kEtherIpv4: return DecodeIpv4(bytes);
    case kEtherIpv6: return DecodeIpv6(bytes);
    default: return Other();
  }
}

DecodedFrame DecodeEthernet(Bytes bytes) {
  if (bytes.size() < kEthernetHeader) return Skipped("truncated Ethernet header");
  size_t at = 12;
  uint16_t type = U16Be(bytes, at);
  // One outer tag (802.1ad or 802.1Q) and one inner 802.1Q tag at most.
  for (int tags = 0; tags < 2 && (type == kEtherVlan || type == kEtherQinQ); ++tags) {
    at += kVlanTag;
    if (bytes.size() < at + 2) return Skipped("truncated VLAN tag");
    type = U16Be(bytes, at);
  }
  return DecodeByEtherType(type, bytes.subspan(at + 2));
}

// BSD loopback: the address family in the capturing host's byte order
// (DLT_NULL) or big-endian (DLT_LOOP). AF_INET is 2 everywhere; AF_INET6 is
// 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS).
DecodedFrame DecodeNull(Bytes bytes) {
  if (bytes.size() < kNullHeader) return Skipped("truncated loopback header");
  const uint32_t be = U32Be(bytes, 0);
  const uint32_t le = static_cast<uint32_t>(U8(bytes, 0)) | static_cast<uint32_t>(U8(bytes, 1)) << 8 |
                      static_cast<uint32_t>(U8(bytes, 2)) << 16 | static_cast<uint32_t>(U8(bytes, 3)) << 24;
  for (uint32_t family : {be, le}) {
    if (family == 2) return DecodeIpv4(bytes.subspan(kNullHeader));
    if (family == 10 || family == 24 || family == 28 || family == 30) return DecodeIpv6(bytes.subspan(kNullHeader));
  }
  return Other();
}

}  // namespace

const char* LinkTypeName(LinkType type) {
  switch (type) {
    case LinkType::kEthernet: return "Ethernet";
    case LinkType::kLinuxSll: return "Linux cooked (SLL)";
    case LinkType::kLinuxSll2: return "Linux cooked v2 (SLL2)";
    case LinkType::kNull: return "BSD loopback (NULL)";
    case LinkType::kLoop: return "OpenBSD loopback (LOOP)";
    case LinkType::kRaw: return "raw IP";
    case LinkType::kIpv4: return "raw IPv4";
    case LinkType::kIpv6: return "raw IPv6";
  }
  return "unknown";
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
  return text;
}

std::string Endpoint::ToString() const {
  return address.v6 ? fmt::format("[{}]:{}", address.ToString(), port) : fmt::format("{}:{}", address.ToString(), port);
}

DecodedFrame DecodeFrame(LinkType link_type, std::span<const std::byte> frame) {
  switch (link_type) {
    case LinkType::kEthernet: return DecodeEthernet(frame);
    case LinkType::kLinuxSll:
      if (frame.size() < kSllHeader) return Skipped("truncated SLL header");
      return DecodeByEtherType(U16Be(frame, 14), frame.subspan(kSllHeader));
    case LinkType::kLinuxSll2:
      if (frame.size() < kSll2Header) return Skipped("truncated SLL2 header");
      return DecodeByEtherType(U16Be(frame, 0), frame.subspan(kSll2Header));
    case LinkType::kNull:
    case LinkType::kLoop: return DecodeNull(frame);
    case LinkType::kRaw: return DecodeIp(frame);
    case LinkType::kIpv4: return DecodeIpv4(frame);
    case LinkType::kIpv6: return DecodeIpv6(frame);
  }
  return Other();
}

}  // namespace openscs::capture
