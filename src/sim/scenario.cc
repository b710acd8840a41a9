#include "sim/scenario.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/hex.h"

namespace openscs::sim {
namespace {

using nlohmann::json;

constexpr std::array kFaultNames = {
    std::pair{Fault::kWrongPps, "wrong_pps"},
    std::pair{Fault::kUnknownPid, "unknown_pid"},
    std::pair{Fault::kNoDnsRecord, "no_dns_record"},
    std::pair{Fault::kServerUnreachable, "server_unreachable"},
    std::pair{Fault::kDropMidSession, "drop_mid_session"},
    std::pair{Fault::kSlowResponses, "slow_responses"},
    std::pair{Fault::kKeyGenerationBusy, "key_generation_busy"},
    std::pair{Fault::kHashNotInList, "hash_not_in_list"},
    std::pair{Fault::kDomainMismatch, "domain_mismatch"},
    std::pair{Fault::kMebxPasswordChanged, "mebx_password_changed"},
    std::pair{Fault::kAmtDisabled, "amt_disabled"},
};

// 127.a.b.c + n, skipping .0 and .255 host parts.
base::Result<std::string> NthAddress(std::string_view base, size_t n) {
  std::array<unsigned, 4> o{};
  if (std::sscanf(std::string(base).c_str(), "%u.%u.%u.%u", &o[0], &o[1], &o[2], &o[3]) != 4 || o[0] != 127 ||
      o[1] > 255 || o[2] > 255 || o[3] > 255) {
    return base::InvalidArgument(fmt::format("address '{}' is not a 127.x.y.z loopback address", base));
  }
  uint32_t value = o[1] << 16 | o[2] << 8 | o[3];
  for (size_t i = 0; i < n; ++i) {
    do {
      ++value;
    } while ((value & 0xff) == 0 || (value & 0xff) == 255);
  }
  if (value > 0xffffff) return base::InvalidArgument(fmt::format("{} devices from {} run past 127.255.255.254", n, base));
  return fmt::format("127.{}.{}.{}", value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff);
}

template <typename T>
base::Result<T> Get(const json& j, const char* key, T fallback, const std::string& where) {
  if (!j.contains(key)) return fallback;
  try {
    return j.at(key).get<T>();
  } catch (const json::exception& e) {
    return base::InvalidArgument(fmt::format("{}.{}: {}", where, key, e.what()));
  }
}

base::Result<std::vector<device::CertHashEntry>> ParseHashes(const json& j, const std::string& where) {
  std::vector<device::CertHashEntry> out;
  if (!j.contains("extra_hashes")) return out;
  if (!j["extra_hashes"].is_array()) return base::InvalidArgument(where + ".extra_hashes: expected an array");
  for (const auto& item : j["extra_hashes"]) {
    if (!item.is_string()) return base::InvalidArgument(where + ".extra_hashes: expected \"ALG:HEX\" strings");
    const std::string text = item.get<std::string>();
    const size_t colon = text.find(':');
    device::CertHashEntry e;
    const std::string alg = text.substr(0, colon);
    e.algorithm = alg == "sha256" ? hello::HashAlgorithm::kSha256
                  : alg == "sha384" ? hello::HashAlgorithm::kSha384
                                    : hello::HashAlgorithm::kSha1;
    auto digest = base::FromHex(colon == std::string::npos ? "" : text.substr(colon + 1));
    if (!digest || digest->size() != hello::DigestSize(e.algorithm)) {
      return base::InvalidArgument(fmt::format("{}.extra_hashes: '{}' is not ALG:HEX of the right length", where, text));
    }
    e.digest = std::move(digest).value();
    e.name = "Scenario root";
    e.origin = device::CertHashEntry::Origin::kOem;
    out.push_back(std::move(e));
  }
  return out;
}

bool Has(const std::vector<Fault>& faults, Fault f) { return std::find(faults.begin(), faults.end(), f) != faults.end(); }

}  // namespace

std::string_view FaultName(Fault fault) {
  for (const auto& [f, name] : kFaultNames) {
    if (f == fault) return name;
  }
  return "unknown";
}

base::Result<Fault> ParseFault(std::string_view name) {
  for (const auto& [f, n] : kFaultNames) {
    if (n == name) return f;
  }
  std::vector<std::string_view> names;
  for (const auto& [f, n] : kFaultNames) names.push_back(n);
  return base::InvalidArgument(fmt::format("unknown fault '{}' (known: {})", name, fmt::join(names, ", ")));
}

std::vector<Fault> AllFaults() {
  std::vector<Fault> out;
  for (const auto& [f, n] : kFaultNames) out.push_back(f);
  return out;
}

base::Result<Scenario> ParseScenario(std::string_view text, uint32_t seed_override) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    return base::InvalidArgument(fmt::format("scenario: not JSON: {}", e.what()));
  }
  if (!root.is_object()) return base::InvalidArgument("scenario: expected a JSON object");
  Scenario s;
  auto accel = Get<double>(root, "acceleration", 1.0, "scenario");
  if (!accel) return accel.error();
  if (*accel < 1.0) return base::InvalidArgument("scenario.acceleration: must be at least 1");
  s.acceleration = *accel;
  auto plain = Get<bool>(root, "setup_over_plain_http", false, "scenario");
  if (!plain) return plain.error();
  s.setup_over_plain_http = *plain;
  if (root.contains("tls")) {
    const json& t = root["tls"];
    if (!t.is_object()) return base::InvalidArgument("scenario.tls: expected an object");
    auto tls10 = Get<bool>(t, "allow_tls10", s.tls.allow_tls10, "scenario.tls");
    auto psk = Get<std::string>(t, "psk_ciphers", s.tls.psk_ciphers, "scenario.tls");
    auto rsa = Get<std::string>(t, "rsa_ciphers", s.tls.rsa_ciphers, "scenario.tls");
    if (!tls10) return tls10.error();
    if (!psk) return psk.error();
    if (!rsa) return rsa.error();
    s.tls.allow_tls10 = *tls10;
    s.tls.psk_ciphers = *psk;
    s.tls.rsa_ciphers = *rsa;
  }
  auto seed = Get<uint32_t>(root, "seed", 1, "scenario");
  if (!seed) return seed.error();
  std::mt19937 engine(seed_override != 0 ? seed_override : *seed);
  const base::RandomSource random = [&engine](std::span<std::byte> out) {
    for (auto& b : out) b = static_cast<std::byte>(engine() & 0xff);
  };
  auto keys_out = Get<std::string>(root, "keys_out", "", "scenario");
  if (!keys_out) return keys_out.error();
  s.keys_out = *keys_out;
  auto trusted = Get<std::string>(root, "trusted_root_sha1", "", "scenario");
  if (!trusted) return trusted.error();
  s.trusted_root_sha1 = *trusted;
  auto server = Get<std::string>(root, "server", "", "scenario");
  auto dns_server = Get<std::string>(root, "dns_server", "", "scenario");
  auto domain = Get<std::string>(root, "domain", "", "scenario");
  for (const auto* r : {&server, &dns_server, &domain}) {
    if (!*r) return r->error();
  }

  if (!root.contains("groups") || !root["groups"].is_array() || root["groups"].empty()) {
    return base::InvalidArgument("scenario.groups: expected a non-empty array of device groups");
  }
  size_t device_index = 0;
  for (size_t g = 0; g < root["groups"].size(); ++g) {
    const json& group = root["groups"][g];
    const std::string where = fmt::format("groups[{}]", g);
    if (!group.is_object()) return base::InvalidArgument(where + ": expected an object");
    auto count = Get<size_t>(group, "count", 1, where);
    if (!count) return count.error();
    if (*count == 0 || *count > 100000) return base::InvalidArgument(where + ".count: must be 1..100000");
    auto address = Get<std::string>(group, "address", "", where);
    if (!address) return address.error();
    if (address->empty()) return base::InvalidArgument(where + ".address: required (the first device's 127.x.y.z)");
    auto version_text = Get<std::string>(group, "amt_version", "3.2.1", where);
    if (!version_text) return version_text.error();
    auto version = amt::Version::Parse(*version_text);
    if (!version) return version.error().WithContext(where + ".amt_version");
    auto caps = amt::CapabilitiesOf(*version);
    if (!caps) return caps.error().WithContext(where + ".amt_version");
    auto mode = Get<std::string>(group, "mode", "psk", where);
    if (!mode) return mode.error();
    static const std::array kModes = {"disabled", "factory", "password-changed", "psk", "pki"};
    if (std::find(kModes.begin(), kModes.end(), *mode) == kModes.end()) {
      return base::InvalidArgument(
          fmt::format("{}.mode: '{}' is not one of disabled, factory, password-changed, psk, pki", where, *mode));
    }
    if (*mode == "pki" && !caps->remote_configuration) {
      return base::InvalidArgument(fmt::format("{}: AMT {} has no Remote Configuration (mode pki)", where, *version_text));
    }
    if (*mode == "psk" && !caps->psk_hello) {
      return base::InvalidArgument(fmt::format("{}: AMT {} has no PSK provisioning (mode psk)", where, *version_text));
    }
    std::vector<Fault> faults;
    if (group.contains("faults")) {
      if (!group["faults"].is_array()) return base::InvalidArgument(where + ".faults: expected an array of names");
      for (const auto& f : group["faults"]) {
        if (!f.is_string()) return base::InvalidArgument(where + ".faults: expected names");
        auto fault = ParseFault(f.get<std::string>());
        if (!fault) return fault.error().WithContext(where + ".faults");
        faults.push_back(*fault);
      }
    }
    auto hashes = ParseHashes(group, where);
    if (!hashes) return hashes.error();
    auto group_server_r = Get<std::string>(group, "server", *server, where);
    auto group_domain_r = Get<std::string>(group, "domain", *domain, where);
    auto group_dns_r = Get<std::string>(group, "dns_server", *dns_server, where);
    auto schedule_r = Get<std::string>(group, "hello_schedule", "", where);
    for (const auto* r : {&group_server_r, &group_domain_r, &group_dns_r, &schedule_r}) {
      if (!*r) return r->error();
    }
    const std::string& group_server = *group_server_r;
    const std::string& group_domain = *group_domain_r;
    const std::string& group_dns = *group_dns_r;
    const std::string& schedule = *schedule_r;
    if (!schedule.empty()) {
      if (auto p = device::ProfileByName(schedule); !p) return p.error().WithContext(where + ".hello_schedule");
    }

    for (size_t i = 0; i < *count; ++i, ++device_index) {
      DeviceSpec d;
      d.faults = faults;
      d.starting_mode = *mode;
      auto addr = NthAddress(*address, i);
      if (!addr) return addr.error().WithContext(where + ".address");
      d.config.address = *addr;
      d.config.dns_server = group_dns;
      d.factory.version = *version;
      std::array<std::byte, 16> uuid{};
      random(uuid);
      d.factory.uuid = base::Guid(uuid);
      d.factory.network.domain_name = Has(faults, Fault::kDomainMismatch) ? "mismatch.invalid" : group_domain;
      d.factory.network.dhcp_domain_suffix = d.factory.network.domain_name;
      if (!schedule.empty()) {
        if (*mode == "pki") d.factory.oem.pki_schedule = schedule;
        else d.factory.oem.psk_schedule = schedule;
      }
      // Static server address (as set in MEBx), unless the device must find
      // the server by DNS.
      if (!group_server.empty() && !Has(faults, Fault::kNoDnsRecord)) {
        const size_t colon = group_server.rfind(':');
        d.factory.setup.provisioning_server_address = group_server.substr(0, colon);
        if (colon != std::string::npos) {
          const std::string port_text = group_server.substr(colon + 1);
          unsigned port = 0;
          const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
          if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port == 0 || port > 65535) {
            return base::InvalidArgument(fmt::format("{}.server: '{}' has no valid port", where, group_server));
          }
          d.factory.setup.provisioning_server_port = static_cast<uint16_t>(port);
        }
      }
      if (Has(faults, Fault::kNoDnsRecord)) d.factory.network.domain_name = "no-dns-record.invalid";
      d.config.faults.server_unreachable = Has(faults, Fault::kServerUnreachable);
      if (Has(faults, Fault::kDropMidSession)) d.config.faults.drop_after_requests = 2;
      if (Has(faults, Fault::kSlowResponses)) d.config.faults.slow_response = std::chrono::seconds(3);
      d.factory.extra_hashes = *hashes;
      if (*mode == "pki" && !s.trusted_root_sha1.empty() && !Has(faults, Fault::kHashNotInList)) {
        device::CertHashEntry e;
        e.digest = base::FromHex(s.trusted_root_sha1).value_or(std::vector<std::byte>{});
        e.name = "Scenario provisioning root";
        e.origin = device::CertHashEntry::Origin::kOem;
        if (e.digest.size() == 20) d.factory.extra_hashes.push_back(std::move(e));
      }
      d.factory.amt_enabled = !(Has(faults, Fault::kAmtDisabled) || *mode == "disabled");
      d.factory.remote_configuration = *mode == "pki" && !Has(faults, Fault::kMebxPasswordChanged);
      if (*mode == "password-changed" || *mode == "psk" || Has(faults, Fault::kMebxPasswordChanged)) {
        d.mebx_password = fmt::format("Sim-{:04x}!a1", device_index & 0xffff);
      }
      if (*mode == "psk" && !Has(faults, Fault::kMebxPasswordChanged)) {
        const pidpps::Pair pair = pidpps::Generate(random);
        d.factory.oem_pid = std::string(pair.pid.compact());
        d.factory.oem_pps = std::string(pair.pps.compact());
        if (Has(faults, Fault::kWrongPps)) {
          s.server_keys.push_back({{pair.pid, pidpps::Generate(random).pps}, d.mebx_password});
        } else if (!Has(faults, Fault::kUnknownPid)) {
          s.server_keys.push_back({pair, d.mebx_password});
        }
      }
      s.devices.push_back(std::move(d));
    }
  }
  return s;
}

base::Status WriteServerKeys(const Scenario& scenario) {
  if (scenario.keys_out.empty()) return base::Status::Ok();
  const std::string& path = scenario.keys_out;
  const std::string csv = pidpps::FormatKeyCsv(scenario.server_keys);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) return base::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  // An existing file keeps its mode on open(); narrow it before any secret lands in it.
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
  for (size_t done = 0; ok && done < csv.size();) {
    const ssize_t n = ::write(fd, csv.data() + done, csv.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  const int saved = errno;
  if (::close(fd) != 0 || !ok) {
    return base::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(ok ? errno : saved)));
  }
  return base::Status::Ok();
}

base::Status PrepareDevice(const DeviceSpec& spec, device::Device& device, base::TimePoint now) {
  // The ME answers 0x80D (still generating its RSA key) this many times.
  if (Has(spec.faults, Fault::kKeyGenerationBusy)) device.faults().generating_keys_busy = 3;
  if (!spec.mebx_password.empty() && device.credentials().mebx_password == "admin") {
    if (auto st = device.MebxLogin("admin", spec.mebx_password); !st.ok()) return st;
  }
  (void)now;
  return base::Status::Ok();
}

}  // namespace openscs::sim
