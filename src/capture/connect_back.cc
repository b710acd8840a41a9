#include "capture/connect_back.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "capture/evidence_text.h"
#include "capture/tls_names.h"
#include "capture/tls_records.h"
#include "diagnose/causes.h"
#include "provision/error_codes.h"

namespace openscs::capture {
namespace {

namespace causes = diagnose::causes;

// One record, placed in the capture by the packet that brought its header.
struct Item {
  uint64_t packet = 0;
  double time = 0;
  bool from_device = false;
  const tls::Record* record = nullptr;
};

// A handshake message the analysis refers back to.
struct Step {
  uint64_t packet = 0;
  double time = 0;
  std::string name;
  explicit operator bool() const { return packet != 0; }
};

void AddItems(const Stream& stream, const tls::RecordStream& records, bool from_device, std::vector<Item>& items) {
  for (const tls::Record& r : records.records) {
    const ByteOrigin* origin = stream.OriginOf(r.offset);
    if (origin == nullptr) continue;
    items.push_back({origin->packet, origin->time, from_device, &r});
  }
}

// RFC 4279 §2: a PSK ClientKeyExchange starts with psk_identity<0..2^16-1>.
std::string PskIdentity(const std::vector<std::byte>& cke) {
  if (cke.size() < 2) return "";
  const size_t length = static_cast<size_t>(cke[0]) << 8 | static_cast<size_t>(cke[1]);
  if (length == 0 || cke.size() < 2 + length) return "";
  std::string identity;
  for (size_t i = 0; i < length; ++i) {
    const auto c = static_cast<char>(cke[2 + i]);
    if (std::isprint(static_cast<unsigned char>(c)) == 0) return "";
    identity.push_back(c);
  }
  return identity;
}

Finding Make(std::string_view cause, std::string evidence, uint64_t packet, double time) {
  return Finding{std::string(cause), std::move(evidence), packet, time};
}

class TlsReading {
 public:
  TlsReading(const Flow& flow, double start, ConnectBackOutcome& out) : flow_(flow), start_(start), out_(out) {}

  void Run() {
    const tls::RecordStream client = tls::ParseRecords(flow_.to_server.bytes);
    const tls::RecordStream device = tls::ParseRecords(flow_.to_client.bytes);
    if (flow_.to_server.bytes.empty() && flow_.to_client.bytes.empty()) {
      Event(flow_.last_packet, flow_.last_time, "no data on the connection");
      return;
    }
    if (!client.is_tls && !flow_.to_server.bytes.empty()) {
      Event(flow_.first_packet, flow_.first_time, "the server's bytes are not TLS records: not analysed");
      return;
    }
    std::vector<Item> items;
    AddItems(flow_.to_server, client, false, items);
    AddItems(flow_.to_client, device, true, items);
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.packet < b.packet; });
    for (const Item& item : items) {
      if (Read(item)) break;  // a significant alert ends the story
    }
    if (!client.stopped.empty()) Event(flow_.last_packet, flow_.last_time, "server's stream: " + client.stopped);
    if (!device.stopped.empty()) Event(flow_.last_packet, flow_.last_time, "device's stream: " + device.stopped);
    Conclude();
  }

 private:
  std::string Side(bool from_device) const { return from_device ? "device" : "server"; }
  void Event(uint64_t packet, double time, std::string text) { out_.events.push_back({packet, time, std::move(text)}); }
  std::string At(uint64_t packet, double time) const { return capture::At(packet, time, start_); }
  std::string SuiteText() const {
    if (!suite_) return "suite not seen";
    std::string text = tls::DescribeCipherSuite(*suite_).name;
    if (version_) text = tls::VersionName(*version_) + ", " + text;
    return text;
  }
  tls::KeyExchange Kind() const {
    return suite_ ? tls::DescribeCipherSuite(*suite_).key_exchange : tls::KeyExchange::kUnknown;
  }
  bool Tls13() const { return version_ && *version_ == 0x0304; }

  // Returns true when the record is an alert that decides the outcome.
  bool Read(const Item& item) {
    const tls::Record& r = *item.record;
    const std::string side = Side(item.from_device);
    switch (r.content_type) {
      case tls::kHandshake: {
        if (r.encrypted || r.handshake_types.empty()) {
          if (r.encrypted) Event(item.packet, item.time, fmt::format("{}: encrypted handshake message (Finished)", side));
          return false;
        }
        std::string names;
        for (uint8_t type : r.handshake_types) {
          if (!names.empty()) names += ", ";
          names += tls::HandshakeTypeName(type);
          const Step step{item.packet, item.time, tls::HandshakeTypeName(type)};
          last_step_ = step;
          last_step_side_ = side;
          if (type == tls::kServerHello && r.cipher_suite) {
            suite_ = r.cipher_suite;
            version_ = r.selected_version;
            names += " (" + SuiteText() + ")";
          }
          if (!item.from_device && type == tls::kClientKeyExchange && !cke_) {
            cke_ = step;
            psk_identity_ = PskIdentity(r.client_key_exchange);
          }
          if (!item.from_device && type == tls::kCertificateMessage && !client_certificate_) client_certificate_ = step;
        }
        Event(item.packet, item.time, fmt::format("{}: {}", side, names));
        if (Tls13() && item.from_device) {
          Event(item.packet, item.time, "TLS 1.3: alerts after ServerHello are encrypted and cannot be classified");
        }
        return false;
      }
      case tls::kChangeCipherSpec:
        (item.from_device ? device_ccs_ : client_ccs_) = true;
        Event(item.packet, item.time, fmt::format("{}: ChangeCipherSpec", side));
        return false;
      case tls::kApplicationData:
        (item.from_device ? device_app_records_ : client_app_records_) += 1;
        return false;
      case tls::kAlert:
        return ReadAlert(item);
      default:
        return false;
    }
  }

  bool ReadAlert(const Item& item) {
    const tls::Record& r = *item.record;
    const std::string side = Side(item.from_device);
    if (r.encrypted || !r.alert_description) {
      Event(item.packet, item.time, fmt::format("{}: encrypted alert (cannot be classified)", side));
      return false;
    }
    const uint8_t d = *r.alert_description;
    const bool fatal = r.alert_level && *r.alert_level == tls::kAlertFatal;
    Event(item.packet, item.time,
          fmt::format("{}: {} alert {}", side, fatal ? "fatal" : "warning", tls::AlertName(d)));
    if (d == 0 || (!fatal && !tls::IsCertificateAlert(d))) return false;  // close_notify, warnings
    Classify(item, d, fatal);
    return true;
  }

  void Classify(const Item& item, uint8_t d, bool fatal) {
    const std::string alert = fmt::format("{}alert {}", fatal ? "fatal " : "", tls::AlertName(d));
    const std::string at = At(item.packet, item.time);
    if (!item.from_device) {
      out_.failure = Make(provision::codes::kTlsFailed,
                          fmt::format("the server sent {} ({}) to the device on {} ({})", alert, at, flow_.server.ToString(),
                                      SuiteText()),
                          item.packet, item.time);
      return;
    }
    const tls::KeyExchange kind = Kind();
    if (tls::IsCertificateAlert(d) || (kind == tls::KeyExchange::kCertificate && client_certificate_)) {
      const std::string after = client_certificate_ ? fmt::format(" after the server's Certificate ({})",
                                                                  At(client_certificate_.packet, client_certificate_.time))
                                                    : "";
      out_.failure = Make(causes::kPkiCertificateAlert,
                          fmt::format("the device sent {} ({}){} on {}: it refused the provisioning certificate chain "
                                      "(root hash not enabled, OU/OID, CN domain suffix, or expiry)",
                                      alert, at, after, SuiteText()),
                          item.packet, item.time);
      return;
    }
    if (kind == tls::KeyExchange::kPsk && cke_) {
      const std::string identity = psk_identity_.empty() ? "" : fmt::format(", PSK identity \"{}\"", psk_identity_);
      const std::string meaning = d == 115 ? "the device does not know this PSK identity (PID)"
                                           : "the PPS the server used for this PID is not the device's";
      out_.failure = Make(causes::kPskHandshakeAlert,
                          fmt::format("the device sent {} ({}) after the server's ClientKeyExchange ({}{}) on {}: {}",
                                      alert, at, At(cke_.packet, cke_.time), identity, SuiteText(), meaning),
                          item.packet, item.time);
      return;
    }
    const std::string_view code = d == 70 ? provision::codes::kTlsVersionRefused : provision::codes::kTlsFailed;
    const std::string where = last_step_ ? fmt::format(" after the {}'s {} ({})", last_step_side_, last_step_.name,
                                                       At(last_step_.packet, last_step_.time))
                                         : "";
    out_.failure = Make(code,
                        fmt::format("the device sent {} ({}){} before any key exchange on {}: no common TLS version "
                                    "or cipher suite",
                                    alert, at, where, SuiteText()),
                        item.packet, item.time);
  }

  bool Established() const {
    if (Tls13()) return client_app_records_ >= 2 && device_app_records_ >= 2;
    return client_ccs_ && device_ccs_ && (client_app_records_ > 0 || device_app_records_ > 0);
  }

  void Conclude() {
    if (out_.failure) return;
    const uint64_t bytes = flow_.to_server.length + flow_.to_client.length;
    if (Established()) {
      out_.established = true;
      out_.established_packet = flow_.first_packet;
      out_.established_time = flow_.first_time;
      out_.established_evidence = fmt::format("TLS session established ({}) from {} to {} ({}); {} bytes exchanged",
                                              SuiteText(), flow_.client.ToString(), flow_.server.ToString(),
                                              At(flow_.first_packet, flow_.first_time), bytes);
      Event(flow_.last_packet, flow_.last_time, out_.established_evidence);
      return;
    }
    if (client_ccs_ && device_ccs_) {
      Event(flow_.last_packet, flow_.last_time, "TLS handshake completed; no application data");
      return;
    }
    const Stream& device = flow_.to_client;
    const Stream& server = flow_.to_server;
    const std::string after =
        last_step_ ? fmt::format(" after the {}'s {} ({})", last_step_side_, last_step_.name,
                                 At(last_step_.packet, last_step_.time))
                   : "";
    const std::string tls13 = Tls13() ? " (TLS 1.3: alerts after ServerHello are encrypted and cannot be classified)" : "";
    if (device.rst_packet != 0 || device.fin_packet != 0) {
      const bool reset = device.rst_packet != 0;
      const uint64_t packet = reset ? device.rst_packet : device.fin_packet;
      const double time = reset ? device.rst_time : device.fin_time;
      out_.failure = Make(provision::codes::kTlsFailed,
                          fmt::format("the device {} the connection ({}) during the TLS handshake{}, without an alert{}",
                                      reset ? "reset" : "closed", At(packet, time), after, tls13),
                          packet, time);
      return;
    }
    if (server.rst_packet != 0 || server.fin_packet != 0) {
      const bool reset = server.rst_packet != 0;
      const uint64_t packet = reset ? server.rst_packet : server.fin_packet;
      const double time = reset ? server.rst_time : server.fin_time;
      const bool silent = flow_.to_client.bytes.empty();
      out_.failure = Make(silent ? provision::codes::kTlsTimeout : provision::codes::kTlsFailed,
                          silent ? fmt::format("the device never answered the server's ClientHello; the server gave up "
                                               "({})",
                                               At(packet, time))
                                 : fmt::format("the server {} the connection ({}) during the TLS handshake{}{}",
                                               reset ? "reset" : "closed", At(packet, time), after, tls13),
                          packet, time);
      return;
    }
    Event(flow_.last_packet, flow_.last_time, "the capture ends during the TLS handshake");
  }

  const Flow& flow_;
  double start_;
  ConnectBackOutcome& out_;
  std::optional<uint16_t> suite_;
  std::optional<uint16_t> version_;
  Step cke_;
  Step client_certificate_;
  Step last_step_;
  std::string last_step_side_;
  std::string psk_identity_;
  bool client_ccs_ = false;
  bool device_ccs_ = false;
  uint32_t client_app_records_ = 0;
  uint32_t device_app_records_ = 0;
};

}  // namespace

ConnectBackOutcome AnalyzeConnectBack(const Flow& f, double start) {
  ConnectBackOutcome out;
  const std::string route = fmt::format("{} to {}", f.client.ToString(), f.server.ToString());
  switch (f.handshake()) {
    case Handshake::kRefused:
      out.events.push_back({f.syn_packet, f.syn_time,
                            fmt::format("connect-back {}: SYN refused (RST {})", route,
                                        At(f.to_client.rst_packet, f.to_client.rst_time, start))});
      out.failure = Make(causes::kConnectBackRefused,
                         fmt::format("the server's connection {} ({}) was refused by RST ({}): nothing listens on {} "
                                     "(the device is not in Setup Mode any more, or the server used the wrong address)",
                                     route, At(f.syn_packet, f.syn_time, start),
                                     At(f.to_client.rst_packet, f.to_client.rst_time, start), f.server.port),
                         f.syn_packet, f.syn_time);
      return out;
    case Handshake::kNoAnswer:
      out.events.push_back({f.syn_packet, f.syn_time,
                            fmt::format("connect-back {}: {} SYN(s), no answer", route, f.syn_count)});
      out.failure = Make(causes::kConnectBackRefused,
                         fmt::format("the server's connection {} got no answer: {} SYN(s) from {}, no SYN-ACK (device "
                                     "off or at another address, or a firewall drops port {})",
                                     route, f.syn_count, At(f.syn_packet, f.syn_time, start), f.server.port),
                         f.syn_packet, f.syn_time);
      return out;
    case Handshake::kCompleted:
      out.events.push_back({f.syn_packet != 0 ? f.syn_packet : f.first_packet, f.syn_packet != 0 ? f.syn_time : f.first_time,
                            fmt::format("connect-back {}: connected", route)});
      break;
    case Handshake::kNotSeen:
      out.events.push_back({f.first_packet, f.first_time,
                            fmt::format("connect-back {} (already open when the capture started)", route)});
      break;
  }
  if (f.server.port != 16993) {
    const uint64_t bytes = f.to_server.length + f.to_client.length;
    out.events.push_back({f.last_packet, f.last_time,
                          fmt::format("plain HTTP on {}: {} bytes to the device, {} back", f.server.port,
                                      f.to_server.length, f.to_client.length)});
    if (f.to_server.length > 0 && f.to_client.length > 0) {
      out.established = true;
      out.established_packet = f.first_packet;
      out.established_time = f.first_time;
      out.established_evidence = fmt::format("HTTP session on {} ({}); {} bytes exchanged", f.server.ToString(),
                                             At(f.first_packet, f.first_time, start), bytes);
    }
    return out;
  }
  TlsReading(f, start, out).Run();
  return out;
}

}  // namespace openscs::capture
