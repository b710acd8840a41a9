#pragma once

// Writing setup.bin files, versions 1, 2, 2.1, 3 and 4
// (docs/formats/setupbin.md). Pure function over a File.

#include <cstddef>
#include <vector>

#include "base/status.h"
#include "protocol/setupbin/file.h"

namespace openscs::setupbin {

// Encodes `file`: the header chunk, then each record in its chunks, entries in
// the order given, scrambled where Record::scrambled. Records are numbered by
// position (Record::number is ignored); a consumed record (valid false) is
// written with a zeroed body. A module list is derived from the entries when
// File::modules is empty.
//
// Refuses (InvalidArgument; the message names the record number and the
// variable, "setup.bin record 2: PID (2/1): ...") a file a BIOS/MEBx would
// reject:
//  - an unsupported version, v1 flags, 0 chunks per record, more records
//    consumed than exist, a module list that misses a module in use or does
//    not fit the header;
//  - entries on a record that is not a valid data record;
//  - current MEBx password (1/1), new MEBx password (1/2) and manageability
//    feature selection (1/3) not first and in that order, or repeated;
//  - v2+: a current password "admin" without a new password;
//  - a new MEBx password that breaks the MEBx rule (mebx::CheckMebxPassword)
//    or is "admin";
//  - ME provisioning halt/activate (2/28) before the PKI DNS suffix (2/3),
//    configuration server FQDN (2/4) or provisioning server address (2/17);
//  - an unknown variable; a variable newer than the file version (power
//    package before 2.1, IPv6 before 3, SHA-256/384 hashes before 3, ...); a
//    value invalid for its type (length limits, PID/PPS charset); a variable
//    twice (except certificate hash adds); PID without PPS or the reverse;
//  - entries that do not fit the record's chunks.
base::Result<std::vector<std::byte>> WriteFile(const File& file);

}  // namespace openscs::setupbin
