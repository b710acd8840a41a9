#include "manage/profiles.h"

#include <fmt/format.h>

#include "profile/profile.h"

namespace openscs::manage {
namespace {

// Any UUID will do: the template is checked by expanding it once.
constexpr std::string_view kSampleUuid = "00000000-0000-4000-8000-000000000000";

}  // namespace

base::Status CheckProfileName(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 &&
                  name.find_first_not_of(
                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789._-") == std::string_view::npos;
  if (ok) return base::Status::Ok();
  return base::InvalidArgument(fmt::format("profile name '{}': use 1 to 64 letters, digits, '.', '_' or '-'", name));
}

base::Status CheckHostNameTemplate(const store::ProfileRecord& profile) {
  if (auto h = profile::HostNameFor(profile, kSampleUuid, std::nullopt); !h) return h.error();
  return base::Status::Ok();
}

base::Status CheckPasswordPolicy(std::string_view what, std::string_view policy) {
  if (policy == "random" || policy == "fixed") return base::Status::Ok();
  return base::InvalidArgument(fmt::format("{} '{}': expected random or fixed", what, policy));
}

}  // namespace openscs::manage
