#include "server/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "base/hex.h"
#include "protocol/pidpps/pid_pps.h"
#include "secrets/store_binding.h"
#include "secrets/vault.h"
#include "server/db_worker.h"
#include "server/hello_listener.h"
#include "server/provisioner.h"
#include "server/provisioning_log.h"
#include "server/server_metrics.h"
#include "server/trace.h"
#include "store/settings.h"
#include "store/sqlite/sqlite_store.h"
#include "web/event_hub.h"
#include "web/web_server.h"

namespace openscs::server {
namespace {

namespace asio = boost::asio;
using store::LogLevel;

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "openscs";
  return name;
}

std::string HashesOf(const hello::Hello& h, std::vector<std::string>& out) {
  std::string joined;
  for (const auto& hash : h.hashes) {
    out.push_back(fmt::format("{}:{}", hello::HashAlgorithmName(hash.algorithm), base::ToHex(hash.digest)));
    joined += (joined.empty() ? "" : " ") + out.back();
  }
  return joined;
}

// The web listener's share of the configuration (`--web-*`, and what the
// API's DNS test and doctor need to know about this server).
web::WebOptions WebOptionsFrom(const ServerConfig& c) {
  web::WebOptions w;
  w.address = c.web_address;
  w.port = c.web_port;
  w.port_file = c.web_port_file;
  w.tls = c.web_tls;
  w.tls_cert_file = c.web_tls_cert;
  w.tls_key_file = c.web_tls_key;
  w.root = c.web_root;
  w.max_body = c.web_max_body;
  w.threads = c.web_threads;
  w.session_idle = c.web_session_idle;
  w.session_max = c.web_session_max;
  w.api.dns_server = c.dns_server;
  w.api.hello_schedule = c.hello_schedule;
  w.api.time_scale = c.time_scale;
  return w;
}

}  // namespace

struct Server::Impl final : HelloSink {
  ServerConfig config;
  std::shared_ptr<base::Clock> clock = base::SystemClock();
  std::optional<secrets::Vault> vault;
  // Before everything that updates it, so it outlives the database thread's
  // last batch (server/server_metrics.h registers the server's metrics).
  metrics::Registry metrics;
  std::unique_ptr<DbWorker> db;
  std::unique_ptr<ProvisioningLog> log;
  std::atomic<ProvisioningLog*> log_ready{nullptr};  // `log`, once set (read by the database thread)
  std::unique_ptr<Trace> trace;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io};
  HelloListenerCounters hello_counters;
  std::unique_ptr<Provisioner> provisioner;
  std::unique_ptr<web::WebServer> web;  // the console and REST API; null with --no-web
  std::atomic<bool> stopping{false};

  // /metrics: the server's metrics (server/server_metrics.h); the web
  // listener appends its own.
  std::string MetricsText() const { return metrics.RenderPrometheusText(); }

  void OnHello(ReceivedHello&& h) override {
    const std::string uuid = h.hello.uuid.ToString();
    store::HelloObservation obs;
    obs.uuid = uuid;
    obs.at = h.at;
    obs.source_address = h.peer_address;
    obs.hello_version = hello::InterfaceVersion(h.hello.method);
    obs.retry_count = h.hello.retry_count;
    obs.admin_credentials_set = h.hello.admin_credentials_set;
    obs.pid = h.hello.pid;
    const std::string hashes = HashesOf(h.hello, obs.hashes);
    if (trace) trace->Record(uuid, "hello", fmt::format("from {}:{} bytes {}", h.peer_address, h.peer_port, base::ToHex(h.raw)));
    if (!db->EnqueueHello(std::move(obs))) {
      // Back-pressure: the device sends another hello soon; the counter shows it.
      return;
    }
    if (web) web->events().PublishSystem(uuid);
    // Info, not debug: the console's timeline shows every hello at the
    // default level (the seed's SCS logs them too).
    log->Write(LogLevel::kInfo, uuid, "hello_received", "hello",
               fmt::format("{} hello (retry {}) from {}:{}{}", h.hello.method == hello::Method::kPsk ? "PSK" : "PKI",
                           h.hello.retry_count, h.peer_address, h.peer_port,
                           h.hello.method == hello::Method::kPsk ? " PID " + pidpps::DisplayPid(h.hello.pid) : " hashes " + hashes));
    for (const auto& w : h.warnings) log->Write(LogLevel::kWarning, uuid, "hello_warning", "hello", w);
    provisioner->OnHello(h);
  }

  void OnMalformed(const std::string& peer, uint16_t port, const std::string& reason,
                   const std::vector<std::byte>& raw) override {
    if (trace) trace->Record("", "hello_malformed", fmt::format("from {}:{} bytes {}", peer, port, base::ToHex(raw)));
    log->Write(LogLevel::kWarning, "", "hello_malformed", "hello",
               fmt::format("malformed hello from {}:{} ({} bytes) dropped: {}", peer, port, raw.size(), reason));
  }

  void OnHttpProbe(const std::string& peer) override {
    log->Write(LogLevel::kInfo, "", "hello_port_probe", "hello",
               fmt::format("HTTP request on the hello port from {} answered with the banner (port test)", peer));
  }

  // Re-reads the runtime settings (the seed's "Configuration Service
  // Settings"): `openscs settings log-level` writes them from another process.
  void PollSettings(store::Store& s) {
    // The database thread starts polling before `log` exists (the log
    // needs the database thread): skip until Create() has published it.
    ProvisioningLog* const current = log_ready.load();
    if (current == nullptr) return;
    auto level = s.GetSetting(store::kLogLevelSetting);
    if (!level || !*level) return;
    if (auto parsed = store::ParseLogLevel(**level); parsed && *parsed != current->level()) {
      current->SetLevel(*parsed);
      spdlog::info("log level is now {}", store::LogLevelName(*parsed));
    }
  }

  void BeginShutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("stopping: closing the hello port, letting {} session(s) finish", provisioner->busy());
    boost::system::error_code ignored;
    acceptor.close(ignored);
    asio::co_spawn(io, DrainThenStop(), asio::detached);
  }

  asio::awaitable<void> DrainThenStop() {
    asio::steady_timer t(io);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (provisioner->busy() > 0 && std::chrono::steady_clock::now() < give_up) {
      t.expires_after(std::chrono::milliseconds(50));
      co_await t.async_wait(asio::use_awaitable);
    }
    // Sessions still running keep their lease; the next start recovers them.
    io.stop();
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

base::Result<std::unique_ptr<Server>> Server::Create(ServerConfig config) {
  if (config.server_id.empty()) config.server_id = HostName();
  if (auto st = config.Validate(); !st.ok()) return st;
  auto impl = std::make_unique<Impl>();
  impl->config = std::move(config);
  const ServerConfig& c = impl->config;

  auto store = store::OpenSqliteStore(c.db, {});
  if (!store) return store.error();
  // The same binding the CLI checks: a key file that cannot open this
  // database's secrets is refused before anything is sealed with it.
  auto vault = secrets::OpenVaultForStore(**store, c.key_file, c.db);
  if (!vault) return vault.error();
  impl->vault.emplace(std::move(*vault));

  Impl* raw = impl.get();
  auto registered = RegisterServerMetrics(impl->metrics);
  if (!registered) return registered.error();
  DbWorkerOptions db_options;
  db_options.queue_capacity = c.queue_capacity;
  db_options.batch_size = c.batch_size;
  db_options.batch_seconds = registered->db_batch_seconds;
  impl->db = std::make_unique<DbWorker>(std::move(*store), db_options, [raw](store::Store& s) { raw->PollSettings(s); });
  impl->log = std::make_unique<ProvisioningLog>(*impl->db, *impl->clock, c.log_level);
  impl->log_ready.store(impl->log.get());
  if (!c.trace_file.empty()) {
    auto trace = Trace::Open(c.trace_file, c.trace_max_bytes, c.trace_files);
    if (!trace) return trace.error();
    impl->trace = std::move(*trace);
  }

  boost::system::error_code ec;
  const auto address = asio::ip::make_address(c.hello_address, ec);
  if (ec) return base::InvalidArgument(fmt::format("hello_address: '{}' is not an IP address", c.hello_address));
  asio::ip::tcp::endpoint endpoint(address, c.hello_port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return base::Unavailable(fmt::format("cannot listen for hellos on {}:{}: {}", c.hello_address, c.hello_port,
                                         ec.message()));
  }
  if (!c.port_file.empty()) {
    const std::string tmp = c.port_file + ".tmp";
    std::ofstream(tmp) << impl->acceptor.local_endpoint().port() << '\n';
    if (std::rename(tmp.c_str(), c.port_file.c_str()) != 0) {
      return base::IoError(fmt::format("cannot write the port file {}", c.port_file));
    }
  }
  impl->provisioner = std::make_unique<Provisioner>(impl->io.get_executor(), impl->config, *impl->db, *impl->log,
                                                    impl->trace.get(), *impl->vault, impl->clock, base::SystemRandom(),
                                                    registered->provisioner);
  if (auto st = RegisterServerReadouts(impl->metrics, impl->hello_counters, *impl->db, *impl->provisioner); !st.ok()) {
    return st;
  }
  if (c.web_enabled) {
    web::WebDependencies deps{c.db, *impl->vault, *impl->clock, base::SystemRandom(),
                              [raw] { return raw->MetricsText(); },
                              [raw] { return !raw->stopping.load() && raw->acceptor.is_open(); }};
    auto web = web::WebServer::Create(WebOptionsFrom(c), std::move(deps));
    if (!web) return web.error();
    impl->web = std::move(*web);
    // Every log entry is a change the console may be showing.
    impl->log->SetObserver([raw](const store::LogEntry& entry) {
      raw->web->events().PublishLog(entry);
      if (!entry.uuid.empty()) raw->web->events().PublishSystem(entry.uuid);
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::hello_port() const { return impl_->acceptor.local_endpoint().port(); }

const metrics::Registry& Server::metrics() const { return impl_->metrics; }

uint16_t Server::web_port() const { return impl_->web ? impl_->web->port() : 0; }
bool Server::web_tls() const { return impl_->web && impl_->web->tls(); }

ServerStats Server::stats() const { return StatsOf(*impl_); }

ServerStats Server::StatsOf(const Impl& s) {
  ServerStats out;
  out.hellos = s.hello_counters.hellos.load();
  out.hellos_malformed = s.hello_counters.malformed.load();
  const DbCounters db = s.db->counters();
  out.hellos_written = db.hellos_written;
  out.writes_dropped = db.writes_dropped_queue_full;
  out.queue_depth = db.queue_depth;
  const ProvisionerCounters& p = s.provisioner->counters();
  out.provisionings_started = p.started.load();
  out.provisionings_succeeded = p.succeeded.load() + p.recovered.load();
  out.provisionings_failed = p.failed.load();
  out.sessions_busy = s.provisioner->busy();
  return out;
}

void Server::Stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->BeginShutdown(); });
}

int Server::Run(bool handle_signals) {
  Impl& s = *impl_;
  asio::signal_set signals(s.io);
  if (handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&s](const boost::system::error_code& ec, int) {
      if (!ec) s.BeginShutdown();
    });
  }
  HelloListenerOptions listener;
  listener.read_timeout = s.config.hello_read_timeout;
  listener.max_bytes = s.config.hello_max_bytes;
  asio::co_spawn(s.io, HelloAcceptLoop(s.acceptor, s, *s.clock, listener, s.hello_counters), asio::detached);
  s.log->Write(LogLevel::kInfo, "", "server_started", "serve",
               fmt::format("listening for hellos on {}:{}; database {}; server id {}", s.config.hello_address,
                           hello_port(), s.config.db, s.config.server_id));
  // Where hellos are heard, for the doctor's DNS and port checks (a CLI on
  // the same database does not know the server's flags).
  s.db->Submit([endpoint = fmt::format("{}:{}", s.config.hello_address, hello_port())](store::Store& st) {
    if (auto put = st.PutSetting(store::kHelloEndpointSetting, endpoint); !put.ok()) {
      spdlog::warn("cannot record the hello endpoint: {}", put.ToString());
    }
  });
  s.provisioner->RecoverInterrupted();
  if (s.web) s.web->Start();

  std::vector<std::thread> extra;
  for (size_t i = 1; i < s.config.io_threads; ++i) extra.emplace_back([&s] { s.io.run(); });
  s.io.run();
  for (auto& t : extra) t.join();
  signals.cancel();
  if (s.web) s.web->Stop();

  const auto& pc = s.provisioner->counters();
  s.log->Write(LogLevel::kInfo, "", "server_stopped", "serve",
               fmt::format("stopped: {} hellos ({} malformed), {} provisioned, {} failed, {} writes dropped",
                           s.hello_counters.hellos.load(), s.hello_counters.malformed.load(), pc.succeeded.load(),
                           pc.failed.load(), s.db->counters().writes_dropped_queue_full));
  s.db->Flush();
  if (s.trace) s.trace->Flush();
  return 0;
}

}  // namespace openscs::server
