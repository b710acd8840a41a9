#pragma once

// Decodes one captured frame down to its TCP segment: the link layer
// (Ethernet with one 802.1Q/802.1ad tag, Linux cooked SLL and SLL2, BSD
// loopback, raw IP), IPv4 (options; fragments are skipped) and IPv6
// (extension headers walked), then the TCP header. Pure: bytes in, a value
// out; the returned payload borrows from the frame.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace openscs::capture {

// The link types the decoder understands. The reader maps libpcap's DLT_
// values onto these; anything else is refused when the file is opened.
enum class LinkType { kEthernet, kLinuxSll, kLinuxSll2, kNull, kLoop, kRaw, kIpv4, kIpv6 };
const char* LinkTypeName(LinkType type);  // "Ethernet", "Linux cooked (SLL)", ...

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4: the first 4

  // "192.0.2.1", "2001:db8::1" (RFC 5952 text).
  std::string ToString() const;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

struct Endpoint {
  IpAddress address;
  uint16_t port = 0;

  // "192.0.2.1:9971", "[2001:db8::1]:9971".
  std::string ToString() const;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

namespace tcp_flags {
inline constexpr uint8_t kFin = 0x01;
inline constexpr uint8_t kSyn = 0x02;
inline constexpr uint8_t kRst = 0x04;
inline constexpr uint8_t kAck = 0x10;
}  // namespace tcp_flags

struct TcpSegment {
  Endpoint source;
  Endpoint destination;
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint8_t flags = 0;
  std::span<const std::byte> payload;  // what was captured of it
  // The payload is shorter on the wire than the IP header says: the capture's
  // snapshot length cut it (the stream then has a gap).
  bool payload_cut = false;
};

enum class FrameKind {
  kTcp,      // `segment` is valid
  kOther,    // well-formed, not TCP over IP (ARP, UDP, ICMP, ...)
  kSkipped,  // unusable: `skip_reason` says why (truncated header, fragment, ...)
};

struct DecodedFrame {
  FrameKind kind = FrameKind::kOther;
  TcpSegment segment;
  std::string skip_reason;  // kSkipped: a stable short phrase, used to count notes
};

DecodedFrame DecodeFrame(LinkType link_type, std::span<const std::byte> frame);

}  // namespace openscs::capture
