#pragma once

// The device modes of the seed article ("There are several modes a vPro
// capable system can be in"), numbered as the article numbers them, plus
// Operational (post-provisioning), and the firmware's ProvisioningState.
// Reference §7.1 maps one to the other.

#include <string_view>

namespace openscs::device {

enum class Mode {
  kAmtDisabled = 1,             // 1: AMT disabled
  kFactoryDefault = 2,          // 2: enabled, not in Setup Mode, MEBx password still "admin"
  kPasswordChanged = 3,         // 3: enabled, not in Setup Mode, MEBx password changed
  kSetupPsk = 4,                // 4: Setup Mode for TLS-PSK (PSK hellos)
  kSetupRemoteConfig = 5,       // 5: Setup Mode for Remote Configuration (PKI hellos)
  kHelloDisabled = 6,           // 6: 4 or 5 with the hello window expired
  kOperational = 7,             // provisioned (ProvisioningState POST)
};

// "AMT disabled", "Setup Mode (TLS-PSK)", ... as the seed words them.
std::string_view ModeName(Mode mode);
// "mode 4" style number for the seed's numbering ("operational" for 7).
std::string_view ModeShortName(Mode mode);

enum class ProvisioningState { kPre = 0, kIn = 1, kPost = 2 };
std::string_view ProvisioningStateName(ProvisioningState state);  // "pre", "in", "post"

enum class ProvisioningModel { kEnterprise = 1, kSmallBusiness = 2 };  // CIM values

}  // namespace openscs::device
