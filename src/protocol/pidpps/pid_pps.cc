#include "protocol/pidpps/pid_pps.h"

#include <array>

#include <fmt/format.h>

namespace openscs::pidpps {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Removes display dashes, which may only stand between groups of four.
base::Result<std::string> Compact(std::string_view text, size_t groups, std::string_view what, bool secret) {
  std::string out;
  out.reserve(groups * kGroupLength);
  const size_t dashed_length = groups * kGroupLength + groups - 1;
  const bool dashed = text.find('-') != std::string_view::npos;
  if (text.size() != (dashed ? dashed_length : groups * kGroupLength)) {
    return base::InvalidArgument(fmt::format("{} must be {} characters ({} with dashes), got {}", what,
                                             groups * kGroupLength, dashed_length, text.size()));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool boundary = dashed && (i + 1) % (kGroupLength + 1) == 0;
    if (boundary) {
      if (c != '-') {
        return base::InvalidArgument(fmt::format("{}: expected '-' after group {}", what, (i + 1) / (kGroupLength + 1)));
      }
      continue;
    }
    if (c == '-') {
      return base::InvalidArgument(
          fmt::format("{}: misplaced '-' at position {} (groups are {} characters)", what, i + 1, kGroupLength));
    }
    const char u = Upper(c);
    if (!IsKeyCharacter(u)) {
      const size_t index = out.size();
      if (secret) {
        return base::InvalidArgument(fmt::format("{} group {}: character {} is not A-Z or 0-9", what,
                                                 index / kGroupLength + 1, index % kGroupLength + 1));
      }
      return base::InvalidArgument(
          fmt::format("{} character {} ('{}') is not A-Z or 0-9", what, index + 1, c == '\0' ? ' ' : c));
    }
    out.push_back(u);
  }
  return out;
}

}  // namespace

bool IsKeyCharacter(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

char CheckCharacter(std::string_view chars) {
  unsigned sum = 0;
  for (char c : chars) sum += static_cast<unsigned char>(c);
  const unsigned v = sum % 36;
  return static_cast<char>(v <= 9 ? '0' + v : 'A' + v - 10);
}

base::Result<Pid> Pid::Parse(std::string_view text) {
  auto compact = Compact(text, kPidLength / kGroupLength, "PID", false);
  if (!compact) return compact.error();
  const std::string& v = *compact;
  const char expected = CheckCharacter(std::string_view(v).substr(0, kPidLength - 1));
  if (v.back() != expected) {
    return base::InvalidArgument(fmt::format("PID {}-{}: check character is '{}', expected '{}' (typo?)",
                                             v.substr(0, 4), v.substr(4), v.back(), expected));
  }
  return Pid(std::move(*compact));
}

std::string Pid::display() const { return value_.substr(0, 4) + "-" + value_.substr(4); }

base::Result<Pps> Pps::Parse(std::string_view text) {
  auto compact = Compact(text, kPpsLength / kGroupLength, "PPS", true);
  if (!compact) return compact.error();
  const std::string& v = *compact;
  for (size_t g = 0; g < kPpsLength / kGroupLength; ++g) {
    const std::string_view group = std::string_view(v).substr(g * kGroupLength, kGroupLength);
    if (group[3] != CheckCharacter(group.substr(0, 3))) {
      return base::InvalidArgument(
          fmt::format("PPS group {} fails its check character (a typo in that group?)", g + 1));
    }
  }
  return Pps(std::move(*compact));
}

std::string Pps::display() const {
  std::string out;
  for (size_t g = 0; g < kPpsLength / kGroupLength; ++g) {
    if (g != 0) out.push_back('-');
    out += value_.substr(g * kGroupLength, kGroupLength);
  }
  return out;
}

std::string Pps::Redacted() const { return value_.substr(0, 4) + "-****-****-****-****-****-****-****"; }

Pair Generate(const base::RandomSource& random) {
  // Draws one alphabet character without modulo bias: bytes >= 252 (7 x 36)
  // are thrown away.
  std::array<std::byte, 64> pool{};
  size_t used = pool.size();
  auto next_char = [&]() -> char {
    for (;;) {
      if (used == pool.size()) {
        random(pool);
        used = 0;
      }
      const auto b = static_cast<unsigned>(pool[used++]);
      if (b < 252) return kAlphabet[b % 36];
    }
  };
  std::string pid;
  for (size_t i = 0; i + 1 < kPidLength; ++i) pid.push_back(next_char());
  pid.push_back(CheckCharacter(pid));
  std::string pps;
  for (size_t g = 0; g < kPpsLength / kGroupLength; ++g) {
    std::string group;
    for (size_t i = 0; i + 1 < kGroupLength; ++i) group.push_back(next_char());
    group.push_back(CheckCharacter(group));
    pps += group;
  }
  return {Pid::Parse(pid).value(), Pps::Parse(pps).value()};
}

// Reference §4.3 [M], after RFC 4279 §2 and Intel's ITJ 2008 PSK page: the
// psk_identity is the 8 ASCII PID characters and the PSK the 32 ASCII PPS
// characters, both without dashes (the PID is called a 64-bit and the PPS a
// 256-bit quantity, which fits 8 and 32 bytes of ASCII). No primary source
// gives the byte mapping; it is inferred, and kept in this one function so
// that a different mapping is a one-line change.
TlsPsk DeriveTlsPsk(const Pid& pid, const Pps& pps) {
  return {std::string(pid.compact()), std::string(pps.compact())};
}

}  // namespace openscs::pidpps
