#pragma once

// How a device is configured, decided from the stored profiles and host-name
// mappings (store/records.h): which profile applies, the host and domain
// name to set, and fresh admin passwords. Pure functions of their arguments:
// no I/O, no clock; randomness only through the RandomSource passed in.
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.h"
#include "base/status.h"
#include "store/records.h"

namespace openscs::profile {

// The profile that is used when nothing else matches.
inline constexpr std::string_view kDefaultProfileName = "default";
// The host-name template meaning "look the UUID up in the mapping table".
inline constexpr std::string_view kMappingTemplate = "mapping";
// What "mapping" falls back to for a UUID with no mapping, and the default
// of ProfileRecord::host_name_template.
inline constexpr std::string_view kFallbackHostNameTemplate = "amt-{uuid8}";
// The length of GenerateAdminPassword()'s passwords.
inline constexpr size_t kGeneratedPasswordLength = 16;

// OK when `rule` is a selection rule SelectProfile understands:
//   ""                      every device;
//   "domain:<suffix>"       a device whose domain is <suffix> or ends in
//                           ".<suffix>" (any case; leading and trailing dots
//                           of the suffix ignored);
//   "uuids:<u1>,<u2>,..."   those UUIDs (any case, braces allowed, spaces
//                           around commas ignored).
// InvalidArgument naming the part that is wrong otherwise. Meant for the
// commands that save a profile, so a bad rule is refused before it is used.
base::Status ValidateRule(std::string_view rule);

// The profile for the device `uuid` whose domain is `domain_hint` ("" when
// unknown; from its PKI certificate or its mapping): the first profile, by
// priority (lower first) then name, whose rule matches. A profile whose rule
// does not pass ValidateRule never matches. When none matches, the profile
// named "default"; when `profiles` has none of that name either, a built-in
// default (a ProfileRecord with its default values, named "default").
// The reference is into `profiles` or to static storage: it stays valid as
// long as `profiles` does.
const store::ProfileRecord& SelectProfile(const std::vector<store::ProfileRecord>& profiles, std::string_view uuid,
                                          std::string_view domain_hint);

// The host name to give the device `uuid`:
//  - the mapping's host_name, when a mapping with one is given (it wins
//    over the template);
//  - else the profile's template, with {uuid8} replaced by the UUID's first
//    8 hex digits and {uuid} by the whole canonical lower-case UUID; the
//    template "mapping" with no mapping falls back to "amt-{uuid8}".
// InvalidArgument when `uuid` is not a UUID, the template has an unknown
// {placeholder} or an unmatched brace, or the result is not a valid host
// label (letters, digits, inner hyphens, at most 63 characters); the message
// names the profile or the mapping, and the result.
base::Result<std::string> HostNameFor(const store::ProfileRecord& profile, std::string_view uuid,
                                      const std::optional<store::HostNameMapping>& mapping);

// The domain name to give the device: the mapping's domain_name when it has
// one, else the profile's domain_name when set, else `device_domain` (the
// device keeps its own).
std::string DesiredDomain(const store::ProfileRecord& profile, const std::optional<store::HostNameMapping>& mapping,
                          std::string_view device_domain);

// A fresh random password of kGeneratedPasswordLength characters that passes
// the MEBx rule (mebx::CheckMebxPassword), also with HP's stricter ban list:
// at least one digit, lower-case and upper-case letter and symbol, each
// character drawn uniformly from its class without bias. For the network
// admin and MEBx passwords a profile with password_policy "random" sets.
// The result is a secret: callers seal it and keep it out of logs.
std::string GenerateAdminPassword(const base::RandomSource& random);

}  // namespace openscs::profile
