#pragma once

// Builds one data record with typed setters, in the order the BIOS needs
// (current password, new password, feature selection first; provisioning
// halt/activate last; the rest by module and variable), so callers cannot get
// the order wrong. Setting a variable again replaces it, except certificate
// hash adds, which accumulate. Setters only record values; Build() checks the
// record as WriteFile() would, for the builder's file version. Not
// thread-safe; cheap to copy.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

enum class HashAlgorithm : uint8_t { kSha1 = 1, kSha256 = 2, kSha384 = 3 };

class RecordBuilder {
 public:
  explicit RecordBuilder(FileVersion version) : version_(version) {}

  RecordBuilder& CurrentMebxPassword(std::string_view password);
  RecordBuilder& NewMebxPassword(std::string_view password);
  RecordBuilder& ManageabilityFeature(bool amt);
  RecordBuilder& PowerPackage(std::span<const std::byte, 16> guid);
  RecordBuilder& PidPps(std::string_view pid, std::string_view pps);  // compact, no dashes
  RecordBuilder& PkiDnsSuffix(std::string_view suffix);
  RecordBuilder& ConfigServerFqdn(std::string_view fqdn);
  RecordBuilder& RemoteConfiguration(bool enabled);
  RecordBuilder& PreInstalledCertificates(bool enabled);
  RecordBuilder& UserCertificatesConfig(uint8_t mode);  // 0 disable, 1 enable, 2 delete
  RecordBuilder& AddCertificateHash(HashAlgorithm algorithm, std::span<const std::byte> digest, std::string_view name);
  RecordBuilder& SolIder(uint8_t bits);
  RecordBuilder& HostName(std::string_view host);
  RecordBuilder& DomainName(std::string_view domain);
  RecordBuilder& Dhcp(bool enabled);
  RecordBuilder& ProvisioningMode(bool small_business);
  // IPv4 "a.b.c.d" stored as 4 bytes, or IPv6 "2001:db8::1" (file v3+) as
  // 16 bytes, network order. The encoding is our inference [L]. Text that is
  // neither makes Build() fail.
  RecordBuilder& ProvisioningServerAddress(std::string_view address);
  RecordBuilder& ProvisioningServerPort(uint16_t port);
  RecordBuilder& ProvisioningHaltActivate(bool start);  // file v2+; sorted after the server settings
  RecordBuilder& DynamicDnsUpdate(bool enabled);        // file v3+
  RecordBuilder& KvmState(bool enabled);                // file v4+
  // Any other variable, raw.
  RecordBuilder& Raw(uint16_t module, uint16_t variable, std::vector<std::byte> value);

  // The record, or the first error (a bad argument given to a setter, or a
  // rule WriteFile() enforces).
  base::Result<Record> Build(bool scrambled = false) const;

 private:
  RecordBuilder& Set(std::pair<uint16_t, uint16_t> id, std::vector<std::byte> value);
  FileVersion version_;
  std::vector<Entry> entries_;
  base::Status error_;
};

// Builds a File of `records` (module list derived, nothing consumed, one
// chunk per record, the do-not-consume flag if asked: v2+ only) and encodes
// it with WriteFile, whose errors it returns.
base::Result<std::vector<std::byte>> BuildFile(FileVersion version, std::vector<Record> records, bool do_not_consume);

}  // namespace openscs::setupbin
