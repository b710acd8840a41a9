#include "http/digest.h"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "base/hex.h"

namespace openscs::http {
namespace {

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses `Digest k=v, k="v", ...` into lower-cased names and unquoted values.
base::Result<std::map<std::string, std::string>> ParseParams(std::string_view header) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
  };
  skip_space();
  if (header.size() - i < 6 || Lower(header.substr(i, 6)) != "digest" ||
      (header.size() > i + 6 && header[i + 6] != ' ' && header[i + 6] != '\t')) {
    return base::InvalidArgument("digest: header does not start with the Digest scheme");
  }
  i += 6;
  std::map<std::string, std::string> params;
  while (true) {
    skip_space();
    while (i < header.size() && header[i] == ',') {
      ++i;
      skip_space();
    }
    if (i >= header.size()) break;
    const size_t name_start = i;
    while (i < header.size() && IsTokenChar(header[i])) ++i;
    if (i == name_start) return base::InvalidArgument(fmt::format("digest: expected a parameter name at column {}", i));
    std::string name = Lower(header.substr(name_start, i - name_start));
    skip_space();
    if (i >= header.size() || header[i] != '=') {
      return base::InvalidArgument(fmt::format("digest: parameter '{}' has no '=' (column {})", name, i));
    }
    ++i;
    skip_space();
    std::string value;
    if (i < header.size() && header[i] == '"') {
      ++i;
      bool closed = false;
      while (i < header.size()) {
        const char c = header[i++];
        if (c == '\\' && i < header.size()) {
          value.push_back(header[i++]);
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          value.push_back(c);
        }
      }
      if (!closed) return base::InvalidArgument(fmt::format("digest: unterminated quoted value of '{}'", name));
    } else {
      const size_t value_start = i;
      while (i < header.size() && IsTokenChar(header[i])) ++i;
      value = std::string(header.substr(value_start, i - value_start));
    }
    if (!params.emplace(name, std::move(value)).second) {
      return base::InvalidArgument(fmt::format("digest: parameter '{}' appears twice", name));
    }
    skip_space();
    if (i < header.size() && header[i] != ',') {
      return base::InvalidArgument(fmt::format("digest: expected ',' after '{}' (column {})", name, i));
    }
  }
  return params;
}

bool IsHex(std::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string RandomHex(const base::RandomSource& random, size_t bytes) {
  std::array<std::byte, 32> buf{};
  random(std::span(buf).first(bytes));
  return base::ToHex(std::span(buf).first(bytes));
}

base::Status Require(const std::map<std::string, std::string>& p, std::string_view name, std::string_view what) {
  if (p.find(std::string(name)) == p.end()) {
    return base::InvalidArgument(fmt::format("digest: {} lacks the '{}' parameter", what, name));
  }
  return base::Status::Ok();
}

std::string Get(const std::map<std::string, std::string>& p, const char* name) {
  auto it = p.find(name);
  return it == p.end() ? std::string() : it->second;
}

}  // namespace

std::string Md5Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // MD5 is what RFC 2617 Digest specifies; this is not a security choice of ours.
  EVP_Digest(text.data(), text.size(), md.data(), &len, EVP_md5(), nullptr);
  return base::ToHex(std::as_bytes(std::span(md.data(), len)));
}

std::string DigestHa1(std::string_view username, std::string_view realm, std::string_view password) {
  return Md5Hex(fmt::format("{}:{}:{}", username, realm, password));
}

std::string ExpectedResponse(const DigestAuthorization& auth, std::string_view method, std::string_view ha1) {
  const std::string ha2 = Md5Hex(fmt::format("{}:{}", method, auth.uri));
  if (auth.qop.empty()) return Md5Hex(fmt::format("{}:{}:{}", ha1, auth.nonce, ha2));
  return Md5Hex(fmt::format("{}:{}:{}:{}:{}:{}", ha1, auth.nonce, auth.nc, auth.cnonce, auth.qop, ha2));
}

std::string DigestChallenge::ToHeader() const {
  std::string out = fmt::format("Digest realm={}, nonce={}", Quote(realm), Quote(nonce));
  if (!opaque.empty()) out += ", opaque=" + Quote(opaque);
  if (!qop.empty()) out += ", qop=" + Quote(qop);
  if (stale) out += ", stale=true";
  return out;
}

base::Result<DigestChallenge> DigestChallenge::Parse(std::string_view header_value) {
  auto params = ParseParams(header_value);
  if (!params) return params.error();
  for (const char* name : {"realm", "nonce"}) {
    if (auto s = Require(*params, name, "challenge"); !s.ok()) return s;
  }
  DigestChallenge c;
  c.realm = Get(*params, "realm");
  c.nonce = Get(*params, "nonce");
  c.opaque = Get(*params, "opaque");
  c.qop = Get(*params, "qop");
  c.stale = Lower(Get(*params, "stale")) == "true";
  if (const auto algorithm = Get(*params, "algorithm"); !algorithm.empty() && Lower(algorithm) != "md5") {
    return base::InvalidArgument(fmt::format("digest: unsupported algorithm '{}'", algorithm));
  }
  return c;
}

std::string DigestAuthorization::ToHeader() const {
  std::string out = fmt::format("Digest username={}, realm={}, nonce={}, uri={}, response={}", Quote(username),
                                Quote(realm), Quote(nonce), Quote(uri), Quote(response));
  if (!qop.empty()) out += fmt::format(", qop={}, nc={}, cnonce={}", qop, nc, Quote(cnonce));
  if (!opaque.empty()) out += ", opaque=" + Quote(opaque);
  return out;
}

base::Result<DigestAuthorization> DigestAuthorization::Parse(std::string_view header_value) {
  auto params = ParseParams(header_value);
  if (!params) return params.error();
  for (const char* name : {"username", "realm", "nonce", "uri", "response"}) {
    if (auto s = Require(*params, name, "authorization"); !s.ok()) return s;
  }
  DigestAuthorization a;
  a.username = Get(*params, "username");
  a.realm = Get(*params, "realm");
  a.nonce = Get(*params, "nonce");
  a.uri = Get(*params, "uri");
  a.response = Lower(Get(*params, "response"));
  a.qop = Get(*params, "qop");
  a.nc = Get(*params, "nc");
  a.cnonce = Get(*params, "cnonce");
  a.opaque = Get(*params, "opaque");
  if (!IsHex(a.response, 32)) return base::InvalidArgument("digest: response is not 32 hex digits");
  if (!a.qop.empty()) {
    if (a.qop != "auth") return base::InvalidArgument(fmt::format("digest: unsupported qop '{}'", a.qop));
    if (a.cnonce.empty()) return base::InvalidArgument("digest: qop=auth needs a cnonce");
    // RFC 2617: nc-value = 8LHEX. It is written back unquoted, so anything
    // else would not survive a round trip.
    if (!IsHex(a.nc, 8)) return base::InvalidArgument("digest: nc is not 8 hex digits");
  }
  return a;
}

DigestAuthorization Answer(const DigestChallenge& challenge, std::string_view username, std::string_view password,
                           std::string_view method, std::string_view uri, uint32_t nc,
                           const base::RandomSource& random) {
  DigestAuthorization a;
  a.username = username;
  a.realm = challenge.realm;
  a.nonce = challenge.nonce;
  a.uri = uri;
  a.opaque = challenge.opaque;
  // Offer qop=auth whenever the server lists it among its options.
  if (challenge.qop.find("auth") != std::string::npos) {
    a.qop = "auth";
    a.nc = fmt::format("{:08x}", nc);
    a.cnonce = RandomHex(random, 8);
  }
  a.response = ExpectedResponse(a, method, DigestHa1(username, challenge.realm, password));
  return a;
}

DigestChallenge MakeChallenge(std::string_view realm, const base::RandomSource& random) {
  DigestChallenge c;
  c.realm = realm;
  c.nonce = RandomHex(random, 16);
  c.qop = "auth";
  return c;
}

std::string MakeAmtRealm(const base::RandomSource& random) {
  std::string hex = RandomHex(random, 16);
  for (char& ch : hex) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return "Digest:" + hex;
}

}  // namespace openscs::http
