#pragma once

// PT_STATUS: the status codes AMT returns in a SOAP StatusCode, a WS-Man
// ReturnValue and HECI replies (reference §10.1). The meanings, causes and
// fixes an admin reads live in the knowledge base, not here.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace openscs::amt {

enum class PtStatus : uint32_t {
  kSuccess = 0x00,
  kInternalError = 0x01,
  kNotReady = 0x02,
  kInvalidPtMode = 0x03,
  kNotPermitted = 0x10,
  kMaxLimitReached = 0x17,
  kInvalidAuthType = 0x18,
  kInvalidDhcpMode = 0x1A,
  kInvalidIpAddress = 0x1B,
  kInvalidDomainName = 0x1C,
  kRequestUnexpected = 0x1E,
  kInvalidProvisioningState = 0x20,
  kInvalidTime = 0x22,
  kInvalidIndex = 0x23,
  kInvalidParameter = 0x24,
  kInvalidNetmask = 0x25,
  kFlashWriteLimitExceeded = 0x26,
  kInvalidPidFormat = 0x2A,
  kInvalidPpsFormat = 0x2B,
  kConnectionFailed = 0x2D,
  kCertificateNotReady = 0x31,
  kInvalidPassword = 0x806,
  kInvalidRealm = 0x807,
  kAclEntryInUse = 0x808,
  kDataMissing = 0x809,
  kDuplicate = 0x80A,
  kPkiMissingKeys = 0x80C,
  kPkiGeneratingKeys = 0x80D,
  kInvalidKey = 0x80E,
  kInvalidCert = 0x80F,
  kCertKeyNotMatch = 0x810,
  kMaxKerberosDomainReached = 0x811,
  kUnsupported = 0x812,
  kNotFound = 0x814,
  kInvalidCredentials = 0x815,
  kInvalidPassphrase = 0x816,
  kNoAssociation = 0x818,
  kSdkNetworkError = 0x1007,
};

struct PtStatusInfo {
  PtStatus code;
  std::string_view name;     // "PT_STATUS_DATA_MISSING"
  std::string_view summary;  // one line
};

std::span<const PtStatusInfo> KnownPtStatuses();
// Info for a code, or nullopt for one the table does not know (0x801-0x805
// are remote-control errors without individual names here).
std::optional<PtStatusInfo> LookUpPtStatus(uint32_t code);

}  // namespace openscs::amt
