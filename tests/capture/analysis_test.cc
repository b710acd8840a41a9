#include "capture/analysis.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "capture/reader.h"
#include "tests/capture/capture_testing.h"
#include "tests/support/temp_dir.h"

namespace openscs::capture {
namespace {

using namespace testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AnalyzeCapture, PskHelloSplitOutOfOrderAndRetransmittedOnEthernet) {
  CaptureBuilder capture(TestLink::kEthernet);
  const auto hello = PskHello(3);
  const std::span<const std::byte> h(hello);
  TcpConnection c(capture, kDevice, 16994, kServer, 9971);
  c.Handshake();
  c.ClientAt(20, h.subspan(20));      // #4: the tail first
  c.ClientAt(0, h.first(12));         // #5: the head
  c.ClientAt(8, h.subspan(8, 14));    // #6: overlaps both (retransmission)
  c.ClientAt(0, h.first(12));         // #7: duplicate
  c.SetClientNext(static_cast<uint32_t>(hello.size()));
  c.Close();

  const CaptureReport report = Analyze(capture);
  EXPECT_EQ(report.summary.link_type, "Ethernet");
  EXPECT_EQ(report.summary.packets, capture.packet_count());
  EXPECT_EQ(report.summary.flows, 1u);
  ASSERT_EQ(report.hellos.size(), 1u);
  const HelloRecord& r = report.hellos[0];
  ASSERT_TRUE(r.valid) << r.error;
  EXPECT_EQ(r.packet, 5u) << "the hello's time is that of its first data segment in stream order";
  EXPECT_EQ(r.source, "192.0.2.10:16994");
  EXPECT_EQ(r.destination, "192.0.2.1:9971");
  EXPECT_EQ(r.uuid, kUuid);
  EXPECT_EQ(r.method, "psk");
  EXPECT_EQ(r.interface_version, 2);
  EXPECT_EQ(r.pid, "0000-037M");
  EXPECT_EQ(r.retry_count, 3u);
  EXPECT_TRUE(r.admin_credentials_set);
  EXPECT_EQ(r.size, 32u);
}

TEST(AnalyzeCapture, PkiHelloOverIpv6OnSllInPcapng) {
  CaptureBuilder capture(TestLink::kSll);
  SendHello(capture, PkiHello(), "2001:db8::10", 50000, "2001:db8::1");
  const CaptureReport report = Analyze(capture, /*pcapng=*/true);
  EXPECT_EQ(report.summary.link_type, "Linux cooked (SLL)");
  ASSERT_EQ(report.hellos.size(), 1u);
  const HelloRecord& r = report.hellos[0];
  ASSERT_TRUE(r.valid) << r.error;
  EXPECT_EQ(r.source, "[2001:db8::10]:50000");
  EXPECT_EQ(r.method, "pki");
  EXPECT_EQ(r.interface_version, 3);
  ASSERT_EQ(r.hashes.size(), 1u);
  EXPECT_EQ(r.hashes[0].algorithm, "sha256");
  std::string expected;
  for (int i = 0; i < 32; ++i) expected += "ab";
  EXPECT_EQ(r.hashes[0].hex, expected);
  EXPECT_EQ(r.retry_count, 2u);
  ASSERT_EQ(report.devices.size(), 1u);
  EXPECT_EQ(report.devices[0].address, "2001:db8::10");
  EXPECT_EQ(report.devices[0].uuid, kUuid);
  // pcapng timestamps at nanosecond resolution.
  EXPECT_DOUBLE_EQ(report.summary.first_time, 1767225600.0);
}

TEST(AnalyzeCapture, EveryLinkTypeYieldsTheHello) {
  for (TestLink link : {TestLink::kEthernet, TestLink::kEthernetVlan, TestLink::kSll, TestLink::kSll2, TestLink::kNull,
                        TestLink::kRaw}) {
    CaptureBuilder capture(link);
    SendHello(capture, PskHello());
    for (bool pcapng : {false, true}) {
      const CaptureReport report = Analyze(capture, pcapng);
      ASSERT_EQ(report.hellos.size(), 1u) << report.summary.link_type << (pcapng ? " pcapng" : " pcap");
      EXPECT_EQ(report.hellos[0].uuid, kUuid);
    }
  }
}

TEST(AnalyzeCapture, MalformedHelloIsMarkedWithTheCodecsReason) {
  CaptureBuilder capture;
  auto bad = PskHello();
  bad[2] = std::byte{7};  // interface version 7
  SendHello(capture, bad);
  const CaptureReport report = Analyze(capture);
  ASSERT_EQ(report.hellos.size(), 1u);
  const HelloRecord& r = report.hellos[0];
  EXPECT_FALSE(r.valid);
  EXPECT_FALSE(r.incomplete);
  EXPECT_EQ(r.error_field, "interface_version");
  EXPECT_EQ(r.error_offset, 2u);
  ASSERT_EQ(report.devices.size(), 1u);
  const DeviceConversation& d = report.devices[0];
  EXPECT_EQ(d.malformed_hellos, 1u);
  EXPECT_THAT(Causes(d), ElementsAre("hello_malformed"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("interface_version at offset 2"));
}

TEST(AnalyzeCapture, HelloWithBytesMissingFromTheCaptureIsIncompleteNotMalformed) {
  CaptureBuilder capture;
  const auto hello = PskHello();
  TcpConnection c(capture, kDevice, 40000, kServer, 9971);
  c.Handshake();
  c.ClientAt(16, std::span<const std::byte>(hello).subspan(16));  // the first 16 bytes never captured
  c.SetClientNext(32);
  c.Close();
  const CaptureReport report = Analyze(capture);
  ASSERT_EQ(report.hellos.size(), 1u);
  EXPECT_TRUE(report.hellos[0].incomplete);
  EXPECT_THAT(report.hellos[0].error, HasSubstr("the capture misses bytes from offset 0"));
  ASSERT_EQ(report.devices.size(), 1u);
  EXPECT_EQ(report.devices[0].malformed_hellos, 0u);
  EXPECT_TRUE(Causes(report.devices[0]).empty()) << AllEvidence(report.devices[0]);
}

TEST(AnalyzeCapture, RefusedHelloIsAnAttemptAndThePortIsBlocked) {
  CaptureBuilder capture;
  TcpConnection c(capture, kDevice, 40000, kServer, 9971);
  c.Syn();
  c.ServerRst();
  TcpConnection silent(capture, kDevice, 40001, kServer, 9971);
  silent.Syn();
  silent.Syn();
  const CaptureReport report = Analyze(capture);
  EXPECT_TRUE(report.hellos.empty());
  ASSERT_EQ(report.attempts.size(), 2u);
  EXPECT_TRUE(report.attempts[0].refused);
  EXPECT_EQ(report.attempts[0].reset_packet, 2u);
  EXPECT_FALSE(report.attempts[1].refused);
  EXPECT_EQ(report.attempts[1].syns, 2u);
  ASSERT_EQ(report.devices.size(), 1u);
  const DeviceConversation& d = report.devices[0];
  EXPECT_EQ(d.attempts, 2u);
  EXPECT_THAT(Causes(d), ElementsAre("hello_port_blocked"));
  EXPECT_THAT(d.findings[0].evidence,
              HasSubstr("2 connection(s) from 192.0.2.10 to 192.0.2.1:9971 got no SYN-ACK (1 refused by RST, 1 unanswered"));
}

// amtsim's server_unreachable fault: hellos go to port 9 and meet RST.
TEST(AnalyzeCapture, RefusedConnectionToAnotherPortIsAHelloAttemptNamingThePort) {
  CaptureBuilder capture(TestLink::kNull);
  TcpConnection c(capture, "127.61.3.5", 45000, "127.0.0.1", 9);
  c.Syn();
  c.ServerRst();
  const CaptureReport report = Analyze(capture);
  ASSERT_EQ(report.attempts.size(), 1u);
  EXPECT_FALSE(report.attempts[0].hello_port);
  ASSERT_EQ(report.devices.size(), 1u);
  EXPECT_THAT(Causes(report.devices[0]), ElementsAre("hello_port_blocked"));
  EXPECT_THAT(report.devices[0].findings[0].evidence,
              HasSubstr("to 127.0.0.1:9, not 9971: check the MEBx provisioning server port"));
}

TEST(AnalyzeCapture, HellosWithoutConnectBackPointAtTheServerLog) {
  CaptureBuilder capture;
  SendHello(capture, PskHello(0));
  capture.Advance(60);
  SendHello(capture, PskHello(1), kDevice, 40001);
  const CaptureReport report = Analyze(capture);
  ASSERT_EQ(report.hellos.size(), 2u);
  EXPECT_EQ(report.hellos[1].retry_count, 1u);
  ASSERT_EQ(report.devices.size(), 1u);
  const DeviceConversation& d = report.devices[0];
  EXPECT_EQ(d.hellos, 2u);
  EXPECT_THAT(Causes(d), ElementsAre("server_no_connect_back"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("2 hello(s) from 192.0.2.10 reached 192.0.2.1:9971"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("openscs logs --uuid 4c4c4544-004b-4210-8033-b6c04f504633"));
  EXPECT_THAT(d.findings[0].evidence, HasSubstr("last #11 at 60.100 s"));
}

TEST(AnalyzeCapture, ExtraHelloPort) {
  CaptureBuilder capture;
  SendHello(capture, PskHello(), kDevice, 40000, kServer, 19971);
  EXPECT_TRUE(Analyze(capture).hellos.empty());
  AnalyzeOptions options;
  options.hello_ports = {9971, 19971};
  const CaptureReport report = Analyze(capture, false, options);
  ASSERT_EQ(report.hellos.size(), 1u);
  EXPECT_EQ(report.hellos[0].destination, "192.0.2.1:19971");
}

TEST(AnalyzeCapture, GarbageAndFragmentsAreCountedAndSkipped) {
  CaptureBuilder capture;
  capture.AddFrame(std::vector<std::byte>(8, std::byte{0xff}));  // shorter than an Ethernet header
  auto fragment = openscs::testing::TcpPacket(kDevice, 1, kServer, 9971, 0, 0, 0x18, {});
  fragment[7] = std::byte{0x10};  // fragment offset
  capture.AddIp(fragment);
  SendHello(capture, PskHello());
  const CaptureReport report = Analyze(capture);
  EXPECT_EQ(report.summary.skipped_packets, 2u);
  ASSERT_EQ(report.summary.notes.size(), 2u);
  EXPECT_EQ(report.summary.notes[0].text, "truncated Ethernet header");
  EXPECT_EQ(report.summary.notes[0].first_packet, 1u);
  EXPECT_EQ(report.summary.notes[1].text, "IPv4 fragment (not reassembled)");
  EXPECT_EQ(report.hellos.size(), 1u);
}

TEST(AnalyzeCapture, CaptureCutShortIsAnalysedUpToTheCut) {
  CaptureBuilder capture;
  SendHello(capture, PskHello());
  auto bytes = capture.Pcap();
  bytes.resize(bytes.size() - 10);  // inside the last record
  auto report = AnalyzeCaptureBytes(bytes);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->hellos.size(), 1u);
  ASSERT_FALSE(report->summary.notes.empty());
  EXPECT_THAT(report->summary.notes.back().text, HasSubstr("the capture file ends in the middle of a packet"));
}

TEST(AnalyzeCapture, FileErrorsNameTheFileAndTheProblem) {
  openscs::testing::TempDir dir("pcap");
  auto missing = AnalyzeCaptureFile((dir / "nope.pcap").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), base::StatusCode::kNotFound);
  EXPECT_THAT(missing.error().message(), HasSubstr("nope.pcap: no such file"));

  const std::string text = (dir / "notes.txt").string();
  FILE* f = std::fopen(text.c_str(), "w");
  std::fputs("this is not a capture\n", f);
  std::fclose(f);
  auto not_capture = AnalyzeCaptureFile(text);
  ASSERT_FALSE(not_capture);
  EXPECT_THAT(not_capture.error().message(), HasSubstr("notes.txt: not a pcap or pcapng capture"));
}

TEST(AnalyzeCapture, UnsupportedLinkTypeIsNamed) {
  pcap_t* dead = pcap_open_dead(DLT_IEEE802_11, 65535);
  char* buffer = nullptr;
  size_t size = 0;
  FILE* memory = open_memstream(&buffer, &size);
  pcap_dump_close(pcap_dump_fopen(dead, memory));
  pcap_close(dead);
  const std::vector<std::byte> bytes(reinterpret_cast<std::byte*>(buffer), reinterpret_cast<std::byte*>(buffer) + size);
  std::free(buffer);
  auto report = AnalyzeCaptureBytes(bytes);
  ASSERT_FALSE(report);
  EXPECT_THAT(report.error().message(), HasSubstr("link type 105 (IEEE802_11"));
  EXPECT_THAT(report.error().message(), HasSubstr("is not supported"));
}

TEST(AnalyzeCapture, EmptyCaptureHasNothing) {
  CaptureBuilder capture;
  const CaptureReport report = Analyze(capture);
  EXPECT_EQ(report.summary.packets, 0u);
  EXPECT_TRUE(report.hellos.empty());
  EXPECT_TRUE(report.devices.empty());
}

}  // namespace
}  // namespace openscs::capture
