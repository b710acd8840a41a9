#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/byte_writer.h"
#include "base/hex.h"
#include "protocol/mebx/password_rule.h"
#include "protocol/setupbin/setupbin.h"
#include "protocol/setupbin/setupbin_format.h"
#include "protocol/setupbin/value_format.h"
#include "protocol/setupbin/variables.h"

namespace openscs::setupbin {
namespace {

bool Is(const Entry& e, std::pair<uint16_t, uint16_t> id) { return e.module == id.first && e.variable == id.second; }

std::string Name(const Entry& e) {
  const auto info = LookUpVariable(e.module, e.variable);
  return info ? fmt::format("{} ({}/{})", info->name, e.module, e.variable) : fmt::format("{}/{}", e.module, e.variable);
}

base::Status RecordError(uint32_t number, std::string what) {
  return base::InvalidArgument(fmt::format("setup.bin record {}: {}", number, what));
}

const GuidBytes& GuidFor(uint8_t major) {
  switch (major) {
    case 1: return kGuidV1;
    case 2: return kGuidV2;
    case 3: return kGuidV3;
    default: return kGuidV4;
  }
}

// The rules a BIOS/MEBx applies to the order and content of one record.
base::Status ValidateRecord(const Record& record, FileVersion version) {
  const auto& es = record.entries;
  // Leading ME entries: current password, new password, feature selection,
  // each at most once and in that order, before anything else.
  size_t lead = 0;
  for (auto id : {var::kCurrentMebxPassword, var::kNewMebxPassword, var::kFeatureSelection}) {
    if (lead < es.size() && Is(es[lead], id)) ++lead;
  }
  for (size_t i = lead; i < es.size(); ++i) {
    for (auto id : {var::kCurrentMebxPassword, var::kNewMebxPassword, var::kFeatureSelection}) {
      if (Is(es[i], id)) {
        return RecordError(record.number,
                           fmt::format("{} must come first (current password, new password, feature selection)",
                                       Name(es[i])));
      }
    }
  }
  std::set<std::pair<uint16_t, uint16_t>> seen;
  bool halt_seen = false;
  for (const Entry& e : es) {
    const auto info = LookUpVariable(e.module, e.variable);
    if (!info) return RecordError(record.number, fmt::format("unknown variable {}/{}", e.module, e.variable));
    if (version < info->min_version) {
      return RecordError(record.number, fmt::format("{} needs file version {} or later (this is {})", Name(e),
                                                    info->min_version.ToString(), version.ToString()));
    }
    if (auto s = ValidateValue(*info, e.value, version); !s.ok()) {
      return RecordError(record.number, fmt::format("{}: {}", Name(e), s.message()));
    }
    const bool repeatable = Is(e, var::kUserCertAdd);
    if (!seen.insert({e.module, e.variable}).second && !repeatable) {
      return RecordError(record.number, fmt::format("{} appears twice", Name(e)));
    }
    if (Is(e, var::kProvisioningHaltActivate)) halt_seen = true;
    if (halt_seen && (Is(e, var::kPkiDnsSuffix) || Is(e, var::kConfigServerFqdn) || Is(e, var::kServerAddress))) {
      return RecordError(record.number, fmt::format("{} must come before ME provisioning halt/activate (2/28)", Name(e)));
    }
  }
  const auto find = [&](std::pair<uint16_t, uint16_t> id) -> const Entry* {
    for (const Entry& e : es) {
      if (Is(e, id)) return &e;
    }
    return nullptr;
  };
  const Entry* current = find(var::kCurrentMebxPassword);
  const Entry* fresh = find(var::kNewMebxPassword);
  if (version.major >= 2 && current != nullptr && base::AsChars(current->value) == mebx::kFactoryDefaultPassword &&
      fresh == nullptr) {
    return RecordError(record.number, "a current MEBx password of 'admin' must be followed by a new password (v2+)");
  }
  if (fresh != nullptr) {
    if (auto s = mebx::CheckMebxPassword(base::AsChars(fresh->value)); !s.ok()) {
      return RecordError(record.number, fmt::format("new MEBx password: {}", s.message()));
    }
    if (mebx::IsFactoryDefaultPassword(base::AsChars(fresh->value))) {
      return RecordError(record.number, "the new MEBx password must not be 'admin'");
    }
  }
  if ((find(var::kPid) == nullptr) != (find(var::kPps) == nullptr)) {
    return RecordError(record.number, "PID and PPS come as a pair");
  }
  return base::Status::Ok();
}

}  // namespace

base::Result<std::vector<std::byte>> WriteFile(const File& file) {
  const FileVersion v = file.version;
  if (v.major < 1 || v.major > 4 || !(v.minor == 0 || (v.major == 2 && v.minor == 1))) {
    return base::InvalidArgument(fmt::format("setup.bin: no file version {}.{}", v.major, v.minor));
  }
  if (file.record_chunks == 0) return base::InvalidArgument("setup.bin: records need at least one chunk");
  if (file.consumed > file.records.size()) {
    return base::InvalidArgument("setup.bin: more records consumed than the file has");
  }
  std::vector<uint16_t> modules = file.modules;
  if (modules.empty()) {
    std::set<uint16_t> used;
    for (const auto& r : file.records) {
      for (const auto& e : r.entries) used.insert(e.module);
    }
    modules.assign(used.begin(), used.end());
  }
  if (kHeaderFixedBytes + 2 * modules.size() + 2 > kChunkSize) {
    return base::InvalidArgument("setup.bin: module list does not fit the header");
  }

  base::ByteWriter out;
  for (uint8_t b : GuidFor(v.major)) out.U8(b);
  out.U16Le(1);
  out.U16Le(static_cast<uint16_t>(kHeaderFixedBytes + 2 * modules.size() + 2));
  out.U32Le(0);
  out.U8(v.major);
  out.U8(v.minor);
  out.U16Le(v.major >= 2 ? file.flags : 0);
  out.U32Le(static_cast<uint32_t>(file.records.size()));
  out.U32Le(file.consumed);
  out.U16Le(file.record_chunks);
  out.U16Le(0);
  for (uint16_t m : modules) out.U16Le(m);
  out.U16Le(0);
  out.PadTo(kChunkSize);

  const size_t record_size = static_cast<size_t>(file.record_chunks) * kChunkSize;
  for (size_t i = 0; i < file.records.size(); ++i) {
    Record record = file.records[i];
    record.number = static_cast<uint32_t>(i + 1);
    base::ByteWriter body;
    if (record.valid) {
      if (auto s = ValidateRecord(record, v); !s.ok()) return s;
      for (const Entry& e : record.entries) {
        body.U16Le(e.module);
        body.U16Le(e.variable);
        body.U16Le(static_cast<uint16_t>(e.value.size()));
        body.U16Le(0);
        body.Bytes(e.value);
        body.PadTo(kEntryAlignment);
      }
      if (body.size() + 4 <= record_size - kRecordHeaderSize) body.Zeros(4);  // explicit end-of-list
    }
    if (body.size() > record_size - kRecordHeaderSize) {
      return base::InvalidArgument(fmt::format("setup.bin record {}: {} bytes of entries do not fit {} chunk(s)",
                                               record.number, body.size(), file.record_chunks));
    }
    std::vector<std::byte> payload = std::move(body).Take();
    payload.resize(record_size - kRecordHeaderSize, std::byte{0});
    // A consumed record is zeroed and stays unscrambled, as the BIOS leaves it.
    if (record.scrambled && record.valid) {
      for (auto& b : payload) b = static_cast<std::byte>(static_cast<uint8_t>(static_cast<unsigned>(b) + kScrambleOffset));
    }
    out.U32Le(record.type);
    out.U32Le((record.valid ? kRecordFlagValid : 0u) | (record.scrambled ? kRecordFlagScrambled : 0u));
    out.Zeros(8);
    out.U16Le(file.record_chunks);
    out.U16Le(static_cast<uint16_t>(kRecordHeaderSize));
    out.U32Le(record.number);
    out.Bytes(payload);
  }
  return std::move(out).Take();
}

}  // namespace openscs::setupbin
