#include "capture/conversation.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "capture/connect_back.h"
#include "capture/evidence_text.h"
#include "diagnose/causes.h"

namespace openscs::capture {
namespace {

namespace causes = diagnose::causes;

struct Device {
  DeviceConversation conversation;
  uint64_t first_packet = 0;
  uint64_t first_hello_packet = 0;  // of the first decoded hello
  double first_hello_time = 0;
  uint64_t last_hello_packet = 0;
  double last_hello_time = 0;
  std::string hello_destination;
  std::vector<const HelloRecord*> malformed;
  std::vector<const HelloAttempt*> attempts;
  std::vector<uint64_t> connect_back_packets;  // first packet of each
  bool established = false;
  std::string established_evidence;
  uint64_t established_packet = 0;
  double established_time = 0;
};

class Builder {
 public:
  Builder(const std::vector<uint16_t>& hello_ports, double start) : hello_ports_(hello_ports), start_(start) {}

  Device& Get(const std::string& address, uint64_t packet) {
    auto [it, inserted] = devices_.try_emplace(address);
    if (inserted) {
      it->second.conversation.address = address;
      it->second.first_packet = packet;
    }
    it->second.first_packet = std::min(it->second.first_packet, packet);
    return it->second;
  }

  void AddHello(const HelloRecord& h) {
    Device& d = Get(h.device_address, h.packet);
    DeviceConversation& c = d.conversation;
    if (h.valid) {
      ++c.hellos;
      if (c.uuid.empty()) c.uuid = h.uuid;
      if (d.first_hello_packet == 0) {
        d.first_hello_packet = h.packet;
        d.first_hello_time = h.time;
        d.hello_destination = h.destination;
      }
      d.last_hello_packet = h.packet;
      d.last_hello_time = h.time;
      std::string what = h.method == "psk" ? fmt::format("PSK, PID {}", h.pid)
                                           : fmt::format("PKI, {} root hash(es)", h.hashes.size());
      if (h.uuid != c.uuid) what += " (another UUID from the same address)";
      c.events.push_back({h.packet, h.time,
                          fmt::format("hello {} to {}: UUID {}, {}, retry {}", h.source, h.destination, h.uuid, what,
                                      h.retry_count)});
    } else if (h.incomplete) {
      c.events.push_back({h.packet, h.time,
                          fmt::format("hello {} to {} could not be read: {}", h.source, h.destination, h.error)});
    } else {
      ++c.malformed_hellos;
      d.malformed.push_back(&h);
      c.events.push_back({h.packet, h.time,
                          fmt::format("malformed hello {} to {} ({} bytes): {}", h.source, h.destination, h.size,
                                      h.error)});
    }
  }

  void AddAttempt(const HelloAttempt& a) {
    Device& d = Get(a.device_address, a.packet);
    ++d.conversation.attempts;
    d.attempts.push_back(&a);
    d.conversation.events.push_back(
        {a.packet, a.time,
         a.refused ? fmt::format("connection {} to {}: SYN refused (RST #{})", a.source, a.destination, a.reset_packet)
                   : fmt::format("connection {} to {}: {} SYN(s), no answer", a.source, a.destination, a.syns)});
  }

  void AddConnectBack(const Flow& f) {
    Device& d = Get(f.server.address.ToString(), f.first_packet);
    ++d.conversation.connect_backs;
    d.connect_back_packets.push_back(f.first_packet);
    ConnectBackOutcome outcome = AnalyzeConnectBack(f, start_);
    for (auto& e : outcome.events) d.conversation.events.push_back(std::move(e));
    if (outcome.failure) d.conversation.findings.push_back(std::move(*outcome.failure));
    if (outcome.established) {
      d.established = true;
      d.established_evidence = outcome.established_evidence;
      d.established_packet = outcome.established_packet;
      d.established_time = outcome.established_time;
    }
  }

  // Hello-port connections that completed but carried nothing.
  void AddEmptyHelloConnection(const Flow& f) {
    Device& d = Get(f.client.address.ToString(), f.first_packet);
    d.conversation.events.push_back(
        {f.first_packet, f.first_time,
         fmt::format("connection {} to {}: completed, but the device sent no data", f.client.ToString(),
                     f.server.ToString())});
  }

  std::vector<DeviceConversation> Finish() {
    std::vector<Device*> order;
    for (auto& [address, device] : devices_) order.push_back(&device);
    std::stable_sort(order.begin(), order.end(), [](const Device* a, const Device* b) { return a->first_packet < b->first_packet; });
    std::vector<DeviceConversation> out;
    for (Device* d : order) {
      Conclude(*d);
      auto& events = d->conversation.events;
      std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.packet < b.packet; });
      auto& findings = d->conversation.findings;
      std::stable_sort(findings.begin(), findings.end(),
                       [](const Finding& a, const Finding& b) { return a.packet < b.packet; });
      out.push_back(std::move(d->conversation));
    }
    return out;
  }

 private:
  std::string At(uint64_t packet, double time) const { return capture::At(packet, time, start_); }
  bool IsHelloPort(uint16_t port) const {
    return std::find(hello_ports_.begin(), hello_ports_.end(), port) != hello_ports_.end();
  }

  void Conclude(Device& d) {
    DeviceConversation& c = d.conversation;
    ConcludeAttempts(d);
    if (!d.malformed.empty()) {
      const HelloRecord& first = *d.malformed.front();
      c.findings.push_back({std::string(causes::kHelloMalformed),
                            fmt::format("{} hello(s) from {} could not be decoded; the first ({}, {} bytes to {}): {}",
                                        d.malformed.size(), c.address, At(first.packet, first.time), first.size,
                                        first.destination, first.error),
                            first.packet, first.time});
    }
    if (d.first_hello_packet != 0) {
      const bool connected_back =
          std::any_of(d.connect_back_packets.begin(), d.connect_back_packets.end(),
                      [&](uint64_t packet) { return packet > d.first_hello_packet; });
      if (!connected_back) {
        const std::string logs = c.uuid.empty() ? "openscs logs" : fmt::format("openscs logs --uuid {}", c.uuid);
        c.findings.push_back(
            {std::string(causes::kServerNoConnectBack),
             fmt::format("{} hello(s) from {} reached {} (first {}, last {}), but no connection to the device's 16993 "
                         "or 16992 follows in the capture: the server did not act on them, see its log (`{}`). (A "
                         "capture filtered to port 9971 cannot show a connect-back.)",
                         c.hellos, c.address, d.hello_destination, At(d.first_hello_packet, d.first_hello_time),
                         At(d.last_hello_packet, d.last_hello_time), logs),
             d.first_hello_packet, d.first_hello_time});
      }
    }
    if (d.established) {
      if (c.findings.empty()) {
        c.findings.push_back({std::string(causes::kHealthy), d.established_evidence, d.established_packet,
                              d.established_time});
      } else {
        const bool failures_came_first =
            std::all_of(c.findings.begin(), c.findings.end(),
                        [&](const Finding& f) { return f.packet < d.established_packet; });
        if (failures_came_first) {
          c.findings.push_back({std::string(causes::kRecoveredAfterFailures),
                                d.established_evidence + ", after the failures above", d.established_packet,
                                d.established_time});
        }
      }
    }
  }

  // Failed connections, one finding per destination.
  void ConcludeAttempts(Device& d) {
    std::map<std::string, std::vector<const HelloAttempt*>> by_destination;
    for (const HelloAttempt* a : d.attempts) by_destination[a->destination].push_back(a);
    for (const auto& [destination, attempts] : by_destination) {
      const HelloAttempt& first = *attempts.front();
      const auto refused = std::count_if(attempts.begin(), attempts.end(), [](const HelloAttempt* a) { return a->refused; });
      const auto unanswered = static_cast<long>(attempts.size()) - refused;
      std::string outcome;
      if (refused > 0) outcome = fmt::format("{} refused by RST", refused);
      if (unanswered > 0) outcome += fmt::format("{}{} unanswered", outcome.empty() ? "" : ", ", unanswered);
      std::string evidence =
          fmt::format("{} connection(s) from {} to {} got no SYN-ACK ({}; first SYN {})", attempts.size(),
                      d.conversation.address, destination, outcome, At(first.packet, first.time));
      if (!first.hello_port) {
        evidence += fmt::format(": the device sends its hellos to {}, not {}: check the MEBx provisioning server port",
                                destination, hello_ports_.front());
      } else {
        evidence += refused > 0 ? ": nothing listens on the hello port (server down, or another port)"
                                : ": the hello port is blocked on the way, or the server host is down";
      }
      d.conversation.findings.push_back({std::string(causes::kHelloPortBlocked), evidence, first.packet, first.time});
    }
  }

  const std::vector<uint16_t>& hello_ports_;
  double start_;
  std::map<std::string, Device> devices_;
};

}  // namespace

std::vector<DeviceConversation> BuildConversations(const std::vector<Flow>& flows, const ExtractedHellos& hellos,
                                                   const std::vector<uint16_t>& hello_ports, double capture_start) {
  Builder builder(hello_ports, capture_start);
  for (const HelloRecord& h : hellos.hellos) builder.AddHello(h);
  for (const HelloAttempt& a : hellos.attempts) builder.AddAttempt(a);
  for (const Flow& f : flows) {
    const bool hello_port = std::find(hello_ports.begin(), hello_ports.end(), f.server.port) != hello_ports.end();
    if (IsAmtPort(f.server.port)) {
      builder.AddConnectBack(f);
    } else if (hello_port && f.to_server.length == 0 &&
               (f.handshake() == Handshake::kCompleted || f.handshake() == Handshake::kNotSeen)) {
      builder.AddEmptyHelloConnection(f);
    }
  }
  return builder.Finish();
}

}  // namespace openscs::capture
