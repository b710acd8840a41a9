#include "server/failure_text.h"

#include <array>
#include <utility>

namespace openscs::server {
namespace {

using Entry = std::pair<std::string_view, FailureText>;

constexpr std::array kTexts = {
    Entry{"pid_not_found",
          {"the hello's PID is not in the key store (the seed's \"failed to find PID mapping\")",
           "import the OEM's keys (openscs keys import FILE) or add the pair (openscs keys add PID PPS)"}},
    Entry{"pid_revoked", {"the hello's PID was revoked by an admin", "enter a new PID/PPS in the MEBx or import a new key"}},
    Entry{"pki_no_matching_root",
          {"no imported provisioning certificate chains to a root whose hash the device lists in its hello",
           "import a certificate from a CA the device trusts (openscs certs import), or add your root's hash to the "
           "device (MEBx › Manage Certificate Hashes, or setup.bin 2/8)"}},
    Entry{"pki_domain_mismatch",
          {"the provisioning certificate's CN is not under the device's domain",
           "use a certificate for the device's DHCP domain (option 15), or set the PKI DNS suffix in the MEBx"}},
    Entry{"pki_certificate_expired",
          {"the matching provisioning certificate is not valid now", "renew it and import the new chain"}},
    Entry{"host_name_invalid",
          {"the profile's host-name rule gave a name that is not a valid host label",
           "fix the profile's host_name_template or the UUID mapping (openscs profiles set / mappings import)"}},
    Entry{"secret_unreadable",
          {"a sealed secret could not be opened: the key file is not the one it was sealed with",
           "start the server with the key file used when the keys were imported (--key-file)"}},
    Entry{"verify_failed",
          {"the device took the configuration but does not accept the new credentials",
           "check the device with amttool using the stored credentials; unprovision it in the MEBx and retry"}},
    Entry{"store_error", {"the database refused a write", "see the server's log; check disk space and the DB file"}},
    Entry{"connect_refused",
          {"nothing listens on the device's port 16993: the device left Setup Mode or the address is stale",
           "check the device is still in Setup Mode (MEBx); test with `telnet <ip> 16993`; fix DNS/DHCP"}},
    Entry{"connect_timeout",
          {"the device did not answer on 16993 in time (a firewall or a wrong address)",
           "test with `telnet <ip> 16993` from the server; open the port"}},
    Entry{"tls_psk_mismatch",
          {"the device refused the TLS-PSK handshake: its PPS differs from the stored one for this PID",
           "re-import the right PPS for this PID, or enter a new PID/PPS in the MEBx"}},
    Entry{"tls_unknown_identity",
          {"the device does not know this PID as its PSK identity", "check the PID entered in the MEBx"}},
    Entry{"pki_certificate_refused",
          {"the device refused the provisioning certificate (root hash, CN domain suffix, OID/OU or validity)",
           "run `openscs certs show` for the warnings; check the device's PKI DNS suffix and enabled hashes"}},
    Entry{"tls_version_refused",
          {"the device and the server share no TLS version", "legacy firmware needs TLS 1.0: serve with --allow-tls10"}},
    Entry{"digest_rejected",
          {"the device refused the HTTP Digest login as admin in Setup Mode",
           "add the MEBx password set on the device to the key (keys add --mebx-password) or to the profile"}},
    Entry{"data_missing_on_commit",
          {"CommitChanges answered 0x809: essential data (admin credential, MEBx password) was not set",
           "see the trace for the step that did not take; report a bug if every step succeeded"}},
    Entry{"commit_unconfirmed",
          {"the connection ended during CommitChanges, and verification did not confirm it",
           "the device may be provisioned: check with amttool and the stored credentials before retrying"}},
    Entry{"connect_failed",
          {"the device's address could not be reached (no route, or a name that does not resolve)",
           "check the hello's source address is routable from the server"}},
    Entry{"tls_timeout",
          {"the device accepted TCP on 16993 but did not finish the TLS handshake",
           "the ME may be busy or hung: AC-cycle the device; check for a TLS-inspecting middlebox"}},
    Entry{"tls_failed",
          {"the TLS handshake failed for another reason (no shared cipher suite, a device that is no longer in "
           "Setup Mode)",
           "see the trace for the alert; `openssl s_client -connect <ip>:16993` shows what the device offers"}},
    Entry{"invalid_input",
          {"a stored PID/PPS, certificate or password is malformed", "re-import the key or certificate"}},
    Entry{"not_in_setup_mode",
          {"the device says it is already provisioned", "unprovision it (MEBx › Un-Provision) to provision it again"}},
    Entry{"not_provisioned",
          {"after CommitChanges the device still reports Setup Mode", "see the trace; retried on the next hello"}},
    Entry{"pt_status",
          {"a call returned a PT_STATUS error (the message names it; reference 10.1)",
           "see `openscs logs --uuid` for the call and the trace for its body"}},
    Entry{"soap_fault", {"a legacy SOAP call was answered with a Fault", "see the trace for the fault string"}},
    Entry{"wsman_fault", {"a WS-Management call was answered with a Fault", "see the trace for the subcode"}},
    Entry{"unexpected_response",
          {"the device answered something that does not fit the protocol", "see the trace; report it with the capture"}},
    Entry{"step_timeout", {"the device did not answer a call in time", "the device may be busy; it is retried on the next hello"}},
    Entry{"connection_dropped",
          {"the device closed the connection repeatedly", "check the network path; the next hello retries"}},
};

constexpr FailureText kUnknown{"an unexpected failure", "see the trace file and the server's log for this UUID"};

}  // namespace

const FailureText& DescribeFailure(std::string_view code) {
  for (const auto& [name, text] : kTexts) {
    if (name == code) return text;
  }
  return kUnknown;
}

}  // namespace openscs::server
