#pragma once

// PID/PPS: the TLS-PSK identity and key of Intel AMT "PSK" provisioning
// (reference §4, docs/formats/pid-pps.md).
//
//  - Alphabet A-Z and 0-9. A PID is 8 characters, shown XXXX-XXXC; a PPS is
//    32 characters in 8 groups of 4, shown XXXC-XXXC-...; dashes are display
//    only and accepted on input at group boundaries.
//  - Check characters: the 8th PID character checks the first 7; the 4th
//    character of each PPS group checks that group's first 3. Check =
//    (sum of ASCII codes) mod 36, as '0'+v for v <= 9, else 'A'+v-10.
//
// A PPS is a secret: no message this module produces contains any of its
// characters (errors name the group instead), and Pps has no stream output.

#include <array>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"

namespace openscs::pidpps {

inline constexpr size_t kPidLength = 8;
inline constexpr size_t kPpsLength = 32;
inline constexpr size_t kGroupLength = 4;

// The check character of `chars` (the characters it protects).
char CheckCharacter(std::string_view chars);
bool IsKeyCharacter(char c);  // A-Z, 0-9

class Pid {
 public:
  // "0000-037M" or "0000037M"; lower case is accepted and upper-cased
  // (MEBx entry is upper case only). Errors name the position.
  static base::Result<Pid> Parse(std::string_view text);
  std::string_view compact() const { return value_; }  // "0000037M"
  std::string display() const;                         // "0000-037M"
  friend bool operator==(const Pid&, const Pid&) = default;
  friend auto operator<=>(const Pid&, const Pid&) = default;

 private:
  explicit Pid(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

class Pps {
 public:
  // Eight groups of four with or without dashes. Errors name the group
  // (1-based) and never echo the input.
  static base::Result<Pps> Parse(std::string_view text);
  std::string_view compact() const { return value_; }  // secret
  std::string display() const;                         // secret, "XXXX-XXXX-..."
  // "NKLD-****-****-****-****-****-****-****": enough to tell keys apart in a
  // list without revealing them.
  std::string Redacted() const;
  friend bool operator==(const Pps&, const Pps&) = default;

 private:
  explicit Pps(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

struct Pair {
  Pid pid;
  Pps pps;
};

// A new PID/PPS pair with valid check characters, every other character
// drawn uniformly from the 36-character alphabet (rejection sampling).
Pair Generate(const base::RandomSource& random);

// The TLS-PSK identity and key a device and server use (RFC 4279).
struct TlsPsk {
  std::string identity;  // bytes of psk_identity
  std::string key;       // bytes of the PSK
};
TlsPsk DeriveTlsPsk(const Pid& pid, const Pps& pps);

}  // namespace openscs::pidpps
