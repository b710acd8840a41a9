#include "cli/hello_send.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/hex.h"
#include "cli/hello_probe.h"
#include "capture/tls_names.h"
#include "cli/tls_client_hello.h"
#include "diagnose/causes.h"
#include "dns/resolver.h"
#include "protocol/hello/hello.h"
#include "protocol/pidpps/pid_pps.h"

namespace openscs::cli {
namespace {

constexpr uint32_t kMaxRetryCount = 14;  // reference §3.4: 0-14
constexpr size_t kMaxHashes = 23;        // reference §3.3: 20 embedded + 3 custom before AMT 7
constexpr uint16_t kDefaultHelloPort = 9971;

struct SendOptions {
  std::string to;
  std::string uuid;
  std::string pid;
  std::vector<std::string> hashes;
  uint32_t retry = 0;
  int admin_set = 1;
  std::string from;
  uint16_t source_port = 0;
  int count = 1;
  double interval_s = 60;
  double connect_timeout_s = 5;
  std::string dns_server;
  bool check = false;
  double check_timeout_s = 30;
  uint16_t check_port = 16993;
  bool json = false;
};

struct Target {
  std::string host;  // as given, brackets removed
  uint16_t port = kDefaultHelloPort;
};

// HOST, HOST:PORT, [V6]:PORT, [V6], or a bare IPv6 address (no port).
base::Result<Target> ParseTarget(std::string_view text) {
  Target target;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return base::InvalidArgument("--to: '[' without ']'");
    target.host = std::string(text.substr(1, close - 1));
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return base::InvalidArgument(fmt::format("--to: unexpected '{}' after ']'", rest));
      port = rest.substr(1);
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    target.host = std::string(text.substr(0, text.find(':')));
    port = text.substr(text.find(':') + 1);
  } else {
    target.host = std::string(text);
  }
  if (target.host.empty()) return base::InvalidArgument("--to: no host given (HOST[:PORT])");
  if (port.data() != nullptr) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return base::InvalidArgument(fmt::format("--to: port '{}' is not a number from 1 to 65535", port));
    }
    target.port = static_cast<uint16_t>(value);
  }
  return target;
}

base::Result<hello::CertificateHash> ParseHash(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return base::InvalidArgument(fmt::format("--hash '{}': expected ALG:HEX (sha1:..., sha256:..., sha384:...)", text));
  }
  std::string algorithm(text.substr(0, colon));
  std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  hello::CertificateHash hash;
  if (algorithm == "sha1") {
    hash.algorithm = hello::HashAlgorithm::kSha1;
  } else if (algorithm == "sha256") {
    hash.algorithm = hello::HashAlgorithm::kSha256;
  } else if (algorithm == "sha384") {
    hash.algorithm = hello::HashAlgorithm::kSha384;
  } else {
    return base::InvalidArgument(
        fmt::format("--hash: unknown algorithm '{}' (a hello carries sha1, sha256 or sha384)", algorithm));
  }
  auto digest = base::FromHex(text.substr(colon + 1));
  if (!digest) return base::InvalidArgument(fmt::format("--hash {}: not hex: {}", algorithm, digest.error().message()));
  const size_t want = hello::DigestSize(hash.algorithm);
  if (digest->size() != want) {
    return base::InvalidArgument(fmt::format("--hash {}: {} bytes, but a {} digest is {} bytes ({} hex digits)",
                                             algorithm, digest->size(), algorithm, want, want * 2));
  }
  hash.digest = std::move(digest).value();
  return hash;
}

// The hello of the command line, retry count as given (--count adds to it).
base::Result<hello::Hello> BuildHello(const SendOptions& options) {
  hello::Hello h;
  auto uuid = base::Guid::Parse(options.uuid);
  if (!uuid) return base::InvalidArgument(fmt::format("--uuid '{}': {}", options.uuid, uuid.error().message()));
  h.uuid = *uuid;
  h.admin_credentials_set = options.admin_set == 1;
  h.retry_count = options.retry;
  if (!options.pid.empty()) {
    auto pid = pidpps::Pid::Parse(options.pid);
    if (!pid) return base::InvalidArgument(fmt::format("--pid: {}", pid.error().message()));
    h.method = hello::Method::kPsk;
    h.pid = std::string(pid->compact());
  } else {
    if (options.hashes.size() > kMaxHashes) {
      return base::InvalidArgument(
          fmt::format("--hash: {} given, but a hello carries at most {} (20 embedded + 3 custom roots)",
                      options.hashes.size(), kMaxHashes));
    }
    h.method = hello::Method::kPki;
    for (const auto& text : options.hashes) {
      auto hash = ParseHash(text);
      if (!hash) return hash.error();
      h.hashes.push_back(std::move(hash).value());
    }
  }
  return h;
}

std::string PidText(const hello::Hello& h) { return h.pid.substr(0, 4) + "-" + h.pid.substr(4); }

std::string_view FailureName(HelloProbeFailure failure) {
  switch (failure) {
    case HelloProbeFailure::kNone: return "none";
    case HelloProbeFailure::kBadAddress: return "bad_address";
    case HelloProbeFailure::kBindSource: return "bind_source_failed";
    case HelloProbeFailure::kBindCheck: return "bind_check_port_failed";
    case HelloProbeFailure::kConnectRefused: return "connect_refused";
    case HelloProbeFailure::kConnectTimeout: return "connect_timeout";
    case HelloProbeFailure::kConnectFailed: return "connect_failed";
    case HelloProbeFailure::kWriteFailed: return "write_failed";
  }
  return "unknown";
}

// Why a server that got the hello did not connect back, most likely first.
std::vector<std::string> NoConnectBackReasons(const hello::Hello& h, const std::string& from, uint16_t check_port) {
  std::vector<std::string> reasons;
  if (h.method == hello::Method::kPsk) {
    reasons.push_back(
        fmt::format("the server does not know PID {} (the seed's \"failed to find PID mapping\"): add its PID/PPS with "
                    "`openscs keys add {} PPS` or import the OEM's keys with `openscs keys import FILE`",
                    PidText(h), PidText(h)));
  } else {
    reasons.push_back(
        "no provisioning certificate on the server chains to a root whose hash the hello lists: import one "
        "(`openscs certs import FILE`) issued under one of the given roots, or send the hash of the root it "
        "chains to");
  }
  reasons.push_back(
      fmt::format("see what the server logged for this device: `openscs logs --uuid {}` (pid_not_found, "
                  "pki_no_matching_root, a failed attempt, or nothing at all if the hello went to another program)",
                  h.uuid.ToString()));
  reasons.push_back(fmt::format(
      "the server cannot reach {} (a firewall between it and this machine on port {}), or it is busy with other "
      "devices (max-concurrent) or already provisioned this UUID",
      EndpointText(from, check_port), check_port));
  return reasons;
}

nlohmann::json ClientHelloJson(const ClientHelloParse& parsed) {
  nlohmann::json j;
  j["client_hello"] = parsed.state == ClientHelloState::kComplete;
  if (parsed.state != ClientHelloState::kComplete) {
    j["reason"] = parsed.state == ClientHelloState::kNeedMore ? "incomplete" : parsed.reason;
    return j;
  }
  const ClientHello& ch = parsed.hello;
  j["client_version"] = capture::tls::VersionName(ch.client_version);
  j["supported_versions"] = nlohmann::json::array();
  for (uint16_t v : ch.supported_versions) j["supported_versions"].push_back(capture::tls::VersionName(v));
  j["cipher_suites"] = nlohmann::json::array();
  bool psk = false;
  bool rsa = false;
  for (uint16_t s : ch.cipher_suites) {
    const CipherSuiteInfo info = DescribeCipherSuite(s);
    if (info.signalling) continue;
    j["cipher_suites"].push_back(info.name);
    psk = psk || info.psk;
    rsa = rsa || info.rsa;
  }
  j["psk_offered"] = psk;
  j["rsa_offered"] = rsa;
  j["attempt"] = psk && !rsa ? "tls_psk" : rsa && !psk ? "pki" : psk ? "mixed" : "unknown";
  return j;
}

void PrintClientHello(const nlohmann::json& tls, const ConnectBack& back, const hello::Hello& h, std::ostream& out) {
  if (!tls["client_hello"].get<bool>()) {
    out << "  not a TLS ClientHello (" << tls["reason"].get<std::string>() << "): " << back.first_bytes.size()
        << " bytes";
    if (!back.first_bytes.empty()) {
      const size_t shown = std::min<size_t>(back.first_bytes.size(), 32);
      out << ", starting " << base::ToHex(std::span(back.first_bytes).first(shown));
    }
    out << (back.peer_closed ? ", then it closed" : "") << '\n';
    return;
  }
  std::string versions;
  if (!tls["supported_versions"].empty()) {
    versions = fmt::format("{}", fmt::join(tls["supported_versions"].get<std::vector<std::string>>(), ", "));
  } else {
    versions =
        tls["client_version"].get<std::string>() + " at most (a ClientHello up to TLS 1.2 names only its highest)";
  }
  out << "  TLS ClientHello: versions " << versions << '\n';
  out << "  cipher suites: " << fmt::format("{}", fmt::join(tls["cipher_suites"].get<std::vector<std::string>>(), ", "))
      << '\n';
  const std::string attempt = tls["attempt"].get<std::string>();
  if (attempt == "tls_psk") {
    out << "  PSK suites offered: a TLS-PSK attempt (identity: the PID "
        << (h.method == hello::Method::kPsk ? PidText(h) : std::string("?")) << ")\n";
  } else if (attempt == "pki") {
    out << "  RSA suites offered: a PKI (Remote Configuration) attempt with a provisioning certificate\n";
  } else {
    out << "  suites offered: " << attempt << " (neither clearly TLS-PSK nor PKI)\n";
  }
  if ((attempt == "tls_psk" && h.method != hello::Method::kPsk) ||
      (attempt == "pki" && h.method != hello::Method::kPki)) {
    out << "  warning: the hello was " << (h.method == hello::Method::kPsk ? "PSK" : "PKI")
        << ", but the server tried the other way\n";
  }
}

int RunSend(const SendOptions& options, Context& context) {
  auto usage = [&context](const base::Status& status) {
    context.err << "error: " << status.message() << '\n';
    return kExitUsage;
  };
  auto target = ParseTarget(options.to);
  if (!target) return usage(target.error());
  auto built = BuildHello(options);
  if (!built) return usage(built.error());
  const hello::Hello& base_hello = *built;

  HelloProbeOptions probe;
  probe.clock = context.clock;
  probe.to_port = target->port;
  probe.from_address = options.from;
  probe.source_port = options.source_port;
  probe.connect_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.connect_timeout_s * 1000));
  probe.interval = std::chrono::milliseconds(static_cast<int64_t>(options.interval_s * 1000));
  probe.check = options.check;
  probe.check_port = options.check_port;
  probe.check_timeout = std::chrono::milliseconds(static_cast<int64_t>(options.check_timeout_s * 1000));
  std::vector<uint32_t> retries;
  for (int i = 0; i < options.count; ++i) {
    hello::Hello h = base_hello;
    h.retry_count = std::min<uint32_t>(base_hello.retry_count + static_cast<uint32_t>(i), kMaxRetryCount);
    auto bytes = hello::Encode(h);
    if (!bytes) return usage(bytes.error());
    probe.messages.push_back(std::move(bytes).value());
    retries.push_back(h.retry_count);
  }

  nlohmann::json j;
  j["to"] = options.to;
  // A name is looked up in DNS, as the device would (no hosts file).
  std::vector<std::string> resolved;
  if (IsIpAddress(target->host)) {
    probe.to_address = target->host;
  } else {
    dns::ResolverOptions dns_options;
    dns_options.server = options.dns_server;
    auto addresses = dns::Resolver(dns_options).ResolveA(target->host);
    if (!addresses || addresses->empty()) {
      const std::string why = addresses ? "no A record" : addresses.error().message();
      context.err << fmt::format(
          "error: --to: {} does not resolve ({}); a device asks DNS the same way: check it with `openscs dns test`, "
          "or give the server's IP address\n",
          target->host, why);
      if (options.json) {
        j["ok"] = false;
        j["error"] = {{"kind", "name_not_resolved"}, {"message", why}};
        context.out << j.dump(2) << '\n';
      }
      return kExitFailure;
    }
    resolved = *addresses;
    probe.to_address = resolved.front();
  }

  const HelloProbeOutcome outcome = RunHelloProbe(probe);
  const HelloProbeResult& result = outcome.result;
  const std::string server = EndpointText(probe.to_address, probe.to_port);
  const char* kind = base_hello.method == hello::Method::kPsk ? "PSK" : "PKI";

  j["server"] = server;
  if (!resolved.empty()) j["resolved"] = resolved;
  j["from"] = result.from;
  j["hello"] = {{"method", base_hello.method == hello::Method::kPsk ? "psk" : "pki"},
                {"interface_version", hello::InterfaceVersion(base_hello.method)},
                {"admin_credentials_set", base_hello.admin_credentials_set},
                {"uuid", base_hello.uuid.ToString()},
                {"size", probe.messages.front().size()},
                {"hex", base::ToHex(probe.messages.front())}};
  if (base_hello.method == hello::Method::kPsk) {
    j["hello"]["pid"] = PidText(base_hello);
  } else {
    j["hello"]["hashes"] = nlohmann::json::array();
    for (const auto& hash : base_hello.hashes) {
      j["hello"]["hashes"].push_back(
          {{"algorithm", hello::HashAlgorithmName(hash.algorithm)}, {"digest", base::ToHex(hash.digest)}});
    }
  }
  j["sent"] = nlohmann::json::array();
  if (!resolved.empty() && !options.json) {
    context.out << fmt::format("{} resolves to {}\n", target->host, fmt::join(resolved, ", "));
  }
  if (options.check && !result.listened_on.empty() && !options.json) {
    context.out << "listening on " << result.listened_on
                << " for the server to connect back (standing in for the device)\n";
  }
  for (size_t i = 0; i < result.source_ports.size(); ++i) {
    j["sent"].push_back({{"retry_count", retries[i]}, {"source_port", result.source_ports[i]}});
    if (!options.json) {
      context.out << fmt::format("sent {} hello ({} bytes, retry {}) from {} to {}\n", kind, probe.messages[i].size(),
                                 retries[i], EndpointText(result.from, result.source_ports[i]), server);
    }
  }

  int exit_code = kExitOk;
  if (!outcome.ok()) {
    j["ok"] = false;
    j["error"] = {{"kind", FailureName(outcome.error.failure)}, {"message", outcome.error.message}};
    context.err << "error: " << outcome.error.message << '\n';
    exit_code = kExitFailure;
  } else if (options.check) {
    nlohmann::json check;
    check["listened_on"] = result.listened_on;
    check["timeout_s"] = options.check_timeout_s;
    if (result.connect_back) {
      const ConnectBack& back = *result.connect_back;
      const double after = std::chrono::duration<double>(back.after).count();
      const nlohmann::json tls = ClientHelloJson(ParseClientHello(back.first_bytes));
      check["connected_back"] = true;
      check["peer"] = back.peer;
      check["after_s"] = after;
      check["tls"] = tls;
      if (!options.json) {
        context.out << fmt::format("server connected back from {} after {:.1f} s\n", back.peer, after);
        PrintClientHello(tls, back, base_hello, context.out);
        context.out << "  closed the connection: this is not the device, so the handshake cannot be finished "
                       "(the server logs a failed attempt for this UUID)\n";
      }
    } else {
      const auto reasons = NoConnectBackReasons(base_hello, result.from, options.check_port);
      check["connected_back"] = false;
      check["cause"] = diagnose::causes::kServerNoConnectBack;
      check["reasons"] = reasons;
      context.err << fmt::format("no connect-back to {} within {} s (cause {})\n", result.listened_on,
                                 options.check_timeout_s, diagnose::causes::kServerNoConnectBack);
      context.err << "likely reasons, most likely first:\n";
      for (size_t i = 0; i < reasons.size(); ++i) context.err << fmt::format("  {}. {}\n", i + 1, reasons[i]);
      exit_code = kExitFailure;
    }
    j["check"] = check;
    j["ok"] = exit_code == kExitOk;
  } else {
    j["ok"] = true;
  }
  if (options.json) context.out << j.dump(2) << '\n';
  return exit_code;
}

}  // namespace

void AddHelloSendCommand(CLI::App& hello_command, Context& context, int& exit_code) {
  auto options = std::make_shared<SendOptions>();
  auto* send = hello_command.add_subcommand(
      "send", "Send a hello to a server as a device in Setup Mode would (connect to 9971, write, close)");
  send->add_option("--to", options->to, "The server: HOST[:PORT] (an IP address or a DNS name; PORT default 9971)")
      ->required();
  send->add_option("--uuid", options->uuid, "The device UUID, e.g. 4c4c4544-004b-4210-8033-b6c04f504633")->required();
  auto* pid = send->add_option("--pid", options->pid, "PSK hello (version 2) with this PID, e.g. 0000-037M");
  auto* hash = send->add_option("--hash", options->hashes,
                                "PKI hello (version 3) with this root certificate hash, ALG:HEX with ALG sha1, "
                                "sha256 or sha384; repeatable, at most 23");
  pid->excludes(hash);
  send->add_option("--retry", options->retry, "Retry count of the (first) hello, 0-14")
      ->capture_default_str()
      ->check(CLI::Range(0u, kMaxRetryCount));
  send->add_option("--admin-set", options->admin_set, "The admin-credentials-set flag, 0 or 1")
      ->capture_default_str()
      ->check(CLI::IsMember({0, 1}));
  send->add_option("--from", options->from,
                   "Send from this local address (what a device on that address sends from); default: the one the "
                   "system picks");
  send->add_option("--source-port", options->source_port,
                   "Send from this source port (the seed saw 16994); default: ephemeral");
  send->add_option("--count", options->count, "Send this many hellos, retry counts rising to 14")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  send->add_option("--interval", options->interval_s, "Seconds between hellos with --count")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  send->add_option("--connect-timeout", options->connect_timeout_s, "Seconds to wait for the server to accept")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 120.0));
  send->add_option("--dns-server", options->dns_server,
                   "Look HOST up at this DNS server (IP[:PORT]) instead of the system's, e.g. the one DHCP gives "
                   "devices");
  auto* check = send->add_flag(
      "--check", options->check,
      "Stand in for the device: listen on FROM:16993 and report whether the server connects back, and how");
  send->add_option("--check-timeout", options->check_timeout_s,
                   "With --check: seconds to wait after the last hello for the server to connect back")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0))
      ->needs(check);
  send->add_option("--check-port", options->check_port,
                   "With --check: the port the server connects back to (its device-tls-port)")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535))
      ->needs(check);
  send->add_flag("--json", options->json, "Machine-readable output");
  send->callback([options, &context, &exit_code, pid, hash] {
    if (pid->count() == 0 && hash->count() == 0) {
      throw CLI::RequiredError("--pid (a PSK hello) or --hash (a PKI hello)");
    }
    exit_code = RunSend(*options, context);
  });
}

}  // namespace openscs::cli
