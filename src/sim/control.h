#pragma once

// The simulator's local control interface: a Unix-domain socket that takes
// one JSON request per line and answers one JSON line. `amtsim status`,
// `amtsim mebx ...` and the tests use it. Requests (docs/amtsim.md):
//   {"cmd":"status"[, "device":"127.1.0.5"|"<uuid>"]}
//   {"cmd":"mebx", "device":..., "op":"login"|"change-password"|"enable"|"disable"|
//        "enter-pid-pps"|"remote-config"|"set-server"|"set-domain"|"set-dhcp"|
//        "set-static-ip"|"set-pki-dns-suffix"|"add-hash"|
//        "unprovision", ...arguments}
//   {"cmd":"power", "device":..., "action":"ac-cycle"|"cmos-reset"}
//   {"cmd":"rct-enable", "device":...}
//   {"cmd":"usb", "device":..., "file":"/path/setup.bin"}
//   {"cmd":"stop"}
// Answers: {"ok":true, ...} or {"ok":false, "error":"..."}.

#include <memory>
#include <string>

#include "base/status.h"

namespace openscs::sim {

class Fleet;

class ControlServer {
 public:
  // Listens on `socket_path` (replacing a stale socket file). Runs on the
  // fleet's I/O thread; requests touch devices there.
  static base::Result<std::unique_ptr<ControlServer>> Start(Fleet& fleet, const std::string& socket_path);
  ~ControlServer();

 private:
  struct Impl;
  explicit ControlServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Client side: sends one request line and returns the answer line.
base::Result<std::string> ControlRequest(const std::string& socket_path, const std::string& request_json);

}  // namespace openscs::sim
