#pragma once

// Builds synthetic packet captures for tests: IPv4/IPv6 TCP segments on
// Ethernet (optionally VLAN-tagged), Linux cooked SLL/SLL2, BSD loopback or
// raw IP, written as pcap (through libpcap's own writer) or as pcapng (by
// hand: SHB, IDB, EPB). TcpConnection keeps both sides' sequence numbers so
// a test reads like the conversation it builds. Times start at a fixed epoch
// and advance 10 ms per packet: no wall time.

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace openscs::testing {

enum class TestLink { kEthernet, kEthernetVlan, kSll, kSll2, kNull, kRaw };

namespace capture_bytes {

inline void Put8(std::vector<std::byte>& out, uint32_t v) { out.push_back(static_cast<std::byte>(v & 0xff)); }
inline void Put16(std::vector<std::byte>& out, uint32_t v) {
  Put8(out, v >> 8);
  Put8(out, v);
}
inline void Put32(std::vector<std::byte>& out, uint32_t v) {
  Put16(out, v >> 16);
  Put16(out, v);
}
inline void Put32Le(std::vector<std::byte>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) Put8(out, v >> (8 * i));
}
inline void Put16Le(std::vector<std::byte>& out, uint32_t v) {
  Put8(out, v);
  Put8(out, v >> 8);
}
inline void Append(std::vector<std::byte>& out, std::span<const std::byte> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
inline std::vector<std::byte> FromString(std::string_view s) {
  std::vector<std::byte> out;
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

// 4 or 16 address bytes; IPv6 when the text has a ':'.
inline std::vector<std::byte> ParseAddress(const std::string& text) {
  const bool v6 = text.find(':') != std::string::npos;
  unsigned char raw[16] = {};
  if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), raw) != 1) throw std::invalid_argument("bad address " + text);
  std::vector<std::byte> out;
  for (int i = 0; i < (v6 ? 16 : 4); ++i) out.push_back(static_cast<std::byte>(raw[i]));
  return out;
}

}  // namespace capture_bytes

struct TcpOptions {
  std::vector<std::byte> ipv4_options;  // multiple of 4 bytes
  bool ipv6_extension_headers = false;  // hop-by-hop + destination options before TCP
};

// An IPv4 or IPv6 packet carrying one TCP segment.
inline std::vector<std::byte> TcpPacket(const std::string& src, uint16_t sport, const std::string& dst, uint16_t dport,
                                        uint32_t seq, uint32_t ack, uint8_t flags, std::span<const std::byte> payload,
                                        const TcpOptions& options = {}) {
  using namespace capture_bytes;
  std::vector<std::byte> tcp;
  Put16(tcp, sport);
  Put16(tcp, dport);
  Put32(tcp, seq);
  Put32(tcp, ack);
  Put8(tcp, 5 << 4);
  Put8(tcp, flags);
  Put16(tcp, 65535);  // window
  Put16(tcp, 0);      // checksum (not checked)
  Put16(tcp, 0);
  Append(tcp, payload);
  const auto s = ParseAddress(src);
  const auto d = ParseAddress(dst);
  std::vector<std::byte> ip;
  if (s.size() == 4) {
    const size_t header = 20 + options.ipv4_options.size();
    Put8(ip, 0x40 | static_cast<uint32_t>(header / 4));
    Put8(ip, 0);
    Put16(ip, static_cast<uint32_t>(header + tcp.size()));
    Put16(ip, 1);       // id
    Put16(ip, 0x4000);  // don't fragment
    Put8(ip, 64);
    Put8(ip, 6);
    Put16(ip, 0);
    Append(ip, s);
    Append(ip, d);
    Append(ip, options.ipv4_options);
    uint32_t sum = 0;
    for (size_t i = 0; i < header; i += 2) sum += static_cast<uint32_t>(ip[i]) << 8 | static_cast<uint32_t>(ip[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = static_cast<std::byte>((~sum >> 8) & 0xff);
    ip[11] = static_cast<std::byte>(~sum & 0xff);
  } else {
    std::vector<std::byte> ext;
    uint32_t next = 6;
    if (options.ipv6_extension_headers) {
      next = 0;  // hop-by-hop -> destination options (16 bytes) -> TCP
      Put8(ext, 60);
      Put8(ext, 0);
      for (int i = 0; i < 6; ++i) Put8(ext, i == 0 ? 1 : 0);  // PadN
      Put8(ext, 6);
      Put8(ext, 1);
      for (int i = 0; i < 14; ++i) Put8(ext, i == 0 ? 1 : 0);
    }
    Put32(ip, 0x60000000);
    Put16(ip, static_cast<uint32_t>(ext.size() + tcp.size()));
    Put8(ip, next);
    Put8(ip, 64);
    Append(ip, s);
    Append(ip, d);
    Append(ip, ext);
  }
  Append(ip, tcp);
  return ip;
}

inline int LinkDlt(TestLink link) {
  switch (link) {
    case TestLink::kEthernet:
    case TestLink::kEthernetVlan: return DLT_EN10MB;
    case TestLink::kSll: return DLT_LINUX_SLL;
    case TestLink::kSll2: return DLT_LINUX_SLL2;
    case TestLink::kNull: return DLT_NULL;
    case TestLink::kRaw: return DLT_RAW;
  }
  return DLT_EN10MB;
}

// The link-layer frame around an IP packet.
inline std::vector<std::byte> Frame(TestLink link, std::span<const std::byte> ip) {
  using namespace capture_bytes;
  const bool v6 = !ip.empty() && (static_cast<uint8_t>(ip[0]) >> 4) == 6;
  const uint32_t ethertype = v6 ? 0x86dd : 0x0800;
  std::vector<std::byte> out;
  switch (link) {
    case TestLink::kEthernet:
    case TestLink::kEthernetVlan:
      for (int i = 0; i < 6; ++i) Put8(out, 0x02);
      for (int i = 0; i < 6; ++i) Put8(out, 0x04);
      if (link == TestLink::kEthernetVlan) {
        Put16(out, 0x8100);
        Put16(out, 42);  // VLAN 42
      }
      Put16(out, ethertype);
      break;
    case TestLink::kSll:
      Put16(out, 0);  // to us
      Put16(out, 1);  // ARPHRD_ETHER
      Put16(out, 6);
      for (int i = 0; i < 8; ++i) Put8(out, i < 6 ? 0x04 : 0);
      Put16(out, ethertype);
      break;
    case TestLink::kSll2:
      Put16(out, ethertype);
      Put16(out, 0);
      Put32(out, 1);  // ifindex
      Put16(out, 1);
      Put8(out, 0);
      Put8(out, 6);
      for (int i = 0; i < 8; ++i) Put8(out, i < 6 ? 0x04 : 0);
      break;
    case TestLink::kNull: Put32Le(out, v6 ? 30 : 2); break;
    case TestLink::kRaw: break;
  }
  Append(out, ip);
  if (link == TestLink::kEthernet || link == TestLink::kEthernetVlan) {
    while (out.size() < 60) Put8(out, 0);  // Ethernet minimum frame: padding after IP
  }
  return out;
}

struct CapturedFrame {
  uint64_t time_ns = 0;
  std::vector<std::byte> bytes;
  uint32_t wire_length = 0;  // 0: bytes.size()
};

class CaptureBuilder {
 public:
  static constexpr uint64_t kStartNs = 1'767'225'600'000'000'000;  // 2026-01-01T00:00:00Z

  explicit CaptureBuilder(TestLink link = TestLink::kEthernet) : link_(link) {}

  TestLink link() const { return link_; }
  const std::vector<CapturedFrame>& frames() const { return frames_; }
  size_t packet_count() const { return frames_.size(); }

  // Adds an IP packet framed for this link; returns its packet number (1-based).
  uint64_t AddIp(std::span<const std::byte> ip) { return AddFrame(Frame(link_, ip)); }
  uint64_t AddFrame(std::vector<std::byte> frame, uint32_t wire_length = 0) {
    frames_.push_back({now_ns_, std::move(frame), wire_length});
    now_ns_ += 10'000'000;
    return frames_.size();
  }
  void Advance(double seconds) { now_ns_ += static_cast<uint64_t>(seconds * 1e9); }

  // pcap written by libpcap (microsecond timestamps).
  std::vector<std::byte> Pcap() const {
    pcap_t* dead = pcap_open_dead(LinkDlt(link_), 65535);
    char* buffer = nullptr;
    size_t size = 0;
    FILE* memory = open_memstream(&buffer, &size);
    pcap_dumper_t* dumper = pcap_dump_fopen(dead, memory);
    for (const CapturedFrame& f : frames_) {
      pcap_pkthdr header{};
      header.ts.tv_sec = static_cast<time_t>(f.time_ns / 1'000'000'000);
      header.ts.tv_usec = static_cast<suseconds_t>(f.time_ns % 1'000'000'000 / 1000);
      header.caplen = static_cast<uint32_t>(f.bytes.size());
      header.len = f.wire_length != 0 ? f.wire_length : header.caplen;
      pcap_dump(reinterpret_cast<u_char*>(dumper), &header, reinterpret_cast<const u_char*>(f.bytes.data()));
    }
    pcap_dump_close(dumper);  // closes `memory`, which fills buffer/size
    pcap_close(dead);
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buffer), reinterpret_cast<std::byte*>(buffer) + size);
    std::free(buffer);
    return out;
  }

  // pcapng by hand, little-endian: one SHB, one IDB (if_tsresol 10^-9), an
  // EPB per frame.
  std::vector<std::byte> Pcapng() const {
    using namespace capture_bytes;
    std::vector<std::byte> out;
    auto block = [&out](uint32_t type, const std::vector<std::byte>& body) {
      const auto total = static_cast<uint32_t>(12 + body.size());
      Put32Le(out, type);
      Put32Le(out, total);
      Append(out, body);
      Put32Le(out, total);
    };
    std::vector<std::byte> shb;
    Put32Le(shb, 0x1a2b3c4d);
    Put16Le(shb, 1);
    Put16Le(shb, 0);
    Put32Le(shb, 0xffffffff);  // section length unknown
    Put32Le(shb, 0xffffffff);
    block(0x0a0d0d0a, shb);
    std::vector<std::byte> idb;
    Put16Le(idb, static_cast<uint32_t>(LinkTypeOf(link_)));
    Put16Le(idb, 0);
    Put32Le(idb, 65535);
    Put16Le(idb, 9);  // if_tsresol
    Put16Le(idb, 1);
    Put8(idb, 9);  // nanoseconds
    Put8(idb, 0);
    Put8(idb, 0);
    Put8(idb, 0);
    Put16Le(idb, 0);  // opt_endofopt
    Put16Le(idb, 0);
    block(1, idb);
    for (const CapturedFrame& f : frames_) {
      std::vector<std::byte> epb;
      Put32Le(epb, 0);
      Put32Le(epb, static_cast<uint32_t>(f.time_ns >> 32));
      Put32Le(epb, static_cast<uint32_t>(f.time_ns & 0xffffffff));
      Put32Le(epb, static_cast<uint32_t>(f.bytes.size()));
      Put32Le(epb, f.wire_length != 0 ? f.wire_length : static_cast<uint32_t>(f.bytes.size()));
      Append(epb, f.bytes);
      while (epb.size() % 4 != 0) Put8(epb, 0);
      block(6, epb);
    }
    return out;
  }

  // LINKTYPE_ values as files carry them (DLT_RAW is LINKTYPE_RAW 101).
  static int LinkTypeOf(TestLink link) { return link == TestLink::kRaw ? 101 : LinkDlt(link); }

 private:
  TestLink link_;
  uint64_t now_ns_ = kStartNs;
  std::vector<CapturedFrame> frames_;
};

namespace tcp {
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

// One TCP connection's packets, keeping both sides' next sequence numbers.
// Client/Server*() add a packet and return its number.
class TcpConnection {
 public:
  TcpConnection(CaptureBuilder& capture, std::string client, uint16_t client_port, std::string server,
                uint16_t server_port, uint32_t client_isn = 1000, uint32_t server_isn = 500000)
      : capture_(capture),
        client_(std::move(client)),
        server_(std::move(server)),
        client_port_(client_port),
        server_port_(server_port),
        client_isn_(client_isn),
        server_isn_(server_isn),
        client_next_(client_isn + 1),
        server_next_(server_isn + 1) {}

  TcpOptions options;

  uint64_t Syn() { return ClientRaw(client_isn_, 0, tcp::kSyn, {}); }
  uint64_t SynAck() { return ServerRaw(server_isn_, client_isn_ + 1, tcp::kSyn | tcp::kAck, {}); }
  uint64_t Ack() { return ClientRaw(client_next_, server_next_, tcp::kAck, {}); }
  uint64_t ServerRst() { return ServerRaw(0, client_isn_ + 1, tcp::kRst | tcp::kAck, {}); }
  void Handshake() {
    Syn();
    SynAck();
    Ack();
  }
  // Sends bytes in order, advancing the sender's sequence number.
  uint64_t ClientSends(std::span<const std::byte> bytes) {
    const uint64_t n = ClientRaw(client_next_, server_next_, tcp::kAck | tcp::kPsh, bytes);
    client_next_ += static_cast<uint32_t>(bytes.size());
    return n;
  }
  uint64_t ServerSends(std::span<const std::byte> bytes) {
    const uint64_t n = ServerRaw(server_next_, client_next_, tcp::kAck | tcp::kPsh, bytes);
    server_next_ += static_cast<uint32_t>(bytes.size());
    return n;
  }
  // Bytes at an explicit offset of the client's stream (0 = first data
  // byte), without moving the sequence number: out of order, retransmissions.
  uint64_t ClientAt(uint32_t offset, std::span<const std::byte> bytes) {
    return ClientRaw(client_isn_ + 1 + offset, server_next_, tcp::kAck | tcp::kPsh, bytes);
  }
  void SetClientNext(uint32_t offset) { client_next_ = client_isn_ + 1 + offset; }
  uint64_t ClientFin() {
    const uint64_t n = ClientRaw(client_next_, server_next_, tcp::kFin | tcp::kAck, {});
    ++client_next_;
    return n;
  }
  uint64_t ServerFin() {
    const uint64_t n = ServerRaw(server_next_, client_next_, tcp::kFin | tcp::kAck, {});
    ++server_next_;
    return n;
  }
  uint64_t DeviceRst() { return ServerRaw(server_next_, client_next_, tcp::kRst | tcp::kAck, {}); }
  // Closes both ways: FIN, FIN, ACK.
  void Close() {
    ClientFin();
    ServerFin();
    ClientRaw(client_next_, server_next_, tcp::kAck, {});
  }

  uint64_t ClientRaw(uint32_t seq, uint32_t ack, uint8_t flags, std::span<const std::byte> bytes) {
    return capture_.AddIp(TcpPacket(client_, client_port_, server_, server_port_, seq, ack, flags, bytes, options));
  }
  uint64_t ServerRaw(uint32_t seq, uint32_t ack, uint8_t flags, std::span<const std::byte> bytes) {
    return capture_.AddIp(TcpPacket(server_, server_port_, client_, client_port_, seq, ack, flags, bytes, options));
  }

 private:
  CaptureBuilder& capture_;
  std::string client_;
  std::string server_;
  uint16_t client_port_;
  uint16_t server_port_;
  uint32_t client_isn_;
  uint32_t server_isn_;
  uint32_t client_next_;
  uint32_t server_next_;
};

// TLS records and handshake messages (plaintext framing only; "encrypted"
// records carry filler).
namespace tls_bytes {

inline std::vector<std::byte> Record(uint8_t type, std::span<const std::byte> fragment, uint16_t version = 0x0303) {
  using namespace capture_bytes;
  std::vector<std::byte> out;
  Put8(out, type);
  Put16(out, version);
  Put16(out, static_cast<uint32_t>(fragment.size()));
  Append(out, fragment);
  return out;
}
inline std::vector<std::byte> Handshake(uint8_t type, std::span<const std::byte> body) {
  using namespace capture_bytes;
  std::vector<std::byte> out;
  Put8(out, type);
  Put8(out, static_cast<uint32_t>(body.size() >> 16));
  Put16(out, static_cast<uint32_t>(body.size()));
  Append(out, body);
  return out;
}
inline std::vector<std::byte> HandshakeRecord(std::initializer_list<std::vector<std::byte>> messages) {
  std::vector<std::byte> fragment;
  for (const auto& m : messages) capture_bytes::Append(fragment, m);
  return Record(22, fragment);
}
inline std::vector<std::byte> ClientHello(std::initializer_list<uint16_t> suites) {
  using namespace capture_bytes;
  std::vector<std::byte> body;
  Put16(body, 0x0303);
  for (int i = 0; i < 32; ++i) Put8(body, static_cast<uint32_t>(i));
  Put8(body, 0);
  Put16(body, static_cast<uint32_t>(suites.size() * 2));
  for (uint16_t s : suites) Put16(body, s);
  Put8(body, 1);
  Put8(body, 0);
  return Handshake(1, body);
}
inline std::vector<std::byte> ServerHello(uint16_t suite, uint16_t version = 0x0303, bool supported_versions = false) {
  using namespace capture_bytes;
  std::vector<std::byte> body;
  Put16(body, supported_versions ? 0x0303 : version);
  for (int i = 0; i < 32; ++i) Put8(body, static_cast<uint32_t>(0x80 + i));
  Put8(body, 0);
  Put16(body, suite);
  Put8(body, 0);
  if (supported_versions) {
    Put16(body, 6);
    Put16(body, 43);
    Put16(body, 2);
    Put16(body, version);
  }
  return Handshake(2, body);
}
inline std::vector<std::byte> Message(uint8_t type, size_t filler = 0) {
  return Handshake(type, std::vector<std::byte>(filler, std::byte{0x30}));
}
inline std::vector<std::byte> PskClientKeyExchange(std::string_view identity) {
  using namespace capture_bytes;
  std::vector<std::byte> body;
  Put16(body, static_cast<uint32_t>(identity.size()));
  Append(body, FromString(identity));
  return Handshake(16, body);
}
inline std::vector<std::byte> ChangeCipherSpec() { return Record(20, std::vector<std::byte>{std::byte{1}}); }
inline std::vector<std::byte> EncryptedFinished() { return Record(22, std::vector<std::byte>(48, std::byte{0xab})); }
inline std::vector<std::byte> Alert(uint8_t level, uint8_t description) {
  return Record(21, std::vector<std::byte>{static_cast<std::byte>(level), static_cast<std::byte>(description)});
}
inline std::vector<std::byte> ApplicationData(size_t size) { return Record(23, std::vector<std::byte>(size, std::byte{0x5a})); }
inline std::vector<std::byte> Concat(std::initializer_list<std::vector<std::byte>> parts) {
  std::vector<std::byte> out;
  for (const auto& p : parts) capture_bytes::Append(out, p);
  return out;
}

}  // namespace tls_bytes

}  // namespace openscs::testing
