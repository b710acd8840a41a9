#include "capture/tls_records.h"

#include <fmt/format.h>

namespace openscs::capture::tls {
namespace {

constexpr size_t kRecordHeader = 5;
constexpr size_t kHandshakeHeader = 4;
constexpr size_t kMaxRecord = (1 << 14) + 2048;  // TLSCiphertext limit (RFC 5246 §6.2.3)
constexpr uint16_t kSupportedVersions = 43;

using Bytes = std::span<const std::byte>;

uint8_t U8(Bytes b, size_t at) { return static_cast<uint8_t>(b[at]); }
uint16_t U16(Bytes b, size_t at) { return static_cast<uint16_t>(U8(b, at) << 8 | U8(b, at + 1)); }

bool IsContentType(uint8_t type) { return type >= kChangeCipherSpec && type <= 24; }

// ServerHello body: version(2) random(32) session_id<0..32> suite(2)
// compression(1) [extensions<0..2^16-1>].
void ParseServerHello(Bytes body, Record& record) {
  size_t at = 2 + 32;
  if (body.size() < at + 1) return;
  at += 1 + static_cast<size_t>(U8(body, at));
  if (body.size() < at + 3) return;
  record.cipher_suite = U16(body, at);
  record.selected_version = U16(body, 0);
  at += 3;
  if (body.size() < at + 2) return;
  const size_t end = std::min(body.size(), at + 2 + U16(body, at));
  at += 2;
  while (at + 4 <= end) {
    const uint16_t type = U16(body, at);
    const size_t length = U16(body, at + 2);
    at += 4;
    if (at + length > end) return;
    if (type == kSupportedVersions && length == 2) record.selected_version = U16(body, at);
    at += length;
  }
}

}  // namespace

RecordStream ParseRecords(std::span<const std::byte> stream) {
  RecordStream out;
  std::vector<std::byte> handshake;  // plaintext handshake bytes not yet a whole message
  bool encrypted = false;
  size_t at = 0;
  while (at < stream.size()) {
    if (stream.size() - at < kRecordHeader) {
      out.stopped = fmt::format("stream ends inside a record header at offset {}", at);
      break;
    }
    Record record;
    record.offset = at;
    record.content_type = U8(stream, at);
    record.version = U16(stream, at + 1);
    record.length = U16(stream, at + 3);
    if (!IsContentType(record.content_type) || (record.version >> 8) != 3 || record.length > kMaxRecord) {
      if (at == 0) return out;  // not TLS at all
      out.stopped = fmt::format("not a TLS record at offset {}", at);
      break;
    }
    out.is_tls = true;
    if (stream.size() - at - kRecordHeader < record.length) {
      out.stopped = fmt::format("stream ends inside a record at offset {}", at);
      break;
    }
    const Bytes fragment = stream.subspan(at + kRecordHeader, record.length);
    record.encrypted = encrypted && record.content_type != kChangeCipherSpec;
    if (!record.encrypted) {
      if (record.content_type == kChangeCipherSpec) {
        encrypted = true;
      } else if (record.content_type == kAlert && fragment.size() == 2) {
        record.alert_level = U8(fragment, 0);
        record.alert_description = U8(fragment, 1);
      } else if (record.content_type == kHandshake) {
        handshake.insert(handshake.end(), fragment.begin(), fragment.end());
        while (handshake.size() >= kHandshakeHeader) {
          const Bytes h(handshake);
          const size_t length = static_cast<size_t>(U8(h, 1)) << 16 | static_cast<size_t>(U16(h, 2));
          if (h.size() < kHandshakeHeader + length) break;
          const uint8_t type = U8(h, 0);
          record.handshake_types.push_back(type);
          if (type == kServerHello) ParseServerHello(h.subspan(kHandshakeHeader, length), record);
          if (type == kClientKeyExchange) {
            const Bytes body = h.subspan(kHandshakeHeader, std::min<size_t>(length, 256));
            record.client_key_exchange.assign(body.begin(), body.end());
          }
          handshake.erase(handshake.begin(), handshake.begin() + static_cast<std::ptrdiff_t>(kHandshakeHeader + length));
        }
      }
    }
    out.records.push_back(std::move(record));
    at += kRecordHeader + fragment.size();
  }
  return out;
}

}  // namespace openscs::capture::tls
