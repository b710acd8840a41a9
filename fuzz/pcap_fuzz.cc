// Fuzzes capture analysis: the libpcap reader, frame decoding, TCP
// reassembly, hello extraction and the TLS/conversation reading. Two passes
// per input:
//  - the bytes as a capture file (pcap or pcapng, as libpcap reads them);
//  - the bytes as frames: byte 0 picks a link type, then each frame is a
//    2-byte big-endian length and that many bytes, wrapped here into a pcap
//    file so the decoders see far more than file headers.
// Properties checked beyond "no crash": the packet counts add up, every
// decoded hello has a UUID and every device an address and evidence text.

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <span>
#include <vector>

#include "capture/analysis.h"

namespace {

void Put32Le(std::vector<std::byte>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

// LINKTYPE_ values: Ethernet, SLL, SLL2, NULL, LOOP, RAW, IPV4, IPV6.
constexpr uint32_t kLinkTypes[] = {1, 113, 276, 0, 108, 101, 228, 229};

std::vector<std::byte> WrapFrames(std::span<const std::byte> in) {
  std::vector<std::byte> out;
  Put32Le(out, 0xa1b2c3d4);
  Put32Le(out, 0x00040002);  // version 2.4
  Put32Le(out, 0);
  Put32Le(out, 0);
  Put32Le(out, 65535);
  Put32Le(out, kLinkTypes[static_cast<uint8_t>(in[0]) % std::size(kLinkTypes)]);
  size_t at = 1;
  uint32_t time = 1'767'225'600;
  while (at + 2 <= in.size()) {
    size_t length = static_cast<size_t>(in[at]) << 8 | static_cast<size_t>(in[at + 1]);
    at += 2;
    length = std::min(length, in.size() - at);
    Put32Le(out, time++);
    Put32Le(out, 0);
    Put32Le(out, static_cast<uint32_t>(length));
    Put32Le(out, static_cast<uint32_t>(length));
    out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(at),
               in.begin() + static_cast<std::ptrdiff_t>(at + length));
    at += length;
  }
  return out;
}

void Check(const openscs::capture::CaptureReport& r) {
  const auto& s = r.summary;
  if (s.tcp_packets + s.other_packets + s.skipped_packets != s.packets) std::abort();
  for (const auto& h : r.hellos) {
    if (h.valid && h.uuid.empty()) std::abort();
    if (!h.valid && h.error.empty()) std::abort();
  }
  for (const auto& d : r.devices) {
    if (d.address.empty()) std::abort();
    for (const auto& f : d.findings) {
      if (f.cause.empty() || f.evidence.empty()) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openscs::capture;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  AnalyzeOptions options;
  options.max_bytes_per_direction = 4096;  // reach the cap within a fuzz input
  if (auto report = AnalyzeCaptureBytes(bytes, options)) Check(*report);
  if (size == 0) return 0;
  const std::vector<std::byte> wrapped = WrapFrames(bytes);
  auto report = AnalyzeCaptureBytes(wrapped, options);
  if (!report) std::abort();  // a well-formed pcap of a supported link type always opens
  Check(*report);
  return 0;
}
