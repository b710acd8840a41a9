#include "protocol/pidpps/pid_pps.h"

#include <array>
#include <cassert>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/hex.h"

namespace openscs::pidpps {
namespace {

// What differs between PID and PPS text. Only a public value's errors may
// show its characters.
struct Kind {
  std::string_view name;
  size_t length;
  bool secret;
};
constexpr Kind kPid{"PID", kPidLength, false};
constexpr Kind kPps{"PPS", kPpsLength, true};

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// A character for an error message: quoted if printable, else hex, so that a
// hostile byte cannot forge log lines or terminal escapes.
std::string Describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7f && c != '\'') return fmt::format("'{}'", c);
  return fmt::format("0x{:02X}", u);
}

// "group 2, character 1" for the character at compact index `index`.
std::string Where(size_t index) {
  return fmt::format("group {}, character {}", index / kGroupLength + 1, index % kGroupLength + 1);
}

base::Status BadCharacter(const Kind& kind, size_t index, char c) {
  if (kind.secret) return base::InvalidArgument(fmt::format("{} {} is not A-Z or 0-9", kind.name, Where(index)));
  return base::InvalidArgument(fmt::format("{} {} ({}) is not A-Z or 0-9", kind.name, Where(index), Describe(c)));
}

// Display text -> canonical compact upper-case text: a dash may stand at any
// group boundary (each one optional) and nowhere else. The length is checked
// first, since a wrong length explains every later complaint.
base::Result<std::string> Canonicalise(std::string_view text, const Kind& kind) {
  size_t dashes = 0;
  for (char c : text) dashes += c == '-' ? 1 : 0;
  const size_t characters = text.size() - dashes;
  if (characters != kind.length) {
    const size_t display_length = kind.length + kind.length / kGroupLength - 1;
    return base::InvalidArgument(fmt::format("{} must be {} characters ({} with dashes), got {}{}", kind.name,
                                             kind.length, display_length, characters,
                                             dashes == 0 ? "" : fmt::format(" plus {} dash(es)", dashes)));
  }
  std::string out;
  out.reserve(kind.length);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-') {
      const bool at_boundary =
          !out.empty() && out.size() % kGroupLength == 0 && out.size() < kind.length && text[i - 1] != '-';
      if (!at_boundary) {
        return base::InvalidArgument(
            fmt::format("{}: misplaced '-' at position {} (a dash may only separate groups of {})", kind.name, i + 1,
                        kGroupLength));
      }
      continue;
    }
    const char u = Upper(c);
    if (!IsKeyCharacter(u)) return BadCharacter(kind, out.size(), c);
    out.push_back(u);
  }
  assert(out.size() == kind.length);
  return out;
}

// Dashed display form of canonical text.
std::string Dashed(std::string_view compact) {
  std::string out;
  out.reserve(compact.size() + compact.size() / kGroupLength);
  for (size_t i = 0; i < compact.size(); i += kGroupLength) {
    if (i != 0) out.push_back('-');
    out += compact.substr(i, kGroupLength);
  }
  return out;
}

base::Status ValidatePpsCheckCharacters(std::string_view compact) {
  assert(compact.size() == kPpsLength);
  std::vector<size_t> bad_groups;
  for (size_t g = 0; g < kPpsLength / kGroupLength; ++g) {
    const std::string_view group = compact.substr(g * kGroupLength, kGroupLength);
    if (group.back() != CheckCharacter(group.substr(0, kGroupLength - 1))) bad_groups.push_back(g + 1);
  }
  if (bad_groups.empty()) return base::Status::Ok();
  // Group numbers only: even the expected check character would leak a
  // little of the secret.
  if (bad_groups.size() == 1) {
    return base::InvalidArgument(
        fmt::format("PPS group {} fails its check character (a typo in that group?)", bad_groups[0]));
  }
  return base::InvalidArgument(
      fmt::format("PPS groups {} fail their check characters (typos in those groups?)", fmt::join(bad_groups, ", ")));
}

}  // namespace

bool IsKeyCharacter(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

char CheckCharacter(std::string_view protected_chars) {
  unsigned sum = 0;
  for (char c : protected_chars) sum += static_cast<unsigned char>(c);
  const unsigned v = sum % 36;
  return kAlphabet[v <= 9 ? 26 + v : v - 10];
}

base::Status ValidatePidAlphabet(std::string_view compact) {
  if (compact.size() != kPidLength) {
    return base::InvalidArgument(fmt::format("PID must be {} characters, got {}", kPidLength, compact.size()));
  }
  for (size_t i = 0; i < compact.size(); ++i) {
    if (!IsKeyCharacter(compact[i])) return BadCharacter(kPid, i, compact[i]);
  }
  return base::Status::Ok();
}

base::Status ValidatePidCheckCharacter(std::string_view compact) {
  if (compact.size() != kPidLength) {
    return base::InvalidArgument(fmt::format("PID must be {} characters, got {}", kPidLength, compact.size()));
  }
  const char expected = CheckCharacter(compact.substr(0, kPidLength - 1));
  if (compact.back() == expected) return base::Status::Ok();
  // The check covers both groups, so a typo anywhere shows up here; the
  // message names where the check character itself sits.
  return base::InvalidArgument(fmt::format("PID {}: check character ({}) is {}, expected '{}' (a typo?)",
                                           Dashed(compact), Where(kPidLength - 1), Describe(compact.back()), expected));
}

base::Result<Pid> Pid::Parse(std::string_view text) {
  auto compact = Canonicalise(text, kPid);
  if (!compact) return compact.error();
  if (auto s = ValidatePidCheckCharacter(*compact); !s.ok()) return s;
  return Pid(std::move(*compact));
}

base::Result<Pid> Pid::FromWire(std::span<const std::byte, kPidLength> bytes) {
  const std::string_view text = base::AsChars(bytes);
  if (auto s = ValidatePidAlphabet(text); !s.ok()) return s;
  if (auto s = ValidatePidCheckCharacter(text); !s.ok()) return s;
  return Pid(std::string(text));
}

std::string Pid::display() const { return Dashed(value_); }

base::Result<Pps> Pps::Parse(std::string_view text) {
  auto compact = Canonicalise(text, kPps);
  if (!compact) return compact.error();
  if (auto s = ValidatePpsCheckCharacters(*compact); !s.ok()) return s;
  return Pps(std::move(*compact));
}

std::string Pps::display() const { return Dashed(value_); }

std::string Pps::Redacted() const {
  std::string out(value_.substr(0, kGroupLength));
  for (size_t g = 1; g < kPpsLength / kGroupLength; ++g) out += "-****";
  return out;
}

Pair Generate(const base::RandomSource& random) {
  // One alphabet character per byte below 252 (= 7 x 36); larger bytes are
  // thrown away, so every character is equally likely.
  constexpr unsigned kLimit = 256 - 256 % kAlphabet.size();
  std::array<std::byte, 64> pool{};
  size_t used = pool.size();
  auto next_char = [&]() -> char {
    for (;;) {
      if (used == pool.size()) {
        random(pool);
        used = 0;
      }
      const auto b = std::to_integer<unsigned>(pool[used++]);
      if (b < kLimit) return kAlphabet[b % kAlphabet.size()];
    }
  };
  auto group = [&](size_t length) {
    std::string g;
    for (size_t i = 0; i + 1 < length; ++i) g.push_back(next_char());
    g.push_back(CheckCharacter(g));
    return g;
  };
  const std::string pid = group(kPidLength);
  std::string pps;
  for (size_t g = 0; g < kPpsLength / kGroupLength; ++g) pps += group(kGroupLength);
  // Going through Parse keeps the constructors private; these cannot fail.
  return {Pid::Parse(pid).value(), Pps::Parse(pps).value()};
}

// Source: reference §4.3 [M] (shared/reference/amt-setup-protocol.md), after
// RFC 4279 §2 (plain PSK: pre-master secret = u16(N) ‖ N×0x00 ‖ u16(N) ‖ PSK,
// which the TLS library computes) and the Intel Technology Journal 2008
// v12i4 PSK page. Uncertainty: no primary source spells out the byte mapping.
// Intel's status text calls the PID a "64-bit" and the PPS a "256-bit"
// quantity, which fits 8 and 32 ASCII bytes exactly; a decoded base-36 form
// would be ~41 and ~165 bits and match neither figure. So: identity = the 8 ASCII PID
// characters, key = the 32 ASCII PPS characters, upper case, no dashes. If a
// real device disagrees, this function is the only thing to change (open
// question 5 of the reference).
TlsPsk DeriveTlsPsk(const Pid& pid, const Pps& pps) { return {std::string(pid.compact()), std::string(pps.compact())}; }

std::string DisplayPid(std::string_view text) {
  auto pid = Pid::Parse(text);
  return pid ? pid->display() : std::string(text);
}

}  // namespace openscs::pidpps
