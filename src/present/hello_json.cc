#include "present/hello_json.h"

#include <fmt/format.h>

#include "base/hex.h"
#include "protocol/hello/hello_format.h"

namespace openscs::present {

using nlohmann::json;

namespace {

std::string DashedPid(const std::string& pid) { return pid.substr(0, 4) + "-" + pid.substr(4); }

base::Result<hello::HashAlgorithm> ParseAlgorithm(std::string_view name) {
  for (auto a : {hello::HashAlgorithm::kSha1, hello::HashAlgorithm::kSha256, hello::HashAlgorithm::kSha384}) {
    if (name == hello::HashAlgorithmName(a)) return a;
  }
  return base::DataLoss(fmt::format("unknown hash algorithm '{}'", name));
}

}  // namespace

json HelloJson(const hello::Hello& h) {
  json j;
  j["method"] = h.method == hello::Method::kPsk ? "psk" : "pki";
  j["interface_version"] = hello::InterfaceVersion(h.method);
  j["admin_credentials_set"] = h.admin_credentials_set;
  j["retry_count"] = h.retry_count;
  j["uuid"] = h.uuid.ToString();
  if (h.method == hello::Method::kPsk) {
    j["pid"] = DashedPid(h.pid);
  } else {
    j["hashes"] = json::array();
    for (const auto& hash : h.hashes) {
      j["hashes"].push_back(
          {{"algorithm", hello::HashAlgorithmName(hash.algorithm)}, {"digest", base::ToHex(hash.digest)}});
    }
  }
  return j;
}

std::vector<HelloField> HelloFields(const hello::Hello& h) {
  using namespace hello;
  std::vector<HelloField> out;
  out.push_back({kOffsetAdminCredentials, 2, "admin_credentials_set", h.admin_credentials_set ? "1 (yes)" : "0 (no)",
                 "the device says its admin credentials were set; unreliable on real firmware, so shown, never "
                 "acted on"});
  out.push_back({kOffsetInterfaceVersion, 2, "interface_version",
                 fmt::format("{} ({})", InterfaceVersion(h.method), h.method == Method::kPsk ? "PSK" : "PKI"),
                 h.method == Method::kPsk ? "2: a PSK hello; the server connects back over TLS-PSK with the PID's pair"
                                          : "3: a PKI hello; the server connects back with a provisioning certificate "
                                            "whose root hash the device lists"});
  out.push_back({kOffsetRetryCount, 4, "retry_count", std::to_string(h.retry_count),
                 "hellos already sent in this cycle (0..14 documented; more is accepted with a warning)"});
  out.push_back({kOffsetUuid, kUuidSize, "uuid", h.uuid.ToString(),
                 "the device's UUID in SMBIOS byte order (the first three fields little-endian)"});
  if (h.method == Method::kPsk) {
    out.push_back({kOffsetPid, kPidSize, "pid", DashedPid(h.pid),
                   "the PID of the PID/PPS pair entered in the MEBx or by setup.bin; the server looks up its PPS"});
    return out;
  }
  out.push_back({kOffsetHashCount, 1, "hash_count", std::to_string(h.hashes.size()),
                 "how many root-certificate hashes follow (the device's enabled ones)"});
  size_t offset = kPkiFixedSize;
  for (size_t i = 0; i < h.hashes.size(); ++i) {
    const size_t length = kHashEntryHeaderSize + h.hashes[i].digest.size();
    out.push_back({offset, length, fmt::format("hashes[{}]", i),
                   fmt::format("{} {}", HashAlgorithmName(h.hashes[i].algorithm), base::ToHex(h.hashes[i].digest)),
                   "u8 type, u8 length, then the thumbprint of a root certificate the device trusts"});
    offset += length;
  }
  return out;
}

base::Result<hello::Hello> LastHelloOf(const store::SystemRecord& s) {
  hello::Hello h;
  auto uuid = base::Guid::Parse(s.uuid);
  if (!uuid) return base::DataLoss(fmt::format("stored uuid '{}' is not a UUID", s.uuid));
  h.uuid = *uuid;
  if (s.hello_version == hello::kVersionPsk) {
    h.method = hello::Method::kPsk;
  } else if (s.hello_version == hello::kVersionPki) {
    h.method = hello::Method::kPki;
  } else {
    return base::DataLoss(fmt::format("stored hello version {} is neither 2 (PSK) nor 3 (PKI)", s.hello_version));
  }
  h.retry_count = s.last_retry_count;
  h.admin_credentials_set = s.admin_credentials_set;
  h.pid = s.pid;
  for (size_t i = 0; i < s.hashes.size(); ++i) {
    const std::string& text = s.hashes[i];
    const size_t colon = text.find(':');
    if (colon == std::string::npos) {
      return base::DataLoss(fmt::format("stored hashes[{}] '{}' is not ALGORITHM:HEX", i, text));
    }
    auto algorithm = ParseAlgorithm(std::string_view(text).substr(0, colon));
    if (!algorithm) return algorithm.error().WithContext(fmt::format("stored hashes[{}]", i));
    auto digest = base::FromHex(std::string_view(text).substr(colon + 1));
    if (!digest) return base::DataLoss(fmt::format("stored hashes[{}] digest is not hex", i));
    h.hashes.push_back({*algorithm, std::move(digest).value()});
  }
  // Encode() checks what the wire allows (PID characters, digest sizes).
  if (auto bytes = hello::Encode(h); !bytes) return base::DataLoss(bytes.error().message());
  return h;
}

json HelloFieldsJson(const hello::Hello& h, std::span<const std::byte> bytes) {
  json j{{"size", bytes.size()}, {"hex", base::ToHex(bytes)}, {"fields", json::array()}};
  for (const auto& f : HelloFields(h)) {
    const bool inside = f.offset + f.length <= bytes.size();
    j["fields"].push_back({{"offset", f.offset},
                           {"length", f.length},
                           {"name", f.name},
                           {"value", f.value},
                           {"hex", inside ? base::ToHex(bytes.subspan(f.offset, f.length)) : std::string()},
                           {"meaning", f.meaning}});
  }
  return j;
}

}  // namespace openscs::present
