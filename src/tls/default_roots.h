#pragma once

// The root certificates legacy Intel AMT firmware (2.x-5.x) trusts out of
// the box, by SHA-1 thumbprint (reference §5.2). A provisioning certificate
// chaining to any other root needs its root's hash added to each device
// first: in the MEBx ("Manage Certificate Hashes") or as setup.bin
// variable 2/8.

#include <string>
#include <string_view>
#include <vector>

namespace openscs::tls {

struct DefaultRoot {
  std::string_view name;
  std::string_view sha1;  // lower-case hex
  bool later_firmware;    // only in later firmware (the simulator: 4.0+)
};

inline constexpr DefaultRoot kLegacyDefaultRoots[] = {
    {"VeriSign Class 3 Public Primary CA - G1", "742c3192e607e424eb4549542be1bbc53e6174e2", false},
    {"VeriSign Class 3 Public Primary CA - G3", "132d0d45534b6997cdb2d5c339e25576609b5cc6", false},
    {"Go Daddy Class 2 CA", "2796bae63f1801e277261ba0d77770028f20eee4", false},
    {"Comodo AAA CA", "d1eb23a46d17d68fd92564c2f1f1601764d8e349", false},
    {"Starfield Class 2 CA", "ad7e1c28b064ef8f6003402014c3d0e3370eb58a", false},
    {"VeriSign Class 3 Public Primary CA - G2", "85371ca6e550143dce2803471bde3a09e8f8770f", true},
};

// The sha1 column of kLegacyDefaultRoots.
inline std::vector<std::string> LegacyDefaultRootSha1s() {
  std::vector<std::string> out;
  for (const auto& root : kLegacyDefaultRoots) out.emplace_back(root.sha1);
  return out;
}

}  // namespace openscs::tls
