#include "cli/serve_command.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "server/config.h"
#include "server/server.h"

namespace openscs::cli {
namespace {

struct ServeOptions {
  server::ServerConfig config;
  std::string log_level = "info";
  int64_t connect_timeout_ms = 5000;
  int64_t step_timeout_ms = 10000;
  int64_t hello_read_timeout_ms = 5000;
  int64_t lease_s = 600;
  int64_t web_session_idle_s = 3600;
  int64_t web_session_max_s = 8 * 3600;
  bool no_web = false;
  bool quiet = false;
  std::string config_file;
};

int RunServe(ServeOptions& o, Context& context) {
  auto level = store::ParseLogLevel(o.log_level);
  if (!level) {
    context.err << "error: --log-level: '" << o.log_level << "' is not one of error, warning, info, debug\n";
    return kExitUsage;
  }
  o.config.log_level = *level;
  o.config.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
  o.config.step_timeout = std::chrono::milliseconds(o.step_timeout_ms);
  o.config.hello_read_timeout = std::chrono::milliseconds(o.hello_read_timeout_ms);
  o.config.lease = std::chrono::seconds(o.lease_s);
  o.config.web_enabled = !o.no_web;
  o.config.web_session_idle = std::chrono::seconds(o.web_session_idle_s);
  o.config.web_session_max = std::chrono::seconds(o.web_session_max_s);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(o.quiet ? spdlog::level::warn : spdlog::level::info);

  auto server = server::Server::Create(o.config);
  if (!server) {
    context.err << "error: " << server.error().message() << '\n';
    return kExitFailure;
  }
  context.out << "openscs: listening for hellos on " << o.config.hello_address << ':' << (*server)->hello_port()
              << "; database " << o.config.db << "\n"
              << "  watch: openscs systems list --db " << o.config.db << "   |   openscs logs --follow --db "
              << o.config.db << "\n";
  if ((*server)->web_port() != 0) {
    context.out << "  console: " << ((*server)->web_tls() ? "https" : "http") << "://" << o.config.web_address << ':'
                << (*server)->web_port() << "/   (users: openscs users add NAME --role admin)\n";
  }
  context.out.flush();
  return (*server)->Run();
}

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

base::Result<std::vector<std::string>> ConfigArguments(const std::string& path) {
  std::ifstream in(path);
  if (!in) return base::IoError(fmt::format("--config: cannot read {}", path));
  std::vector<std::string> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const std::string text = Trim(line);
    if (text.empty()) continue;
    const auto eq = text.find('=');
    std::string key = Trim(std::string_view(text).substr(0, eq));
    std::string value = eq == std::string::npos ? "true" : Trim(std::string_view(text).substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    std::replace(key.begin(), key.end(), '_', '-');
    if (key.empty() || key.find_first_of(" \t") != std::string::npos || key.front() == '-') {
      return base::InvalidArgument(fmt::format("{}:{}: expected `key = value`", path, number));
    }
    if (key == "config") return base::InvalidArgument(fmt::format("{}:{}: a config file cannot include another", path, number));
    if (value == "true" || value == "on" || value == "yes") {
      out.push_back("--" + key);  // flags; an option given "true" is refused by the parser with its name
    } else if (value == "false" || value == "off" || value == "no") {
      continue;  // flags are off by default
    } else {
      out.push_back("--" + key);
      out.push_back(value);
    }
  }
  return out;
}

}  // namespace

base::Result<std::vector<std::string>> ExpandServeConfig(const std::vector<std::string>& args) {
  auto serve = std::find(args.begin(), args.end(), "serve");
  if (serve == args.end()) return args;
  std::vector<std::string> out(args.begin(), serve + 1);
  for (auto it = serve + 1; it != args.end(); ++it) {
    std::string path;
    if (*it == "--config" && it + 1 != args.end()) {
      path = *++it;
    } else if (it->rfind("--config=", 0) == 0) {
      path = it->substr(9);
    } else {
      out.push_back(*it);
      continue;
    }
    auto expanded = ConfigArguments(path);
    if (!expanded) return expanded.error();
    out.insert(out.end(), expanded->begin(), expanded->end());
  }
  return out;
}

void AddServeCommand(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  server::ServerConfig& c = options->config;
  CLI::App* serve = app.add_subcommand("serve", "Run the provisioning server: hello listener, engine, logs");
  // A flag after --config overrides the file's value for it.
  serve->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  // Expanded into flags before parsing (ExpandServeConfig); declared here for --help.
  serve->add_option("--config", options->config_file,
                    "Read options from FILE: lines `key = value`, keys as the flags without --; later flags win");
  serve->add_option("--hello-address", c.hello_address, "Address to listen on for hellos")->capture_default_str();
  serve->add_option("--hello-port", c.hello_port, "TCP port for hellos (devices use 9971)")->capture_default_str();
  serve->add_option("--port-file", c.port_file, "Write the bound hello port to FILE once listening");
  // Also the root options (and OPENSCS_DB / OPENSCS_KEY_FILE) that every
  // other command reads, so `openscs --db x serve` and `openscs systems list
  // --db x` name the same file.
  CLI::Option* db = serve->add_option("--db", c.db, "SQLite database (created and migrated on first start)");
  CLI::Option* key_file =
      serve->add_option("--key-file", c.key_file, "Key sealing secrets at rest (created 0600 on first start)");
  serve->add_option("--log-level", options->log_level,
                    "Provisioning log level until `openscs settings log-level` stores one: error, warning, info, debug")
      ->capture_default_str();
  serve->add_option("--trace-file", c.trace_file, "Trace every hello, handshake and SOAP/WS-Man call (redacted)");
  serve->add_option("--trace-max-bytes", c.trace_max_bytes, "Rotate the trace at this size")->capture_default_str();
  serve->add_option("--trace-files", c.trace_files, "Rotated trace files kept")->capture_default_str();
  serve->add_option("--max-concurrent", c.max_concurrent, "Provisioning sessions at once")->capture_default_str();
  serve->add_option("--connect-timeout-ms", options->connect_timeout_ms, "Deadline to connect back to a device")
      ->capture_default_str();
  serve->add_option("--step-timeout-ms", options->step_timeout_ms, "Deadline of each SOAP/WS-Man call")
      ->capture_default_str();
  serve->add_option("--device-tls-port", c.device_tls_port, "Device port for TLS (AMT: 16993)")->capture_default_str();
  serve->add_option("--device-plain-port", c.device_plain_port, "Device port without TLS (AMT: 16992)")
      ->capture_default_str();
  serve->add_flag("--allow-tls10", c.allow_tls10, "Allow TLS 1.0 to legacy firmware (lowers OpenSSL's security level)");
  serve->add_flag("--plain-http", c.plain_http, "Provision over 16992 without TLS (HP: TLS optional for PSK)");
  serve->add_option("--wsman-min-version", c.wsman_min_version, "Use WS-Management from this AMT version, SOAP below")
      ->capture_default_str();
  serve->add_option("--server-id", c.server_id, "This server's name in provisioning leases (default: host name)");
  serve->add_option("--lease-s", options->lease_s, "How long a provisioning claim holds")->capture_default_str();
  serve->add_option("--hello-read-timeout-ms", options->hello_read_timeout_ms, "Deadline to read one hello")
      ->capture_default_str();
  serve->add_option("--hello-max-bytes", c.hello_max_bytes, "Bytes accepted on one hello connection")
      ->capture_default_str();
  serve->add_option("--io-threads", c.io_threads, "Network threads")->capture_default_str();
  serve->add_flag("--no-web", options->no_web, "Do not start the web console and REST API");
  serve->add_option("--web-address", c.web_address, "Address of the web console and REST API")->capture_default_str();
  serve->add_option("--web-port", c.web_port, "Port of the web console (0 picks one)")->capture_default_str();
  serve->add_option("--web-port-file", c.web_port_file, "Write the bound web port to FILE once listening");
  serve->add_option("--web-tls", c.web_tls, "TLS for the console: auto (unless loopback), on, off")
      ->capture_default_str();
  serve->add_option("--web-tls-cert", c.web_tls_cert, "PEM certificate chain for the console (default: self-signed)");
  serve->add_option("--web-tls-key", c.web_tls_key, "PEM private key of --web-tls-cert");
  serve->add_option("--web-root", c.web_root, "Serve the console from this folder instead of the built-in copy");
  serve->add_option("--web-max-body", c.web_max_body, "Largest request body accepted (bytes)")->capture_default_str();
  serve->add_option("--web-threads", c.web_threads, "Threads answering web requests")->capture_default_str();
  serve->add_option("--web-session-idle-s", options->web_session_idle_s, "Console sessions end after this idle time")
      ->capture_default_str();
  serve->add_option("--web-session-max-s", options->web_session_max_s, "Console sessions end after this long")
      ->capture_default_str();
  serve->add_option("--dns-server", c.dns_server, "DNS server for the console's DNS test and doctor (ADDR[:PORT])");
  serve->add_option("--hello-schedule", c.hello_schedule,
                    "Hello retry schedule for window times (psk-cycle, configmgr, altiris; default: by method)");
  serve->add_option("--time-scale", c.time_scale, "Simulated fleets run faster by this factor (window times)")
      ->capture_default_str();
  serve->add_option("--queue-capacity", c.queue_capacity, "Database writes waiting at most (then dropped, counted)")
      ->capture_default_str();
  serve->add_option("--batch-size", c.batch_size, "Database writes per transaction")->capture_default_str();
  serve->add_flag("--quiet", options->quiet, "Process log: warnings and errors only");
  serve->callback([options, db, key_file, &context, &exit_code] {
    if (db->count() == 0) options->config.db = context.db_path;
    if (key_file->count() == 0) options->config.key_file = context.key_file;
    exit_code = RunServe(*options, context);
  });
}

}  // namespace openscs::cli
