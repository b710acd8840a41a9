#pragma once

// Intel AMT firmware versions and what each can do, kept as one data table
// (versions.cc) rather than version checks scattered through the code. Used
// by the simulator (what a device of version X does), the server (which
// protocol to speak) and the doctor/compat tools (what cannot work).
// Sources: shared/reference/amt-setup-protocol.md §3.3, §4.2, §5.1, §9 and the
// seed article's version notes.

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace openscs::amt {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;  // e.g. 3.2.1; 0 when not given

  // Parses "2.6", "3.2.1", "11.8.50" (later parts ignored).
  static base::Result<Version> Parse(std::string_view text);
  std::string ToString() const;  // "3.2" or "3.2.1"
  friend auto operator<=>(const Version&, const Version&) = default;
};

enum class FormFactor { kDesktop, kNotebook };

struct Capabilities {
  Version version;
  FormFactor form_factor = FormFactor::kDesktop;
  std::string_view platform;        // "vPro desktop Q965, 2006"
  bool remote_configuration = false;  // PKI hellos / RCFG
  bool psk_hello = true;              // removed in 11.0
  bool legacy_soap = true;            // EOI services, until 8.x
  bool wsman = false;                 // /wsman from 3.0
  bool sha256_hashes = false;         // SHA-256/384 certificate hashes from 7.0
  bool tls10 = true;                  // dropped in 12.0
  bool tls12 = false;                 // added later; legacy firmware speaks TLS 1.0
  bool two_label_cn_match = false;    // 2.6+: .com/.net suffix matched on last two labels
  int setupbin_version = 1;           // highest USB One-Touch file version it reads
  std::string_view notes;
};

// The versions the table knows, oldest first.
std::span<const Capabilities> KnownVersions();

// Capabilities of the newest known entry not newer than `version` within the
// same major version (5.2 -> the 5.x row), or NotFound for a major version the
// table does not have.
base::Result<Capabilities> CapabilitiesOf(const Version& version);

}  // namespace openscs::amt
