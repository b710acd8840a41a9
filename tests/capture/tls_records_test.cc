#include "capture/tls_records.h"

#include <gtest/gtest.h>

#include "capture/tls_names.h"
#include "tests/support/capture_writer.h"

namespace openscs::capture::tls {
namespace {

namespace t = openscs::testing::tls_bytes;

TEST(TlsRecords, ServerFlightWithSuiteAndAlert) {
  const auto stream = t::Concat({t::HandshakeRecord({t::ServerHello(0x008c), t::Message(14)}), t::Alert(2, 51)});
  const RecordStream parsed = ParseRecords(stream);
  ASSERT_TRUE(parsed.is_tls);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[0].handshake_types, (std::vector<uint8_t>{2, 14}));
  EXPECT_EQ(parsed.records[0].cipher_suite, 0x008c);
  EXPECT_EQ(parsed.records[0].selected_version, 0x0303);
  EXPECT_EQ(parsed.records[1].offset, parsed.records[0].length + 5u);
  EXPECT_EQ(parsed.records[1].alert_level, 2);
  EXPECT_EQ(parsed.records[1].alert_description, 51);
  EXPECT_TRUE(parsed.stopped.empty());
}

TEST(TlsRecords, HandshakeMessageSplitAcrossRecords) {
  const auto message = t::ServerHello(0x002f);
  const std::span<const std::byte> all(message);
  const auto stream = t::Concat({t::Record(22, all.first(10)), t::Record(22, all.subspan(10))});
  const RecordStream parsed = ParseRecords(stream);
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_TRUE(parsed.records[0].handshake_types.empty());
  EXPECT_EQ(parsed.records[1].handshake_types, std::vector<uint8_t>{2});
  EXPECT_EQ(parsed.records[1].cipher_suite, 0x002f);
}

TEST(TlsRecords, EncryptedAfterChangeCipherSpec) {
  const auto stream = t::Concat({t::HandshakeRecord({t::PskClientKeyExchange("0000037M")}), t::ChangeCipherSpec(),
                                 t::EncryptedFinished(), t::Alert(2, 20)});
  const RecordStream parsed = ParseRecords(stream);
  ASSERT_EQ(parsed.records.size(), 4u);
  EXPECT_EQ(parsed.records[0].handshake_types, std::vector<uint8_t>{16});
  EXPECT_EQ(parsed.records[0].client_key_exchange.size(), 10u);
  EXPECT_FALSE(parsed.records[1].encrypted);
  EXPECT_TRUE(parsed.records[2].encrypted);
  EXPECT_TRUE(parsed.records[3].encrypted);
  EXPECT_FALSE(parsed.records[3].alert_description) << "an alert after ChangeCipherSpec is not readable";
}

TEST(TlsRecords, Tls13VersionFromSupportedVersions) {
  const RecordStream parsed = ParseRecords(t::HandshakeRecord({t::ServerHello(0x1301, 0x0304, true)}));
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].selected_version, 0x0304);
}

TEST(TlsRecords, NotTlsAndTruncated) {
  const auto http = openscs::testing::capture_bytes::FromString("POST /wsman HTTP/1.1\r\n");
  EXPECT_FALSE(ParseRecords(http).is_tls);
  auto stream = t::HandshakeRecord({t::ServerHello(0x002f)});
  stream.resize(stream.size() - 3);
  const RecordStream parsed = ParseRecords(stream);
  EXPECT_TRUE(parsed.is_tls);
  EXPECT_TRUE(parsed.records.empty());
  EXPECT_EQ(parsed.stopped, "stream ends inside a record at offset 0");
}

TEST(TlsNames, AlertsSuitesVersions) {
  EXPECT_EQ(AlertName(51), "decrypt_error (51)");
  EXPECT_EQ(AlertName(42), "bad_certificate (42)");
  EXPECT_EQ(AlertName(200), "unknown alert (200)");
  EXPECT_TRUE(IsCertificateAlert(48));
  EXPECT_FALSE(IsCertificateAlert(51));
  EXPECT_EQ(DescribeCipherSuite(0x008c).name, "TLS_PSK_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(DescribeCipherSuite(0x008c).key_exchange, KeyExchange::kPsk);
  EXPECT_EQ(DescribeCipherSuite(0x002f).key_exchange, KeyExchange::kCertificate);
  EXPECT_EQ(DescribeCipherSuite(0xabcd).name, "0xabcd");
  EXPECT_EQ(VersionName(0x0301), "TLS 1.0");
}

}  // namespace
}  // namespace openscs::capture::tls
