// Fuzzes the PID/PPS key CSV (keys import, setupbin create --keys, amtsim's
// keys_out). Properties beyond "no crash":
//  - an accepted file formats back to CSV that parses to the same rows;
//  - a refused file has a message (the unit tests check that it names the
//    line and never echoes a secret).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/pidpps/key_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = openscs::pidpps::ParseKeyCsv(text);
  if (!rows) {
    const std::string& message = rows.error().message();
    if (message.empty()) std::abort();
    return 0;
  }
  const std::string again = openscs::pidpps::FormatKeyCsv(*rows);
  auto reparsed = openscs::pidpps::ParseKeyCsv(again);
  if (!reparsed || reparsed->size() != rows->size()) std::abort();
  for (size_t i = 0; i < rows->size(); ++i) {
    const auto& a = (*rows)[i];
    const auto& b = (*reparsed)[i];
    if (!(a.pair.pid == b.pair.pid) || !(a.pair.pps == b.pair.pps) || a.mebx_password != b.mebx_password) std::abort();
  }
  return 0;
}
