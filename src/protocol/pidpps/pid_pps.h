#pragma once

// PID/PPS: the TLS-PSK identity and key of Intel AMT "PSK" provisioning
// (reference §4, docs/formats/pid-pps.md).
//
//  - Alphabet A-Z and 0-9. A PID is 8 characters, shown XXXX-XXXC; a PPS is
//    32 characters in 8 groups of 4, shown XXXC-XXXC-...; dashes are display
//    only.
//  - Check characters: the 8th PID character checks the first 7; the 4th
//    character of each PPS group checks that group's first 3. Check =
//    (sum of ASCII codes) mod 36, as '0'+v for v <= 9, else 'A'+v-10.
//
// A PID is public (the device sends it in clear in its hello). A PPS is a
// secret: no message this module produces contains any of its characters
// (errors name the group and position instead), Pps has no stream output, and
// only display()/compact() -- for the key file, the device and the TLS layer
// -- return it. Log Redacted() instead.
//
// Every function here is pure and thread-compatible; Generate() is as
// thread-safe as the RandomSource it is given.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"

namespace openscs::pidpps {

inline constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
inline constexpr size_t kGroupLength = 4;
inline constexpr size_t kPidLength = 8;                                                  // 2 groups
inline constexpr size_t kPpsLength = 32;                                                 // 8 groups
inline constexpr size_t kPidDisplayLength = kPidLength + kPidLength / kGroupLength - 1;  // 9
inline constexpr size_t kPpsDisplayLength = kPpsLength + kPpsLength / kGroupLength - 1;  // 39

// True for A-Z and 0-9 (upper case only: the canonical form).
bool IsKeyCharacter(char c);

// The check character of `protected_chars` (a PID's first 7 characters, or a
// PPS group's first 3): (sum of the ASCII codes) mod 36 as '0'..'9','A'..'Z'.
// Defined for any input; callers validate the alphabet first.
char CheckCharacter(std::string_view protected_chars);

// The two validation steps of a canonical (compact, upper-case) PID, exposed
// separately so that the hello decoder can report "not a PID at all" apart
// from "a PID with a wrong check character". Both return InvalidArgument;
// messages start with "PID" and may show the characters (a PID is public),
// non-printable bytes as hex.
//
// Length is 8, every character A-Z or 0-9 (lower case is refused here: the
// wire and stored forms are upper case). Names the first bad position.
base::Status ValidatePidAlphabet(std::string_view compact);
// The 8th character matches CheckCharacter() of the first 7. Fails also when
// `compact` is not 8 characters long.
base::Status ValidatePidCheckCharacter(std::string_view compact);

// Provisioning ID: public, 8 characters, check character valid. Only built by
// Parse() or FromWire(), so every Pid is valid.
class Pid {
 public:
  // "0000-037M" or "0000037M". Lower case is accepted and upper-cased (the
  // MEBx only offers upper case; people retyping a label may not). A dash may
  // stand only between the two groups; no whitespace is trimmed. Errors
  // (InvalidArgument) name the length, the position of a misplaced dash or
  // bad character, or the check character (which sits in group 2).
  static base::Result<Pid> Parse(std::string_view text);

  // The 8 raw bytes of a PSK hello (reference §3.2): exactly ValidatePidAlphabet
  // then ValidatePidCheckCharacter; no dash, no case folding.
  static base::Result<Pid> FromWire(std::span<const std::byte, kPidLength> bytes);

  std::string_view compact() const { return value_; }  // "0000037M"
  std::string display() const;                         // "0000-037M"

  friend bool operator==(const Pid&, const Pid&) = default;
  friend auto operator<=>(const Pid&, const Pid&) = default;

 private:
  explicit Pid(std::string value) : value_(std::move(value)) {}
  std::string value_;  // compact, upper case, kPidLength
};

// How people read a PID: "0000-037M" for a stored compact "0000037M", the
// text itself when it is no valid PID (so a damaged record still shows).
std::string DisplayPid(std::string_view text);

// Provisioning Pass Phrase: SECRET, 32 characters, all 8 group checks valid.
// Only built by Parse() or Generate().
class Pps {
 public:
  // Eight groups of four, each boundary with or without a dash; lower case is
  // accepted and upper-cased; no whitespace is trimmed. Errors
  // (InvalidArgument) never echo the input: they give the length, the
  // position of a misplaced dash or bad character, or the 1-based numbers of
  // the groups whose check character fails ("PPS group 3 fails its check
  // character (a typo in that group?)").
  static base::Result<Pps> Parse(std::string_view text);

  // Secret. For the key file, the device model and DeriveTlsPsk only.
  std::string_view compact() const { return value_; }  // "NKLDG5DC..."
  std::string display() const;                         // "NKLD-G5DC-..."

  // "NKLD-****-****-****-****-****-****-****": the first group only, enough
  // to tell two keys of one PID apart in a listing. It reveals 3 random
  // characters (~15.5 of ~124 bits); never log more than this.
  std::string Redacted() const;

  friend bool operator==(const Pps&, const Pps&) = default;

 private:
  explicit Pps(std::string value) : value_(std::move(value)) {}
  std::string value_;  // compact, upper case, kPpsLength
};

struct Pair {
  Pid pid;
  Pps pps;
};

// A new PID/PPS pair with valid check characters; every other character is
// drawn uniformly from kAlphabet with bytes from `random` (rejection sampling,
// no modulo bias). Pass base::SystemRandom() in production.
Pair Generate(const base::RandomSource& random);

// The TLS-PSK (RFC 4279) identity and key of a pair. Both are byte strings
// held in std::string; `key` is as secret as the PPS.
struct TlsPsk {
  std::string identity;  // psk_identity: "0000037M"
  std::string key;       // PSK: "NKLDG5DCRRNQE9YZZIJL7LFLVJED69XJ"
};

// The one place that maps PID/PPS to TLS-PSK bytes. The mapping (ASCII,
// without dashes) is inferred, not documented by Intel: reference §4.3 [M],
// open question 5. See the .cc and docs/formats/pid-pps.md.
TlsPsk DeriveTlsPsk(const Pid& pid, const Pps& pps);

}  // namespace openscs::pidpps
