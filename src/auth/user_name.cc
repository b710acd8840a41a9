#include "auth/user_name.h"

#include <fmt/format.h>

namespace openscs::auth {
namespace {

constexpr std::string_view kRule = "use 1 to 64 letters, digits, '.', '_', '@' or '-'";

bool Allowed(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '@' || c == '-';
}

// The character as it can be shown safely: itself if printable ASCII, else
// its byte in hex.
std::string Shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", byte);
}

}  // namespace

base::Status CheckUserName(std::string_view name) {
  if (name.empty()) return base::InvalidArgument(fmt::format("user name is empty: {}", kRule));
  if (name.size() > kMaxUserNameLength) {
    return base::InvalidArgument(fmt::format("user name of {} characters is too long: {}", name.size(), kRule));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (Allowed(name[i])) continue;
    // Only the part before the bad character is quoted: the rest may not be printable.
    return base::InvalidArgument(fmt::format("user name '{}...': character {} ({}) is not allowed: {}",
                                             name.substr(0, i), i + 1, Shown(name[i]), kRule));
  }
  return base::Status::Ok();
}

}  // namespace openscs::auth
