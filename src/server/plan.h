#pragma once

// What to do with one device, decided before any connection: which key or
// certificate gets the server in, and what the device will be set to. Pure
// over records (no I/O), so every refusal the seed describes — a PID with no
// mapping, a PKI hello whose hashes match no certificate, a certificate for
// another domain — is tested without a network.

#include <optional>
#include <string>
#include <vector>

#include "base/random.h"
#include "provision/session.h"
#include "secrets/vault.h"
#include "store/records.h"

namespace openscs::server {

struct PlanInput {
  store::SystemRecord system;
  std::vector<store::ProfileRecord> profiles;
  std::optional<store::HostNameMapping> mapping;
  std::optional<store::KeyRecord> key;                 // PSK: the key of system.pid, if stored
  std::vector<store::CertificateRecord> certificates;  // PKI: every imported certificate
  base::TimePoint now;
};

struct Plan {
  std::string profile;
  provision::SetupCredentials setup;
  provision::DesiredConfig desired;
  store::Sealed sealed_admin_password;
  store::Sealed sealed_mebx_password;
  std::optional<store::KeyRecord> next_key;  // the fresh pair SetTLSPSK installs (sealed)
  std::string certificate_id;                // PKI: the certificate used
};

struct PlanError {
  std::string code;     // failure_text.h
  std::string step;     // "lookup", "certificate", "profile"
  std::string message;  // names the PID / hashes / domain; never a secret
};

struct PlanResult {
  std::optional<Plan> plan;
  PlanError error;  // when !plan
};

PlanResult MakePlan(const PlanInput& input, const secrets::Vault& vault, const base::RandomSource& random);

}  // namespace openscs::server
