#include "amt/version.h"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace openscs::amt {
namespace {

using FF = FormFactor;

// One row per firmware line. Where the sources are unsure the row follows
// what real devices are reported to do, and the note says so.
constexpr std::array kTable = {
    Capabilities{{2, 0, 0}, FF::kDesktop, "vPro desktop Q965, 2006", false, true, true, false, false, true, false,
                 false, 1, "no Remote Configuration; PSK and USB One-Touch v1"},
    Capabilities{{2, 1, 0}, FF::kDesktop, "vPro desktop Q965, 2006", false, true, true, false, false, true, false,
                 false, 1, "no Remote Configuration"},
    Capabilities{{2, 2, 0}, FF::kDesktop, "desktop update of 2.0/2.1", true, true, true, false, false, true, false,
                 false, 1, "Remote Configuration needs Intel SCS 3.2.1 or later"},
    Capabilities{{2, 5, 0}, FF::kNotebook, "Centrino Pro notebook GM965, 2007", false, true, true, false, false, true,
                 false, false, 1, "notebook; no Remote Configuration"},
    Capabilities{{2, 6, 0}, FF::kNotebook, "notebook update of 2.5", true, true, true, false, false, true, false, true,
                 1, "notebook; Remote Configuration needs Intel SCS 3.2.1 or later"},
    Capabilities{{3, 0, 0}, FF::kDesktop, "vPro desktop Q35, 2007", true, true, true, true, false, true, false, true, 2,
                 "WS-Management added; ships in Remote Configuration mode"},
    Capabilities{{3, 2, 0}, FF::kDesktop, "vPro desktop Q35, 2007", true, true, true, true, false, true, false, true, 2,
                 "3.2.1 is the first version ConfigMgr supports natively"},
    Capabilities{{4, 0, 0}, FF::kNotebook, "Centrino 2 notebook GM45, 2008", true, true, true, true, false, true, false,
                 true, 2, "notebook"},
    Capabilities{{5, 0, 0}, FF::kDesktop, "vPro desktop Q45, 2008-09", true, true, true, true, false, true, false, true,
                 2, "DASH 1.0/1.1 from 5.1"},
    Capabilities{{6, 0, 0}, FF::kDesktop, "2010", true, true, true, true, false, true, true, true, 3,
                 "legacy SOAP deprecated but still served"},
    Capabilities{{7, 0, 0}, FF::kDesktop, "2011", true, true, true, true, true, true, true, true, 3,
                 "SHA-256/384 certificate hashes"},
    Capabilities{{8, 0, 0}, FF::kDesktop, "2012", true, true, true, true, true, true, true, true, 3,
                 "last version with legacy SOAP"},
    Capabilities{{9, 0, 0}, FF::kDesktop, "2013", true, true, false, true, true, true, true, true, 4,
                 "WS-Management only"},
    Capabilities{{11, 0, 0}, FF::kDesktop, "2015", true, false, false, true, true, true, true, true, 4,
                 "PSK hellos removed: PKI Remote Configuration only"},
    Capabilities{{12, 0, 0}, FF::kDesktop, "2017", true, false, false, true, true, false, true, true, 4,
                 "TLS 1.0 removed"},
};

base::Result<int> ParsePart(std::string_view part, std::string_view whole) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
  if (ec != std::errc() || ptr != part.data() + part.size() || value < 0) {
    return base::InvalidArgument(fmt::format("AMT version '{}': '{}' is not a number", whole, part));
  }
  return value;
}

}  // namespace

base::Result<Version> Version::Parse(std::string_view text) {
  Version v;
  int* parts[] = {&v.major, &v.minor, &v.patch};
  size_t start = 0;
  for (size_t i = 0; i < 3 && start <= text.size(); ++i) {
    const size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot == std::string_view::npos ? text.size() - start : dot - start);
    auto value = ParsePart(part, text);
    if (!value) return value.error();
    *parts[i] = *value;
    if (dot == std::string_view::npos) return v;
    start = dot + 1;
  }
  return v;  // further parts (build numbers) are ignored
}

std::string Version::ToString() const {
  return patch == 0 ? fmt::format("{}.{}", major, minor) : fmt::format("{}.{}.{}", major, minor, patch);
}

std::span<const Capabilities> KnownVersions() { return kTable; }

base::Result<Capabilities> CapabilitiesOf(const Version& version) {
  const Capabilities* best = nullptr;
  for (const auto& row : kTable) {
    if (row.version <= version) best = &row;
  }
  if (best == nullptr) return base::NotFound(fmt::format("AMT {} is older than any known version (2.0)", version.ToString()));
  // Majors missing from the table (10.x) inherit the row below them; 2.x
  // minors are distinct firmware lines, so 2.3 must not pass for 2.2.
  if (best->version.major == 2 && version.major == 2 && best->version.minor != version.minor) {
    return base::NotFound(fmt::format("AMT {} is not a known 2.x release (2.0, 2.1, 2.2, 2.5, 2.6)", version.ToString()));
  }
  Capabilities caps = *best;
  caps.version = version;
  return caps;
}

}  // namespace openscs::amt
