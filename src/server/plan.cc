#include "server/plan.h"

#include <fmt/format.h>

#include "profile/profile.h"
#include "protocol/pidpps/pid_pps.h"
#include "server/failure_text.h"
#include "tls/provisioning_cert.h"

namespace openscs::server {
namespace {

PlanResult Fail(std::string_view code, std::string_view step, std::string message) {
  PlanResult r;
  r.error = {std::string(code), std::string(step), std::move(message)};
  return r;
}

bool RootMatches(const store::CertificateRecord& cert, const std::string& hash) {
  return hash == "sha1:" + cert.root_sha1 || hash == "sha256:" + cert.root_sha256 ||
         hash == "sha384:" + cert.root_sha384;
}

std::string JoinHashes(const std::vector<std::string>& hashes) {
  std::string out;
  for (const auto& h : hashes) {
    if (!out.empty()) out += ", ";
    out += h;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

PlanResult MakePlan(const PlanInput& in, const secrets::Vault& vault, const base::RandomSource& random) {
  const store::SystemRecord& sys = in.system;
  Plan plan;

  const std::string mapped_domain = in.mapping ? in.mapping->domain_name : std::string();
  const store::ProfileRecord& profile = profile::SelectProfile(in.profiles, sys.uuid, mapped_domain);
  plan.profile = profile.name;

  auto host = profile::HostNameFor(profile, sys.uuid, in.mapping);
  if (!host) return Fail(kHostNameInvalid, "profile", host.error().message());
  plan.desired.host_name = *host;
  plan.desired.domain_name = profile::DesiredDomain(profile, in.mapping, "");

  if (profile.password_policy == "fixed") {
    auto fixed = vault.Open(profile.fixed_admin_password);
    if (!fixed) return Fail(kSecretUnreadable, "profile", fmt::format("profile {}: fixed admin password: {}",
                                                                       profile.name, fixed.error().message()));
    plan.desired.admin_password = *fixed;
  } else {
    plan.desired.admin_password = profile::GenerateAdminPassword(random);
  }
  plan.desired.mebx_password = profile::GenerateAdminPassword(random);
  plan.desired.tls = profile.tls;
  plan.desired.interfaces = provision::EnabledInterfaces{profile.web_ui, profile.sol_ider, profile.sol_ider};
  plan.sealed_admin_password = vault.Seal(plan.desired.admin_password);
  plan.sealed_mebx_password = vault.Seal(plan.desired.mebx_password);

  // Setup Mode Digest passwords, most likely first ("admin" is added last).
  plan.setup.digest_passwords.clear();
  auto add_password = [&](const store::Sealed& sealed) -> base::Status {
    if (sealed.empty()) return base::Status::Ok();
    auto opened = vault.Open(sealed);
    if (!opened) return opened.error();
    plan.setup.digest_passwords.push_back(*opened);
    return base::Status::Ok();
  };

  if (sys.hello_version == 2) {
    plan.setup.kind = provision::SetupCredentials::kPsk;
    if (!in.key) {
      return Fail(kPidNotFound, "lookup",
                  fmt::format("failed to find PID mapping for PID {} (UUID {})",
                              pidpps::DisplayPid(sys.pid), sys.uuid));
    }
    if (in.key->status == store::KeyStatus::kRevoked) {
      return Fail(kPidRevoked, "lookup", fmt::format("PID {} was revoked", pidpps::DisplayPid(sys.pid)));
    }
    auto pps = vault.Open(in.key->pps);
    if (!pps) return Fail(kSecretUnreadable, "lookup", fmt::format("PPS of PID {}: {}", pidpps::DisplayPid(sys.pid), pps.error().message()));
    plan.setup.pid = sys.pid;
    plan.setup.pps = *pps;
    if (auto st = add_password(in.key->mebx_password); !st.ok()) {
      return Fail(kSecretUnreadable, "lookup", fmt::format("MEBx password of PID {}: {}", pidpps::DisplayPid(sys.pid), st.message()));
    }
    if (profile.fresh_psk) {
      const pidpps::Pair next = pidpps::Generate(random);
      store::KeyRecord key;
      key.pid = std::string(next.pid.compact());
      key.pps = vault.Seal(next.pps.compact());
      key.mebx_password = plan.sealed_mebx_password;
      key.status = store::KeyStatus::kBound;
      key.bound_uuid = sys.uuid;
      key.provenance = "SetTLSPSK:" + sys.uuid;
      key.created = key.updated = in.now;
      plan.desired.next_pid_pps = std::pair{key.pid, std::string(next.pps.compact())};
      plan.next_key = std::move(key);
    }
  } else {
    plan.setup.kind = provision::SetupCredentials::kPki;
    std::vector<const store::CertificateRecord*> by_root;
    for (const auto& cert : in.certificates) {
      for (const auto& h : sys.hashes) {
        if (RootMatches(cert, h)) {
          by_root.push_back(&cert);
          break;
        }
      }
    }
    if (by_root.empty()) {
      return Fail(kPkiNoMatchingRoot, "certificate",
                  fmt::format("no imported certificate chains to a root the device trusts (device lists {}; {} "
                              "certificate(s) imported)",
                              JoinHashes(sys.hashes), in.certificates.size()));
    }
    std::vector<const store::CertificateRecord*> valid;
    for (const auto* c : by_root) {
      if (c->not_before <= in.now && in.now <= c->not_after) valid.push_back(c);
    }
    if (valid.empty()) {
      return Fail(kPkiCertificateExpired, "certificate",
                  fmt::format("certificate {} (CN {}) matches the device's root but is not valid now",
                              by_root.front()->id, by_root.front()->leaf_cn));
    }
    const store::CertificateRecord* chosen = nullptr;
    const std::string& domain = plan.desired.domain_name;
    for (const auto* c : valid) {
      // The device's own domain is unknown until it is configured: when the
      // admin told us which domain it is in, check the certificate against it
      // now rather than let the device refuse the handshake.
      if (domain.empty() || tls::CnMatchesDomain(c->leaf_cn, domain, true)) {
        chosen = c;
        break;
      }
    }
    if (chosen == nullptr) {
      return Fail(kPkiDomainMismatch, "certificate",
                  fmt::format("certificate CN {} is not under the device's domain {}", valid.front()->leaf_cn, domain));
    }
    auto key_pem = vault.Open(chosen->private_key);
    if (!key_pem) {
      return Fail(kSecretUnreadable, "certificate",
                  fmt::format("private key of certificate {}: {}", chosen->id, key_pem.error().message()));
    }
    plan.setup.chain_pem = chosen->chain_pem;
    plan.setup.key_pem = *key_pem;
    plan.certificate_id = chosen->id;
  }
  for (const auto& sealed : profile.known_mebx_passwords) {
    if (auto st = add_password(sealed); !st.ok()) {
      return Fail(kSecretUnreadable, "profile", fmt::format("profile {}: a known MEBx password: {}", profile.name,
                                                            st.message()));
    }
  }
  plan.setup.digest_passwords.push_back("admin");  // factory default: PKI bare metal, One-Touch-less PSK

  PlanResult r;
  r.plan = std::move(plan);
  return r;
}

}  // namespace openscs::server
