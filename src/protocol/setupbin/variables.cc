#include "protocol/setupbin/variables.h"

#include <array>

namespace openscs::setupbin {
namespace {

constexpr std::array kNoneAmt = {EnumName{0, "none"}, EnumName{1, "Intel AMT"}};
constexpr std::array kFwUpdate = {EnumName{0, "disabled"}, EnumName{1, "enabled"}, EnumName{2, "password protected"}};
constexpr std::array kFwQualifier = {EnumName{0, "always"}, EnumName{1, "never"}, EnumName{2, "restricted"}};
constexpr std::array kOffOn = {EnumName{0, "off"}, EnumName{1, "on"}};
constexpr std::array kUserCerts = {EnumName{0, "disable"}, EnumName{1, "enable"}, EnumName{2, "delete"}};
constexpr std::array kSolIder = {EnumName{0, "none"},
                                 EnumName{1, "SOL"},
                                 EnumName{2, "IDE-R"},
                                 EnumName{3, "SOL+IDE-R"},
                                 EnumName{4, "none, user/pass enabled"},
                                 EnumName{5, "SOL, user/pass enabled"},
                                 EnumName{6, "IDE-R, user/pass enabled"},
                                 EnumName{7, "SOL+IDE-R, user/pass enabled"}};
constexpr std::array kDhcp = {EnumName{1, "disabled"}, EnumName{2, "enabled"}};
// CIM encoding (1 Enterprise, 2 SMB); MeshCommander's table uses 0/1 (docs).
constexpr std::array kProvisioningMode = {EnumName{1, "Enterprise"}, EnumName{2, "Small Business"}};
constexpr std::array kDedicatedShared = {EnumName{0, "dedicated"}, EnumName{1, "shared"}};
constexpr std::array kDisabledEnabled = {EnumName{0, "disabled"}, EnumName{1, "enabled"}};
constexpr std::array kConsent = {EnumName{0, "disabled"}, EnumName{1, "KVM"}, EnumName{255, "all"}};
constexpr std::array kStopStart = {EnumName{0, "stop"}, EnumName{1, "start"}};
constexpr std::array kAutoManual = {EnumName{0, "automated"}, EnumName{1, "manual"}};

constexpr FileVersion V1{1, 0};
constexpr FileVersion V2{2, 0};
constexpr FileVersion V21{2, 1};
constexpr FileVersion V3{3, 0};
constexpr FileVersion V4{4, 0};

using T = ValueType;

// Which variables v1 files (AMT 2.x) carry is not documented; openscs allows
// the passwords, PID/PPS and the basic network settings, and keeps the
// PKI/Remote Configuration ones (AMT 3.x) for v2+ (docs/formats/setupbin.md).
const std::array kVariables = {
    VariableInfo{1, 1, "Current MEBx password", T::kPassword, 32, V1, {}, true},
    VariableInfo{1, 2, "New MEBx password", T::kPassword, 32, V1, {}, true},
    VariableInfo{1, 3, "Manageability feature selection", T::kU8, 1, V1, kNoneAmt},
    VariableInfo{1, 4, "Firmware local update (deprecated)", T::kU8, 1, V1, kFwUpdate},
    VariableInfo{1, 5, "Firmware update qualifier", T::kU8, 1, V1, kFwQualifier},
    VariableInfo{1, 6, "Power package", T::kGuid, 16, V21, {}},
    VariableInfo{2, 1, "PID", T::kPid, 8, V1, {}},
    VariableInfo{2, 2, "PPS", T::kPps, 32, V1, {}, true},
    VariableInfo{2, 3, "PKI DNS suffix", T::kString, 255, V2, {}},
    VariableInfo{2, 4, "Configuration server FQDN", T::kString, 255, V2, {}},
    VariableInfo{2, 5, "Remote configuration enabled", T::kU8, 1, V2, kOffOn},
    VariableInfo{2, 6, "Pre-installed certificates enabled", T::kU8, 1, V2, kOffOn},
    VariableInfo{2, 7, "User-defined certificates configuration", T::kU8, 1, V2, kUserCerts},
    VariableInfo{2, 8, "User-defined certificate add", T::kCertHash, 1 + 48 + 1 + 32, V2, {}},
    VariableInfo{2, 10, "SOL/IDE-R", T::kU8, 1, V1, kSolIder},
    VariableInfo{2, 11, "Host name", T::kString, 63, V1, {}},
    VariableInfo{2, 12, "Domain name", T::kString, 255, V1, {}},
    VariableInfo{2, 13, "DHCP", T::kU8, 1, V1, kDhcp},
    VariableInfo{2, 14, "Secure firmware update", T::kU8, 1, V1, kDisabledEnabled},
    VariableInfo{2, 15, "Idle timeout", T::kBinary, 4, V1, {}},
    VariableInfo{2, 16, "Provisioning mode", T::kU8, 1, V1, kProvisioningMode},
    VariableInfo{2, 17, "Provisioning server address", T::kIpAddress, 16, V1, {}},
    VariableInfo{2, 18, "Provisioning server port", T::kU16, 2, V1, {}},
    VariableInfo{2, 19, "Static IPv4 parameters", T::kBinary, 64, V1, {}},
    VariableInfo{2, 20, "VLAN", T::kBinary, 8, V2, {}},
    VariableInfo{2, 21, "Password policy flag", T::kBinary, 4, V2, {}},
    VariableInfo{2, 22, "IPv6", T::kBinary, 204, V3, {}},
    VariableInfo{2, 23, "Shared/dedicated FQDN", T::kU8, 1, V3, kDedicatedShared},
    VariableInfo{2, 24, "Dynamic DNS update", T::kU8, 1, V3, kDisabledEnabled},
    VariableInfo{2, 25, "KVM state", T::kU8, 1, V4, kDisabledEnabled},
    VariableInfo{2, 26, "Opt-in user consent", T::kU8, 1, V4, kConsent},
    VariableInfo{2, 27, "Opt-in remote IT consent policy", T::kU8, 1, V4, kDisabledEnabled},
    VariableInfo{2, 28, "ME provisioning halt/activate", T::kU8, 1, V2, kStopStart},
    VariableInfo{2, 29, "Manual setup and configuration", T::kU8, 1, V3, kAutoManual},
    VariableInfo{2, 30, "Support channel identifier", T::kU32, 4, V4, {}},
    VariableInfo{2, 31, "Support channel description", T::kString, 60, V4, {}},
    VariableInfo{2, 32, "Service account number", T::kString, 32, V4, {}},
    VariableInfo{2, 33, "Enrollment passcode", T::kPassword, 32, V4, {}, true},
    VariableInfo{2, 34, "Service type", T::kU32, 4, V4, {}},
    VariableInfo{2, 35, "Service provider identifier", T::kGuid, 16, V4, {}},
};

}  // namespace

std::optional<VariableInfo> LookUpVariable(uint16_t module, uint16_t variable) {
  for (const auto& v : kVariables) {
    if (v.module == module && v.id == variable) return v;
  }
  return std::nullopt;
}

std::span<const VariableInfo> AllVariables() { return kVariables; }

}  // namespace openscs::setupbin
