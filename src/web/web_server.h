#pragma once

// The web listener of `openscs serve`: the REST API and the console on
// their own address, port and threads, so a slow page can never delay a
// hello. Beast stays inside web_server.cc; this header is cheap to include.
//
// TLS: `tls` "auto" turns it on unless the address is loopback. With no
// certificate files a self-signed certificate is generated on first start
// and kept in the database's settings (its key sealed by the vault), so its
// fingerprint stays the same across restarts; the log prints it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/context.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"

namespace openscs::secrets {
class Vault;
}

namespace openscs::web {

class EventHub;

struct WebOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  std::string port_file;
  std::string tls = "auto";  // auto | on | off
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string root;          // console files from this folder instead of the built-in copy
  size_t max_body = 8 * 1024 * 1024;
  size_t threads = 2;
  std::chrono::seconds session_idle{3600};
  std::chrono::seconds session_max{8 * 3600};
  std::chrono::seconds read_timeout{30};
  api::Options api;
};

struct WebDependencies {
  std::string db_path;  // the web threads open their own connections
  const secrets::Vault& vault;
  const base::Clock& clock;
  base::RandomSource random;
  std::function<std::string()> metrics_text;
  std::function<bool()> ready;
};

class WebServer {
 public:
  // Binds the port (errors name the address) and prepares TLS.
  static base::Result<std::unique_ptr<WebServer>> Create(WebOptions options, WebDependencies deps);
  ~WebServer();

  void Start();  // runs the listener on its own threads
  void Stop();   // closes the port and every connection; joins the threads

  uint16_t port() const;
  bool tls() const;
  // Where the server publishes what changed, for the live event streams.
  EventHub& events();
  // Prometheus text of the web listener's own metrics.
  std::string MetricsText() const;

 private:
  struct Impl;
  explicit WebServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace openscs::web
