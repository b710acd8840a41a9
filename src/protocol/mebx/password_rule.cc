#include "protocol/mebx/password_rule.h"

#include <fmt/format.h>

namespace openscs::mebx {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

base::Status CheckMebxPassword(std::string_view password, const PasswordRule& rule) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return base::InvalidArgument(fmt::format("MEBx password must be {} to {} characters long (got {})",
                                             kMinPasswordLength, kMaxPasswordLength, password.size()));
  }
  bool digit = false, lower = false, upper = false, symbol = false;
  for (size_t i = 0; i < password.size(); ++i) {
    const char c = password[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) {
      return base::InvalidArgument(
          fmt::format("MEBx password character {} is not a printable 7-bit ASCII character", i + 1));
    }
    if (kBannedCharacters.find(c) != std::string_view::npos) {
      return base::InvalidArgument(fmt::format("MEBx password must not contain '{}'", c));
    }
    if (rule.extra_banned.find(c) != std::string::npos) {
      return base::InvalidArgument(fmt::format("MEBx password must not contain '{}' (extra banned characters)", c));
    }
    if (IsDigit(c)) {
      digit = true;
    } else if (IsLower(c)) {
      lower = true;
    } else if (IsUpper(c)) {
      upper = true;
    } else if (c != '_' && c != ' ') {
      symbol = true;  // '_' and space are allowed but do not count
    }
  }
  if (!digit) return base::InvalidArgument("MEBx password needs at least one digit");
  if (!lower) return base::InvalidArgument("MEBx password needs at least one lower-case letter");
  if (!upper) return base::InvalidArgument("MEBx password needs at least one upper-case letter");
  if (!symbol) {
    return base::InvalidArgument(
        "MEBx password needs at least one non-alphanumeric character other than '_' or space (e.g. ! @ # $ %)");
  }
  return base::Status::Ok();
}

bool IsFactoryDefaultPassword(std::string_view password) { return password == kFactoryDefaultPassword; }

}  // namespace openscs::mebx
