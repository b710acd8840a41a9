#pragma once

// The web listener's TLS certificate and key: from files the admin gives,
// or a self-signed pair made on first start and kept in the settings table
// (the key sealed by the vault), so the fingerprint an admin accepted once
// stays valid across restarts.

#include <string>

#include "base/status.h"

namespace openscs::store {
class Store;
}
namespace openscs::secrets {
class Vault;
}

namespace openscs::web {

struct TlsIdentity {
  std::string chain_pem;
  std::string key_pem;         // never logged
  std::string sha256_fingerprint;  // "AB:CD:..." of the leaf, for the log
  bool generated = false;
};

base::Result<TlsIdentity> LoadTlsIdentity(const std::string& cert_file, const std::string& key_file);
// `common_name`: the listen address or host name the certificate is for.
base::Result<TlsIdentity> LoadOrCreateSelfSigned(store::Store& store, const secrets::Vault& vault,
                                                 const std::string& common_name);

}  // namespace openscs::web
