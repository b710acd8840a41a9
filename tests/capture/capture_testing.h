#pragma once

// Hellos, devices and report look-ups shared by the capture tests.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/guid.h"
#include "capture/analysis.h"
#include "protocol/hello/hello.h"
#include "tests/support/capture_writer.h"

namespace openscs::capture::testing {

using openscs::testing::CaptureBuilder;
using openscs::testing::TcpConnection;
using openscs::testing::TestLink;

inline constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";  // reference §3.7
inline constexpr const char* kDevice = "192.0.2.10";
inline constexpr const char* kServer = "192.0.2.1";

inline std::vector<std::byte> PskHello(uint32_t retry = 0, const char* uuid = kUuid) {
  hello::Hello h;
  h.method = hello::Method::kPsk;
  h.admin_credentials_set = true;
  h.retry_count = retry;
  h.uuid = base::Guid::Parse(uuid).value();
  h.pid = "0000037M";
  return hello::Encode(h).value();
}

inline std::vector<std::byte> PkiHello() {
  hello::Hello h;
  h.method = hello::Method::kPki;
  h.admin_credentials_set = true;
  h.retry_count = 2;
  h.uuid = base::Guid::Parse(kUuid).value();
  hello::CertificateHash hash;
  hash.algorithm = hello::HashAlgorithm::kSha256;
  hash.digest.assign(32, std::byte{0xab});
  h.hashes = {hash};
  return hello::Encode(h).value();
}

// A device's whole hello connection: handshake, the bytes, close.
inline void SendHello(CaptureBuilder& capture, const std::vector<std::byte>& hello, const std::string& device = kDevice,
                      uint16_t port = 40000, const std::string& server = kServer, uint16_t server_port = 9971) {
  TcpConnection c(capture, device, port, server, server_port);
  c.Handshake();
  c.ClientSends(hello);
  c.Close();
}

inline CaptureReport Analyze(const CaptureBuilder& capture, bool pcapng = false, const AnalyzeOptions& options = {}) {
  const auto bytes = pcapng ? capture.Pcapng() : capture.Pcap();
  auto report = AnalyzeCaptureBytes(bytes, options);
  EXPECT_TRUE(report) << report.error().ToString();
  return report ? std::move(report).value() : CaptureReport{};
}

inline const DeviceConversation* FindDevice(const CaptureReport& report, const std::string& address) {
  for (const auto& d : report.devices) {
    if (d.address == address) return &d;
  }
  return nullptr;
}

inline std::vector<std::string> Causes(const DeviceConversation& d) {
  std::vector<std::string> out;
  for (const auto& f : d.findings) out.push_back(f.cause);
  return out;
}

inline std::string AllEvidence(const DeviceConversation& d) {
  std::string out;
  for (const auto& f : d.findings) out += f.cause + ": " + f.evidence + "\n";
  for (const auto& e : d.events) out += "#" + std::to_string(e.packet) + " " + e.text + "\n";
  return out;
}

}  // namespace openscs::capture::testing
