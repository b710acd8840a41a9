#pragma once

// The keys of the settings table (Store::GetSetting/PutSetting): one home,
// because writers and readers sit in different layers (the CLI and the
// REST API set the log level the server polls; the server records its
// hello endpoint for the doctor and the DNS test).

#include <string_view>

namespace openscs::store {

// The provisioning log level: "error", "warning", "info" or "debug".
// A running server polls it, so a change needs no restart.
inline constexpr std::string_view kLogLevelSetting = "log_level";
inline constexpr std::string_view kDefaultLogLevel = "info";

// "ADDRESS:PORT" of the hello listener, written by `openscs serve` at start.
inline constexpr std::string_view kHelloEndpointSetting = "hello_endpoint";

// The web listener's generated self-signed certificate (PEM) and its key,
// sealed by the vault (hex).
inline constexpr std::string_view kWebTlsCertSetting = "web_tls_cert";
inline constexpr std::string_view kWebTlsKeySealedSetting = "web_tls_key_sealed";

}  // namespace openscs::store
