#include "protocol/setupbin/writer.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "base/byte_writer.h"
#include "base/hex.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

using VarId = std::pair<uint16_t, uint16_t>;

bool Is(const Entry& e, VarId id) { return e.module == id.first && e.variable == id.second; }

std::string Name(const Entry& e) {
  const auto info = LookUpVariable(e.module, e.variable);
  return info ? fmt::format("{} ({}/{})", info->name, e.module, e.variable)
              : fmt::format("{}/{}", e.module, e.variable);
}

base::Status RecordError(uint32_t number, std::string_view what) {
  return base::InvalidArgument(fmt::format("setup.bin record {}: {}", number, what));
}

const Entry* Find(const std::vector<Entry>& es, VarId id) {
  const auto it = std::find_if(es.begin(), es.end(), [&](const Entry& e) { return Is(e, id); });
  return it == es.end() ? nullptr : &*it;
}

// The MEBx takes these first, in this order, before anything else (§8.3).
constexpr std::array kLeading = {var::kCurrentMebxPassword, var::kNewMebxPassword, var::kFeatureSelection};
// ...and ME provisioning halt/activate only after these.
constexpr std::array kBeforeHalt = {var::kPkiDnsSuffix, var::kConfigServerFqdn, var::kServerAddress};

base::Status CheckOrder(const Record& record) {
  const auto& es = record.entries;
  size_t lead = 0;
  for (const VarId& id : kLeading) {
    if (lead < es.size() && Is(es[lead], id)) ++lead;
  }
  for (size_t i = lead; i < es.size(); ++i) {
    for (const VarId& id : kLeading) {
      if (Is(es[i], id)) {
        return RecordError(record.number, fmt::format("{} must come first, in the order current password, new "
                                                      "password, feature selection",
                                                      Name(es[i])));
      }
    }
  }
  bool halt_seen = false;
  for (const Entry& e : es) {
    if (Is(e, var::kProvisioningHaltActivate)) halt_seen = true;
    for (const VarId& id : kBeforeHalt) {
      if (halt_seen && Is(e, id)) {
        return RecordError(record.number,
                           fmt::format("{} must come before ME provisioning halt/activate (2/28)", Name(e)));
      }
    }
  }
  return base::Status::Ok();
}

base::Status CheckEntries(const Record& record, FileVersion version) {
  std::set<VarId> seen;
  for (const Entry& e : record.entries) {
    const auto info = LookUpVariable(e.module, e.variable);
    if (!info) return RecordError(record.number, fmt::format("unknown variable {}/{}", e.module, e.variable));
    if (version < info->min_version) {
      return RecordError(record.number, fmt::format("{} needs file version {} or later (this is {})", Name(e),
                                                    info->min_version.ToString(), version.ToString()));
    }
    if (auto s = ValidateValue(*info, e.value, version); !s.ok()) {
      return RecordError(record.number, fmt::format("{}: {}", Name(e), s.message()));
    }
    if (!seen.insert({e.module, e.variable}).second && !Is(e, var::kUserCertAdd)) {
      return RecordError(record.number, fmt::format("{} appears twice", Name(e)));
    }
  }
  return base::Status::Ok();
}

base::Status CheckPasswords(const Record& record, FileVersion version) {
  const Entry* current = Find(record.entries, var::kCurrentMebxPassword);
  const Entry* fresh = Find(record.entries, var::kNewMebxPassword);
  if (version.major >= 2 && current != nullptr && mebx::IsFactoryDefaultPassword(base::AsChars(current->value)) &&
      fresh == nullptr) {
    return RecordError(record.number,
                       "Current MEBx password (1/1) 'admin' must be followed by a new password (1/2) in file "
                       "version 2 or later");
  }
  if (fresh != nullptr) {
    if (auto s = mebx::CheckMebxPassword(base::AsChars(fresh->value)); !s.ok()) {
      return RecordError(record.number, fmt::format("new MEBx password (1/2): {}", s.message()));
    }
    if (mebx::IsFactoryDefaultPassword(base::AsChars(fresh->value))) {
      return RecordError(record.number, "new MEBx password (1/2) must not be 'admin'");
    }
  }
  if ((Find(record.entries, var::kPid) == nullptr) != (Find(record.entries, var::kPps) == nullptr)) {
    return RecordError(record.number, "PID (2/1) and PPS (2/2) come as a pair");
  }
  return base::Status::Ok();
}

base::Status ValidateRecord(const Record& record, FileVersion version) {
  if (record.entries.empty()) return base::Status::Ok();
  if (record.type != kRecordTypeData || !record.valid) {
    return RecordError(record.number,
                       fmt::format("has {} entries but is not a valid data record (type {}, {})", record.entries.size(),
                                   record.type, record.valid ? "valid" : "consumed"));
  }
  if (auto s = CheckOrder(record); !s.ok()) return s;
  if (auto s = CheckEntries(record, version); !s.ok()) return s;
  return CheckPasswords(record, version);
}

// Entries, their padding and (when there is room) the end-of-list marker.
base::Result<std::vector<std::byte>> EncodeBody(const Record& record, uint16_t chunks) {
  const size_t body_size = size_t{chunks} * kChunkSize - kRecordHeaderSize;
  base::ByteWriter body;
  for (const Entry& e : record.entries) {
    body.U16Le(e.module);
    body.U16Le(e.variable);
    body.U16Le(static_cast<uint16_t>(e.value.size()));  // ValidateValue bounds every length far below 64 KiB
    body.U16Le(0);
    body.Bytes(e.value);
    body.PadTo(kEntryAlignment);
  }
  if (body.size() > body_size) {
    return RecordError(record.number, fmt::format("{} bytes of entries do not fit {} chunk(s) ({} bytes after the "
                                                  "record header)",
                                                  body.size(), chunks, body_size));
  }
  std::vector<std::byte> out = std::move(body).Take();
  out.resize(body_size, std::byte{0});  // the zero padding is also the end-of-list marker
  if (record.scrambled && record.valid) {
    for (auto& b : out) b = static_cast<std::byte>(static_cast<uint8_t>(static_cast<unsigned>(b) + kScrambleOffset));
  }
  return out;
}

base::Result<std::vector<uint16_t>> ModuleList(const File& file) {
  std::set<uint16_t> used;
  for (const auto& r : file.records) {
    for (const auto& e : r.entries) used.insert(e.module);
  }
  if (file.modules.empty()) return std::vector<uint16_t>(used.begin(), used.end());
  for (uint16_t m : file.modules) {
    if (m == 0) return base::InvalidArgument("setup.bin: module id 0 in the module list (it ends the list)");
  }
  for (uint16_t m : used) {
    if (std::find(file.modules.begin(), file.modules.end(), m) == file.modules.end()) {
      return base::InvalidArgument(fmt::format("setup.bin: module {} is used but not in the module list", m));
    }
  }
  return file.modules;
}

}  // namespace

base::Result<std::vector<std::byte>> WriteFile(const File& file) {
  const FileVersion v = file.version;
  if (!v.IsSupported()) return base::InvalidArgument(fmt::format("setup.bin: no file version {}.{}", v.major, v.minor));
  if (v.major < 2 && file.flags != 0) {
    return base::InvalidArgument(fmt::format("setup.bin: file flags 0x{:x} need file version 2 or later", file.flags));
  }
  if (file.record_chunks == 0) return base::InvalidArgument("setup.bin: records need at least one chunk");
  if (file.records.size() > UINT32_MAX) return base::InvalidArgument("setup.bin: too many records");
  if (file.consumed > file.records.size()) {
    return base::InvalidArgument(
        fmt::format("setup.bin: {} records consumed but the file has only {}", file.consumed, file.records.size()));
  }
  auto modules = ModuleList(file);
  if (!modules) return modules.error();
  if (HeaderByteCount(modules->size()) > kChunkSize) {
    return base::InvalidArgument(
        fmt::format("setup.bin: a module list of {} ids does not fit the header chunk", modules->size()));
  }

  base::ByteWriter out;
  for (uint8_t b : *kVersionGuids[v.major - 1]) out.U8(b);
  out.U16Le(1);  // RecordChunkCount of the header
  out.U16Le(static_cast<uint16_t>(HeaderByteCount(modules->size())));
  out.U32Le(0);  // RecordNumber
  out.U8(v.major);
  out.U8(v.minor);
  out.U16Le(file.flags);
  out.U32Le(static_cast<uint32_t>(file.records.size()));
  out.U32Le(file.consumed);
  out.U16Le(file.record_chunks);
  out.U16Le(0);  // reserved
  for (uint16_t m : *modules) out.U16Le(m);
  out.U16Le(0);
  out.PadTo(kChunkSize);

  for (size_t i = 0; i < file.records.size(); ++i) {
    Record record = file.records[i];
    record.number = static_cast<uint32_t>(i + 1);
    if (auto s = ValidateRecord(record, v); !s.ok()) return s;
    auto body = EncodeBody(record, file.record_chunks);
    if (!body) return body.error();
    out.U32Le(record.type);
    out.U32Le((record.valid ? kRecordFlagValid : 0u) | (record.scrambled ? kRecordFlagScrambled : 0u));
    out.Zeros(8);  // reserved
    out.U16Le(file.record_chunks);
    out.U16Le(static_cast<uint16_t>(kRecordHeaderSize));
    out.U32Le(record.number);
    out.Bytes(*body);
  }
  return std::move(out).Take();
}

}  // namespace openscs::setupbin
