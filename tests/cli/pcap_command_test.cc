#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "base/guid.h"
#include "protocol/hello/hello.h"
#include "tests/cli/cli_testing.h"
#include "tests/support/capture_writer.h"
#include "tests/support/temp_dir.h"

namespace openscs::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using openscs::testing::CaptureBuilder;
using openscs::testing::TcpConnection;
using testing::RunCli;
namespace t = openscs::testing::tls_bytes;

constexpr const char* kUuid = "4c4c4544-004b-4210-8033-b6c04f504633";

std::vector<std::byte> PskHello(uint32_t retry) {
  hello::Hello h;
  h.admin_credentials_set = true;
  h.retry_count = retry;
  h.uuid = base::Guid::Parse(kUuid).value();
  h.pid = "0000037M";
  return hello::Encode(h).value();
}

void SendHello(CaptureBuilder& capture, const std::vector<std::byte>& bytes, uint16_t port) {
  TcpConnection c(capture, "192.0.2.10", port, "192.0.2.1", 9971);
  c.Handshake();
  c.ClientSends(bytes);
  c.Close();
}

class PcapCommandTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::vector<std::byte>& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  // Two hellos (one malformed), then a connect-back whose PSK handshake the
  // device ends with decrypt_error.
  std::string PskMismatchCapture(bool pcapng = false) {
    CaptureBuilder capture;
    SendHello(capture, PskHello(0), 40000);
    auto bad = PskHello(1);
    bad.resize(30);
    SendHello(capture, bad, 40001);
    TcpConnection c(capture, "192.0.2.1", 41000, "192.0.2.10", 16993);
    c.Handshake();
    c.ClientSends(t::HandshakeRecord({t::ClientHello({0x008c})}));
    c.ServerSends(t::HandshakeRecord({t::ServerHello(0x008c), t::Message(14)}));
    c.ClientSends(t::Concat({t::HandshakeRecord({t::PskClientKeyExchange("0000037M")}), t::ChangeCipherSpec(),
                             t::EncryptedFinished()}));
    c.ServerSends(t::Alert(2, 51));
    c.DeviceRst();
    return Write(pcapng ? "psk.pcapng" : "psk.pcap", pcapng ? capture.Pcapng() : capture.Pcap());
  }

  openscs::testing::TempDir dir_{"pcap-cli"};
};

TEST_F(PcapCommandTest, DecodeListsHellosMalformedMarkedAndSummary) {
  auto run = RunCli({"pcap", "decode", PskMismatchCapture()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("192.0.2.10:40000"));
  EXPECT_THAT(run.out, HasSubstr("192.0.2.1:9971"));
  EXPECT_THAT(run.out, HasSubstr(kUuid));
  EXPECT_THAT(run.out, HasSubstr("2 (PSK)"));
  EXPECT_THAT(run.out, HasSubstr("PID 0000-037M"));
  EXPECT_THAT(run.out, HasSubstr("MALFORMED"));
  EXPECT_THAT(run.out, HasSubstr("30 bytes: "));
  EXPECT_THAT(run.out, HasSubstr("Ethernet, 22 packets (22 TCP, 0 other, 0 skipped), 3 TCP flows; 2 hellos (1 malformed)"));
}

TEST_F(PcapCommandTest, DecodeJson) {
  auto run = RunCli({"pcap", "decode", "--json", PskMismatchCapture(/*pcapng=*/true)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["hellos"].size(), 2u);
  EXPECT_EQ(j["hellos"][0]["uuid"], kUuid);
  EXPECT_EQ(j["hellos"][0]["pid"], "0000-037M");
  EXPECT_EQ(j["hellos"][0]["interface_version"], 2);
  EXPECT_EQ(j["hellos"][0]["retry_count"], 0);
  EXPECT_EQ(j["hellos"][0]["source"], "192.0.2.10:40000");
  EXPECT_EQ(j["hellos"][0]["time"], "2026-01-01T00:00:00.030Z");
  EXPECT_FALSE(j["hellos"][1]["valid"].get<bool>());
  EXPECT_FALSE(j["hellos"][1]["error"]["reason"].get<std::string>().empty());
  EXPECT_EQ(j["summary"]["malformed_hellos"], 1);
  EXPECT_EQ(j["summary"]["flows"], 3);
}

TEST_F(PcapCommandTest, AnalyzeNamesCausesAndFixes) {
  auto run = RunCli({"pcap", "analyze", PskMismatchCapture()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("device 192.0.2.10 (UUID 4c4c4544-004b-4210-8033-b6c04f504633)"));
  EXPECT_THAT(run.out, HasSubstr("finding psk_handshake_alert: the device sent fatal alert decrypt_error (51)"));
  EXPECT_THAT(run.out, HasSubstr("fix: openscs explain psk_handshake_alert"));
  EXPECT_THAT(run.out, HasSubstr("finding hello_malformed: 1 hello(s) from 192.0.2.10 could not be decoded"));
  EXPECT_THAT(run.out, HasSubstr("fix: openscs explain hello_malformed"));
  EXPECT_THAT(run.out, Not(HasSubstr("server_no_connect_back")));
}

TEST_F(PcapCommandTest, AnalyzeJson) {
  auto run = RunCli({"pcap", "analyze", "--json", PskMismatchCapture()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["devices"].size(), 1u);
  const auto& d = j["devices"][0];
  EXPECT_EQ(d["address"], "192.0.2.10");
  EXPECT_EQ(d["uuid"], kUuid);
  EXPECT_EQ(d["connect_backs"], 1);
  bool psk = false;
  for (const auto& f : d["findings"]) {
    if (f["cause"] == "psk_handshake_alert") {
      psk = true;
      EXPECT_EQ(f["fix"], "openscs explain psk_handshake_alert");
    }
  }
  EXPECT_TRUE(psk) << run.out;
}

TEST_F(PcapCommandTest, PortOptionFindsHellosElsewhere) {
  CaptureBuilder capture;
  TcpConnection c(capture, "192.0.2.10", 40000, "192.0.2.1", 19971);
  c.Handshake();
  c.ClientSends(PskHello(0));
  c.Close();
  const std::string path = Write("port.pcap", capture.Pcap());
  EXPECT_THAT(RunCli({"pcap", "decode", path}).out, HasSubstr("no hellos in the capture"));
  auto run = RunCli({"pcap", "decode", path, "--port", "9971", "--port", "19971"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("192.0.2.1:19971"));
  EXPECT_EQ(RunCli({"pcap", "decode", path, "--port", "70000"}).exit_code, 2);
}

TEST_F(PcapCommandTest, FileProblemsNameTheFile) {
  auto missing = RunCli({"pcap", "decode", (dir_ / "missing.pcap").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("missing.pcap: no such file"));

  const std::string text = Write("readme.txt", openscs::testing::capture_bytes::FromString("hello, not a capture\n"));
  auto garbage = RunCli({"pcap", "analyze", text});
  EXPECT_EQ(garbage.exit_code, 1);
  EXPECT_THAT(garbage.err, HasSubstr("readme.txt: not a pcap or pcapng capture"));

  const std::string empty = Write("empty.pcap", {});
  EXPECT_THAT(RunCli({"pcap", "decode", empty}).err, HasSubstr("empty.pcap: empty file"));

  EXPECT_EQ(RunCli({"pcap", "decode"}).exit_code, 2);
}

TEST_F(PcapCommandTest, Help) {
  for (auto args : std::vector<std::vector<std::string>>{{"pcap", "--help"}, {"pcap", "analyze", "--help"}}) {
    auto run = RunCli(args);
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_THAT(run.out, HasSubstr("Usage"));
  }
}

}  // namespace
}  // namespace openscs::cli
