#pragma once

// Test vectors shared by the hello tests.

#include <string_view>
#include <vector>

#include "base/hex.h"

namespace openscs::hello::testing {

// Reference §3.7: PSK hello, admin flag 1, retry 0,
// UUID 4c4c4544-004b-4210-8033-b6c04f504633, PID 0000037M.
inline constexpr std::string_view kPskExampleHex =
    "01 00 02 00 00 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 30 30 30 30 30 33 37 4d";

// The same device announcing two SHA-1 hashes (VeriSign G1 and Go Daddy
// Class 2 roots, reference §5.2) with retry count 3.
inline constexpr std::string_view kPkiExampleHex =
    "01 00 03 00 03 00 00 00 44 45 4c 4c 4b 00 10 42 80 33 b6 c0 4f 50 46 33 02"
    " 01 14 742c3192e607e424eb4549542be1bbc53e6174e2"
    " 01 14 2796bae63f1801e277261ba0d77770028f20eee4";

inline std::vector<std::byte> Bytes(std::string_view hex) { return base::FromHex(hex).value(); }

}  // namespace openscs::hello::testing
