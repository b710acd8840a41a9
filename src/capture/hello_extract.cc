#include "capture/hello_extract.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/hex.h"
#include "protocol/hello/hello.h"

namespace openscs::capture {
namespace {

bool Contains(const std::vector<uint16_t>& ports, uint16_t port) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

HelloRecord DecodeHello(const Flow& flow) {
  HelloRecord r;
  const Stream& s = flow.to_server;
  r.packet = s.origins.empty() ? flow.first_packet : s.origins.front().packet;
  r.time = s.origins.empty() ? flow.first_time : s.origins.front().time;
  r.source = flow.client.ToString();
  r.destination = flow.server.ToString();
  r.device_address = flow.client.address.ToString();
  r.size = s.capped ? s.length : s.bytes.size();
  if (s.capped) {
    r.error = fmt::format("{} bytes or more: far longer than any hello (at most 531 bytes)", s.bytes.size());
    r.error_field = "length";
    return r;
  }
  if (s.gap) {
    r.incomplete = true;
    r.size = s.length;
    r.error = fmt::format("the capture misses bytes from offset {} of the {} sent", s.gap_offset, s.length);
    return r;
  }
  const hello::DecodeOutcome outcome = hello::DecodeWithDetail(s.bytes);
  if (!outcome.ok) {
    r.error_field = outcome.error.field;
    r.error_offset = outcome.error.offset;
    r.error = outcome.error.ToString();
    return r;
  }
  const hello::Hello& h = outcome.decoded.hello;
  r.valid = true;
  r.uuid = h.uuid.ToString();
  r.method = h.method == hello::Method::kPsk ? "psk" : "pki";
  r.interface_version = hello::InterfaceVersion(h.method);
  if (h.method == hello::Method::kPsk) r.pid = h.pid.substr(0, 4) + "-" + h.pid.substr(4);
  for (const auto& hash : h.hashes) r.hashes.push_back({hello::HashAlgorithmName(hash.algorithm), base::ToHex(hash.digest)});
  r.retry_count = h.retry_count;
  r.admin_credentials_set = h.admin_credentials_set;
  r.warnings = outcome.decoded.warnings;
  return r;
}

HelloAttempt MakeAttempt(const Flow& flow, bool hello_port) {
  HelloAttempt a;
  a.packet = flow.syn_packet;
  a.time = flow.syn_time;
  a.source = flow.client.ToString();
  a.destination = flow.server.ToString();
  a.device_address = flow.client.address.ToString();
  a.syns = flow.syn_count;
  a.refused = flow.handshake() == Handshake::kRefused;
  a.reset_packet = flow.to_client.rst_packet;
  a.hello_port = hello_port;
  return a;
}

}  // namespace

bool IsAmtPort(uint16_t port) { return port == kAmtHttpPort || port == kAmtTlsPort; }

ExtractedHellos ExtractHellos(const std::vector<Flow>& flows, const std::vector<uint16_t>& hello_ports) {
  // Hosts with a server's role: they receive hellos or connect back to a
  // device. Their own failed connections elsewhere are not hello attempts.
  std::set<IpAddress> servers;
  for (const Flow& f : flows) {
    if (Contains(hello_ports, f.server.port)) servers.insert(f.server.address);
    if (IsAmtPort(f.server.port)) servers.insert(f.client.address);
  }
  ExtractedHellos out;
  for (const Flow& f : flows) {
    const bool hello_port = Contains(hello_ports, f.server.port);
    const Handshake handshake = f.handshake();
    const bool failed = handshake == Handshake::kRefused || handshake == Handshake::kNoAnswer;
    if (failed) {
      if (hello_port || (!IsAmtPort(f.server.port) && servers.count(f.client.address) == 0)) {
        out.attempts.push_back(MakeAttempt(f, hello_port));
      }
      continue;
    }
    if (hello_port && f.to_server.length > 0) out.hellos.push_back(DecodeHello(f));
  }
  auto by_packet = [](const auto& a, const auto& b) { return a.packet < b.packet; };
  std::stable_sort(out.hellos.begin(), out.hellos.end(), by_packet);
  std::stable_sort(out.attempts.begin(), out.attempts.end(), by_packet);
  return out;
}

}  // namespace openscs::capture
