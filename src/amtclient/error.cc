#include "amtclient/error.h"

#include <fmt/format.h>

namespace openscs::amtclient {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnectRefused: return "connect_refused";
    case ErrorKind::kConnectTimeout: return "connect_timeout";
    case ErrorKind::kConnectFailed: return "connect_failed";
    case ErrorKind::kTlsPskMismatch: return "tls_psk_mismatch";
    case ErrorKind::kTlsUnknownIdentity: return "tls_unknown_identity";
    case ErrorKind::kTlsCertificateRefused: return "tls_certificate_refused";
    case ErrorKind::kTlsVersionRefused: return "tls_version_refused";
    case ErrorKind::kTlsTimeout: return "tls_timeout";
    case ErrorKind::kTlsFailed: return "tls_failed";
    case ErrorKind::kDigestRejected: return "digest_rejected";
    case ErrorKind::kConnectionDropped: return "connection_dropped";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kHttpStatus: return "http_status";
    case ErrorKind::kSoapFault: return "soap_fault";
    case ErrorKind::kWsmanFault: return "wsman_fault";
    case ErrorKind::kBadResponse: return "bad_response";
    case ErrorKind::kInvalidUse: return "invalid_use";
  }
  return "unknown";
}

std::string Error::ToString() const { return fmt::format("{}: {}", ErrorKindName(kind), message); }

}  // namespace openscs::amtclient
