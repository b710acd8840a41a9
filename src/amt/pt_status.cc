#include "amt/pt_status.h"

#include <array>

namespace openscs::amt {
namespace {

constexpr std::array kStatuses = {
    PtStatusInfo{PtStatus::kSuccess, "PT_STATUS_SUCCESS", "success"},
    PtStatusInfo{PtStatus::kInternalError, "PT_STATUS_INTERNAL_ERROR", "internal error in the firmware"},
    PtStatusInfo{PtStatus::kNotReady, "PT_STATUS_NOT_READY", "firmware not ready"},
    PtStatusInfo{PtStatus::kInvalidPtMode, "PT_STATUS_INVALID_PT_MODE", "not allowed in the current mode"},
    PtStatusInfo{PtStatus::kNotPermitted, "PT_STATUS_NOT_PERMITTED", "not permitted"},
    PtStatusInfo{PtStatus::kMaxLimitReached, "PT_STATUS_MAX_LIMIT_REACHED", "maximum limit reached"},
    PtStatusInfo{PtStatus::kInvalidAuthType, "PT_STATUS_INVALID_AUTH_TYPE", "invalid authentication type"},
    PtStatusInfo{PtStatus::kInvalidDhcpMode, "PT_STATUS_INVALID_DHCP_MODE", "invalid DHCP mode"},
    PtStatusInfo{PtStatus::kInvalidIpAddress, "PT_STATUS_INVALID_IP_ADDRESS", "invalid IP address"},
    PtStatusInfo{PtStatus::kInvalidDomainName, "PT_STATUS_INVALID_DOMAIN_NAME", "invalid domain name"},
    PtStatusInfo{PtStatus::kRequestUnexpected, "PT_STATUS_REQUEST_UNEXPECTED", "request unexpected: a prerequisite is missing"},
    PtStatusInfo{PtStatus::kInvalidProvisioningState, "PT_STATUS_INVALID_PROVISIONING_STATE", "invalid provisioning state"},
    PtStatusInfo{PtStatus::kInvalidTime, "PT_STATUS_INVALID_TIME", "invalid time (before the firmware's baseline)"},
    PtStatusInfo{PtStatus::kInvalidIndex, "PT_STATUS_INVALID_INDEX", "invalid index"},
    PtStatusInfo{PtStatus::kInvalidParameter, "PT_STATUS_INVALID_PARAMETER", "invalid parameter"},
    PtStatusInfo{PtStatus::kInvalidNetmask, "PT_STATUS_INVALID_NETMASK", "invalid netmask"},
    PtStatusInfo{PtStatus::kFlashWriteLimitExceeded, "PT_STATUS_FLASH_WRITE_LIMIT_EXCEEDED", "flash write limit exceeded"},
    PtStatusInfo{PtStatus::kInvalidPidFormat, "PT_STATUS_INVALID_PID_FORMAT", "invalid PID format (check character)"},
    PtStatusInfo{PtStatus::kInvalidPpsFormat, "PT_STATUS_INVALID_PPS_FORMAT", "invalid PPS format (check character)"},
    PtStatusInfo{PtStatus::kConnectionFailed, "PT_STATUS_CONNECTION_FAILED", "connection failed"},
    PtStatusInfo{PtStatus::kCertificateNotReady, "PT_STATUS_CERTIFICATE_NOT_READY", "certificate not ready"},
    PtStatusInfo{PtStatus::kInvalidPassword, "PT_STATUS_INVALID_PASSWORD", "invalid password"},
    PtStatusInfo{PtStatus::kInvalidRealm, "PT_STATUS_INVALID_REALM", "invalid realm"},
    PtStatusInfo{PtStatus::kAclEntryInUse, "PT_STATUS_ACL_ENTRY_IN_USE", "ACL entry in use"},
    PtStatusInfo{PtStatus::kDataMissing, "PT_STATUS_DATA_MISSING", "essential data missing on CommitChanges"},
    PtStatusInfo{PtStatus::kDuplicate, "PT_STATUS_DUPLICATE", "duplicate entry"},
    PtStatusInfo{PtStatus::kPkiMissingKeys, "PT_STATUS_PKI_MISSING_KEYS", "PKI keys missing"},
    PtStatusInfo{PtStatus::kPkiGeneratingKeys, "PT_STATUS_PKI_GENERATING_KEYS", "generating keys: retry later"},
    PtStatusInfo{PtStatus::kInvalidKey, "PT_STATUS_INVALID_KEY", "invalid key"},
    PtStatusInfo{PtStatus::kInvalidCert, "PT_STATUS_INVALID_CERT", "invalid certificate"},
    PtStatusInfo{PtStatus::kCertKeyNotMatch, "PT_STATUS_CERT_KEY_NOT_MATCH", "certificate and key do not match"},
    PtStatusInfo{PtStatus::kMaxKerberosDomainReached, "PT_STATUS_MAX_KERB_DOMAIN_REACHED", "maximum Kerberos domains reached"},
    PtStatusInfo{PtStatus::kUnsupported, "PT_STATUS_UNSUPPORTED", "unsupported"},
    PtStatusInfo{PtStatus::kNotFound, "PT_STATUS_NOT_FOUND", "not found"},
    PtStatusInfo{PtStatus::kInvalidCredentials, "PT_STATUS_INVALID_CREDENTIALS", "invalid credentials"},
    PtStatusInfo{PtStatus::kInvalidPassphrase, "PT_STATUS_INVALID_PASSPHRASE", "invalid passphrase"},
    PtStatusInfo{PtStatus::kNoAssociation, "PT_STATUS_NO_ASSOCIATION", "no association"},
    PtStatusInfo{PtStatus::kSdkNetworkError, "SDK_NETWORK_ERROR", "network error on the SDK side (seen when the admin password expired)"},
};

}  // namespace

std::span<const PtStatusInfo> KnownPtStatuses() { return kStatuses; }

std::optional<PtStatusInfo> LookUpPtStatus(uint32_t code) {
  for (const auto& s : kStatuses) {
    if (static_cast<uint32_t>(s.code) == code) return s;
  }
  return std::nullopt;
}

}  // namespace openscs::amt
