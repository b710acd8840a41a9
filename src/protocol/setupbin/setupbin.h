#pragma once

// Read and write USB One-Touch setup.bin files, versions 1, 2, 2.1, 3 and 4
// (docs/formats/setupbin.md). Pure functions over bytes.

#include <cstddef>
#include <span>
#include <vector>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

// Parses a whole file. Errors (InvalidArgument / DataLoss for truncation)
// name the record number and byte offset: short or truncated files, unknown
// GUID, a version byte that contradicts the GUID, bad header counts,
// DataRecordsConsumed > DataRecordCount, records out of sequence, values
// running past their record, values invalid for their variable's type.
// Unknown variables of known modules are kept (raw) with a warning: later
// firmware adds variables; an unknown module is an error.
base::Result<File> ReadFile(std::span<const std::byte> bytes);

// Encodes `file`. Enforces what a BIOS/MEBx requires of a record:
//  - the current MEBx password (1/1) first, then the new one (1/2), then the
//    feature selection (1/3), before anything else;
//  - file v2+: a current password "admin" must be followed by a new password;
//  - a new MEBx password obeys the MEBx rule (docs/formats/mebx-password.md);
//  - ME provisioning halt/activate (2/28) after the PKI DNS suffix, server
//    FQDN and server address;
//  - every variable known, valid for its type, and allowed in the version;
//  - each record fits its chunks.
// Errors name the record and the variable.
base::Result<std::vector<std::byte>> WriteFile(const File& file);

// The GUID-implied major version of a file's first 16 bytes, or 0.
uint8_t MajorVersionOfGuid(std::span<const std::byte> first16);

}  // namespace openscs::setupbin
