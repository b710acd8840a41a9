#include "device/mode.h"

namespace openscs::device {

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kAmtDisabled: return "AMT disabled";
    case Mode::kFactoryDefault: return "AMT enabled, not in Setup Mode (factory default)";
    case Mode::kPasswordChanged: return "AMT enabled, not in Setup Mode (MEBx password changed)";
    case Mode::kSetupPsk: return "AMT enabled, in Setup Mode for TLS-PSK";
    case Mode::kSetupRemoteConfig: return "AMT enabled, in Setup Mode for Remote Configuration";
    case Mode::kHelloDisabled: return "Setup Mode with hello packet mode disabled (window expired)";
    case Mode::kOperational: return "Operational (provisioned)";
  }
  return "unknown";
}

std::string_view ModeShortName(Mode mode) {
  switch (mode) {
    case Mode::kAmtDisabled: return "1-disabled";
    case Mode::kFactoryDefault: return "2-factory";
    case Mode::kPasswordChanged: return "3-pw-changed";
    case Mode::kSetupPsk: return "4-setup-psk";
    case Mode::kSetupRemoteConfig: return "5-setup-pki";
    case Mode::kHelloDisabled: return "6-hello-off";
    case Mode::kOperational: return "operational";
  }
  return "unknown";
}

std::string_view ProvisioningStateName(ProvisioningState state) {
  switch (state) {
    case ProvisioningState::kPre: return "pre";
    case ProvisioningState::kIn: return "in";
    case ProvisioningState::kPost: return "post";
  }
  return "unknown";
}

}  // namespace openscs::device
