#pragma once

// Everything `openscs serve` can be told, with its default. Every field is
// both a command-line flag and a key of the config file (docs/server.md;
// example: examples/openscs.conf), named alike: `hello_port` <-> --hello-port.

#include <chrono>
#include <cstdint>
#include <string>

#include "base/status.h"
#include "store/records.h"

namespace openscs::server {

struct ServerConfig {
  // Hello listener. 0.0.0.0 because devices reach the server from the
  // network; port 9971 is what firmware uses unless the MEBx says otherwise.
  std::string hello_address = "0.0.0.0";
  uint16_t hello_port = 9971;
  // Written with the bound port once listening (port 0 picks one: tests).
  std::string port_file;

  std::string db = "./openscs.db";         // SQLite file, created and migrated on first start
  std::string key_file = "./openscs.key";  // libsodium key sealing secrets at rest, created 0600

  // The provisioning log's level until `openscs settings log-level` stores
  // one; the stored setting wins and is re-read every second.
  store::LogLevel log_level = store::LogLevel::kInfo;
  // Trace of every hello, TLS handshake and SOAP/WS-Man exchange (secrets
  // redacted); empty = off. Rotates at trace_max_bytes, keeping trace_files.
  std::string trace_file;
  size_t trace_max_bytes = 10 * 1024 * 1024;
  size_t trace_files = 5;

  // Provisioning.
  size_t max_concurrent = 32;  // sessions at once; more hellos wait their turn
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds step_timeout{10000};  // each SOAP/WS-Man call
  uint16_t device_tls_port = 16993;
  uint16_t device_plain_port = 16992;
  bool allow_tls10 = false;            // legacy firmware before TLS 1.2 (off: OpenSSL security level drops to 0)
  bool plain_http = false;             // provision over 16992 without TLS (HP: "TLS optional for PSK")
  std::string wsman_min_version = "3.2.1";  // legacy SOAP below this version

  // Identity of this server in provisioning leases (several servers may
  // share one database). Default: the host name.
  std::string server_id;
  std::chrono::seconds lease{600};

  // Hello connections.
  std::chrono::milliseconds hello_read_timeout{5000};
  size_t hello_max_bytes = 4096;  // a legal hello is at most 531 bytes

  // Web console and REST API (src/web, docs/api.md). Loopback by default:
  // the console can reveal secrets, so beyond this host it speaks TLS.
  bool web_enabled = true;             // --no-web turns the listener off
  std::string web_address = "127.0.0.1";
  uint16_t web_port = 8080;
  std::string web_port_file;           // written with the bound port (port 0: tests)
  std::string web_tls = "auto";        // auto: TLS unless web_address is loopback; on; off
  std::string web_tls_cert;            // PEM chain; with web_tls_key. Empty: a self-signed
  std::string web_tls_key;             //   certificate generated once, kept in the database
  std::string web_root;                // serve the console from this folder, not the built-in copy
  size_t web_max_body = 8 * 1024 * 1024;
  size_t web_threads = 2;
  std::chrono::seconds web_session_idle{3600};
  std::chrono::seconds web_session_max{8 * 3600};
  // What the console's DNS test and doctor use (the CLI's --dns-server).
  std::string dns_server;
  std::string hello_schedule;  // "" = each device's own (psk-cycle for PSK, configmgr for PKI)
  double time_scale = 1.0;

  size_t io_threads = 1;
  size_t queue_capacity = 65536;
  size_t batch_size = 512;

  // Checks ranges and consistency; the message names the option.
  base::Status Validate() const;
};

}  // namespace openscs::server
