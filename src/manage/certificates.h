#pragma once

// Provisioning certificates in the store (reference §5.3): loading and
// judging one (tls/cert_inspect.h), storing it with its key sealed, finding
// a stored one by id, and judging a stored one again. `openscs certs ...`
// and /api/v1/certificates do the same through these.
//
// Private keys never leave here in clear except sealed into the record;
// no Status holds a key or password.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "secrets/vault.h"
#include "store/records.h"
#include "store/store.h"
#include "tls/cert_inspect.h"

namespace openscs::manage {

struct LoadedCertificate {
  tls::CertificateBundle bundle;  // chain and key (SECRET)
  tls::CertificateReport report;  // judged at the `now` of LoadCertificate
};

// tls::LoadProvisioningCertificate(file, password, key_file), then
// tls::Inspect at `now`. Errors are LoadProvisioningCertificate's: among
// them FailedPrecondition for an encrypted key or PKCS#12 without a password
// and PermissionDenied for a wrong password. Findings do not fail.
base::Result<LoadedCertificate> LoadCertificate(std::span<const std::byte> file,
                                                const std::optional<std::string>& password,
                                                std::span<const std::byte> key_file, base::TimePoint now);

struct StoredCertificate {
  store::CertificateRecord record;  // as stored (private_key sealed)
  bool replaced = false;            // a certificate with this id was stored before
};

// Stores `loaded` under its leaf's SHA-1, replacing one with the same id:
// the chain as PEM, the key sealed with `vault`, `name` ("" : the leaf's CN),
// imported `now`.
base::Result<StoredCertificate> StoreCertificate(store::Store& store, const secrets::Vault& vault,
                                                 const LoadedCertificate& loaded, std::string_view name,
                                                 base::TimePoint now);

// The stored certificate whose id is `id` or starts with it (any case; a
// prefix of at least 4 characters, matching one certificate only).
// NotFound "no certificate '<id>' (see certs list)"; InvalidArgument when
// the prefix matches several.
base::Result<store::CertificateRecord> FindCertificate(store::Store& store, std::string id);

// The report of a stored certificate at `now`, from its chain only (the key
// stays sealed). DataLoss-like errors name the certificate when the stored
// chain does not parse.
base::Result<tls::CertificateReport> InspectStored(const store::CertificateRecord& record, base::TimePoint now);

}  // namespace openscs::manage
