#pragma once

// Hellos as people read them: the decoded value (`openscs hello decode
// --json`), and the message field by field with each field's byte offset,
// length, bytes and meaning (the decode table, and the console's view of a
// system's last hello).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "protocol/hello/hello.h"
#include "store/records.h"

namespace openscs::present {

// {method, interface_version, admin_credentials_set, retry_count, uuid,
//  pid (PSK, "XXXX-XXXX") | hashes (PKI, [{algorithm, digest}])}.
nlohmann::json HelloJson(const hello::Hello& hello);

// One field of an encoded hello (docs/formats/hello.md's tables).
struct HelloField {
  size_t offset = 0;
  size_t length = 0;
  std::string name;     // "admin_credentials_set", "pid", "hashes[0]"
  std::string value;    // as `hello decode` shows it: "1 (yes)", "2 (PSK)", "sha1 <hex>"
  std::string meaning;  // one line for an admin
};

// The fields of `hello` in wire order; the offsets index its encoding
// (hello::Encode).
std::vector<HelloField> HelloFields(const hello::Hello& hello);

// The hello a system last sent, rebuilt from what the store keeps of it
// (the store keeps a hello's fields, not its bytes): UUID, interface
// version, retry count, admin flag, PID or hashes ("sha1:<hex>").
// DataLoss naming the field when a stored value could not have come off
// the wire.
base::Result<hello::Hello> LastHelloOf(const store::SystemRecord& system);

// {size, hex, fields: [{offset, length, name, value, hex, meaning}]} for a
// hello and its encoding.
nlohmann::json HelloFieldsJson(const hello::Hello& hello, std::span<const std::byte> bytes);

}  // namespace openscs::present
