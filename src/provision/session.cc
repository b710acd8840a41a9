#include "provision/session.h"

#include <fmt/format.h>

#include "amtclient/calls.h"
#include "protocol/pidpps/pid_pps.h"
#include "protocol/soap/wsman.h"
#include "provision/error_codes.h"
#include "provision/flows.h"
#include "provision/step_runner.h"

namespace openscs::provision {
namespace {

namespace asio = boost::asio;
using soap::Leaf;

constexpr std::string_view kProvisioningStatePost = "2";

Outcome Fail(std::string_view code, std::string_view step, std::string message) {
  Outcome o;
  o.code = std::string(code);
  o.step = std::string(step);
  o.message = std::move(message);
  return o;
}

Outcome FromFailure(Failure f, Outcome base) {
  base.ok = false;
  base.code = std::move(f.code);
  base.step = std::move(f.step);
  base.message = std::move(f.message);
  base.pt_status = f.pt_status;
  return base;
}

amtclient::ConnectOptions BaseConnectOptions(const std::string& address, uint16_t port, const SessionOptions& o,
                                             SessionObserver* observer) {
  amtclient::ConnectOptions c;
  c.address = address;
  c.port = port;
  c.connect_timeout = o.limits.connect_deadline;
  c.handshake_timeout = o.limits.step_deadline;
  c.request_timeout = o.limits.step_deadline;
  c.trace = observer;
  c.random = o.random;
  c.clock = o.clock;
  return c;
}

// What the first call found out: the version, and whether legacy SOAP is there.
struct Discovery {
  amt::Version version;
  bool soap = false;
};

// Connects, then SecurityAdministration.GetCoreVersion over legacy SOAP (AMT
// 2.x-8.x); a 404 means no SOAP (AMT 9+), and the version comes from
// CIM_SoftwareIdentity.
asio::awaitable<std::variant<Discovery, Failure>> OpenAndDiscover(StepRunner& r) {
  if (auto f = co_await r.Open()) co_return *f;
  std::string version_text;
  bool no_soap = false;
  auto core = [&]() -> asio::awaitable<CallResult> {
    std::vector<soap::Element> none;
    auto reply = co_await amtclient::Call(r.connection(), "/SecurityAdministrationService",
                                          soap::IntelNamespace("SecurityAdministration"), "GetCoreVersion",
                                          std::move(none));
    if (!reply && reply.error().kind == amtclient::ErrorKind::kHttpStatus && reply.error().http_status == 404) {
      no_soap = true;
      co_return CallResult{};
    }
    if (reply) version_text = reply->body.ChildText("Version").value_or("");
    co_return FromSoap(reply);
  };
  if (auto f = co_await r.Step("GetCoreVersion", core)) co_return *f;
  if (no_soap) {
    auto identity = [&]() -> asio::awaitable<CallResult> {
      amtclient::Selectors amt_instance;
      amt_instance["InstanceID"] = "AMT";
      auto reply =
          co_await amtclient::Get(r.connection(), soap::CimResource("CIM_SoftwareIdentity"), std::move(amt_instance));
      if (reply) version_text = reply->body.ChildText("VersionString").value_or("");
      co_return FromWsman(reply);
    };
    if (auto f = co_await r.Step("Get CIM_SoftwareIdentity", identity)) co_return *f;
  }
  auto version = amt::Version::Parse(version_text);
  if (!version) {
    Failure f = Missing(no_soap ? "Get CIM_SoftwareIdentity" : "GetCoreVersion",
                        fmt::format("a firmware version ('{}': {})", version_text, version.error().message()));
    f.message = r.connection().Redact(f.message);  // the text came from the device
    co_return f;
  }
  co_return Discovery{*version, !no_soap};
}

// Checks the input and builds the PSK credentials, before any packet; adds
// every form of every secret to `secrets`.
std::optional<Outcome> CheckInput(const SetupCredentials& c, const DesiredConfig& d, tls::PskCredentials* psk,
                                  std::vector<std::string>* secrets) {
  *secrets = c.digest_passwords;
  for (const std::string* s : {&c.pps, &c.key_pem, &d.admin_password, &d.mebx_password}) secrets->push_back(*s);
  if (c.kind == SetupCredentials::kPsk && !c.plain_http) {
    auto pid = pidpps::Pid::Parse(c.pid);
    if (!pid) return Fail(codes::kInvalidInput, "input", "setup PID: " + pid.error().message());
    auto pps = pidpps::Pps::Parse(c.pps);
    if (!pps) return Fail(codes::kInvalidInput, "input", "setup PPS: " + pps.error().message());
    const pidpps::TlsPsk derived = pidpps::DeriveTlsPsk(*pid, *pps);
    *psk = {derived.identity, derived.key};
    secrets->push_back(pps->display());
  }
  if (d.next_pid_pps) {
    secrets->push_back(d.next_pid_pps->second);
    if (auto pid = pidpps::Pid::Parse(d.next_pid_pps->first); !pid) {
      return Fail(codes::kInvalidInput, "input", "next PID: " + pid.error().message());
    }
    auto pps = pidpps::Pps::Parse(d.next_pid_pps->second);
    if (!pps) return Fail(codes::kInvalidInput, "input", "next PPS: " + pps.error().message());
    secrets->push_back(std::string(pps->compact()));
    secrets->push_back(pps->display());
  }
  if (c.kind == SetupCredentials::kPki && c.plain_http) {
    return Fail(codes::kInvalidInput, "input", "PKI setup needs TLS: plain_http is for PSK devices only");
  }
  if (d.admin_password.empty()) return Fail(codes::kInvalidInput, "input", "no new admin password given");
  if (c.digest_passwords.empty()) return Fail(codes::kInvalidInput, "input", "no Digest password to try");
  return std::nullopt;
}

}  // namespace

std::string UnixSeconds(const StepRunner& runner) {
  const auto now = runner.clock()->Now().time_since_epoch();
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

Failure Missing(std::string_view step, std::string_view what) {
  return Failure{std::string(codes::kUnexpectedResponse), std::string(step),
                 fmt::format("{} succeeded but its reply has no {}", step, what), 0};
}

asio::awaitable<Outcome> Provision(DeviceTarget target, SetupCredentials credentials, DesiredConfig desired,
                                   SessionOptions options, SessionObserver* observer) {
  tls::PskCredentials psk;
  std::vector<std::string> secrets;
  if (auto bad = CheckInput(credentials, desired, &psk, &secrets)) co_return *bad;

  std::unique_ptr<tls::ClientTlsContext> own_tls;
  const tls::ClientTlsContext* setup_tls = options.setup_tls;
  if (!credentials.plain_http && setup_tls == nullptr) {
    tls::ClientTlsOptions tls_options;
    tls_options.allow_tls10 = credentials.allow_tls10;
    auto made = credentials.kind == SetupCredentials::kPsk
                    ? tls::ClientTlsContext::CreatePsk(tls_options)
                    : tls::ClientTlsContext::CreatePki(credentials.chain_pem, credentials.key_pem, tls_options);
    if (!made) co_return Fail(codes::kInvalidInput, "input", made.error().message());
    own_tls = std::move(made).value();
    setup_tls = own_tls.get();
  }

  auto connect = BaseConnectOptions(target.address, credentials.plain_http ? target.plain_port : target.tls_port,
                                    options, observer);
  connect.tls = credentials.plain_http ? nullptr : setup_tls;
  connect.psk = psk;
  connect.password = credentials.digest_passwords.front();
  connect.secrets = std::move(secrets);
  StepRunner runner(std::move(connect), credentials.digest_passwords, options.limits, observer);

  Outcome outcome;
  auto found = co_await OpenAndDiscover(runner);
  if (auto* f = std::get_if<Failure>(&found)) co_return FromFailure(std::move(*f), outcome);
  const Discovery& discovery = std::get<Discovery>(found);
  outcome.amt_version = discovery.version.ToString();
  const bool wsman = !discovery.soap || discovery.version >= options.wsman_from;
  outcome.interface = wsman ? "wsman" : "soap";

  std::optional<Failure> failure;
  if (wsman) {
    failure = co_await RunWsmanFlow(runner, desired, outcome.committed);
  } else {
    failure = co_await RunSoapFlow(runner, desired, outcome.committed);
  }
  // The device restarts its network services after CommitChanges.
  runner.connection().Close();
  if (failure) co_return FromFailure(std::move(*failure), outcome);
  outcome.ok = true;
  outcome.code = std::string(codes::kOk);
  outcome.step = "CommitChanges";
  outcome.message = fmt::format("{} provisioned over {} (AMT {})", target.address, outcome.interface,
                                outcome.amt_version);
  co_return outcome;
}

asio::awaitable<Outcome> Verify(DeviceTarget target, std::string user, std::string password, bool use_tls,
                                SessionOptions options, SessionObserver* observer) {
  std::unique_ptr<tls::ClientTlsContext> own_tls;
  const tls::ClientTlsContext* operational = options.operational_tls;
  if (use_tls && operational == nullptr) {
    auto made = tls::ClientTlsContext::CreateOperational();
    if (!made) co_return Fail(codes::kInvalidInput, "input", made.error().message());
    own_tls = std::move(made).value();
    operational = own_tls.get();
  }
  auto connect = BaseConnectOptions(target.address, use_tls ? target.tls_port : target.plain_port, options, observer);
  connect.tls = use_tls ? operational : nullptr;
  connect.user = user;
  connect.password = password;
  StepRunner runner(std::move(connect), {password}, options.limits, observer);

  Outcome outcome;
  auto found = co_await OpenAndDiscover(runner);
  if (auto* f = std::get_if<Failure>(&found)) co_return FromFailure(std::move(*f), outcome);
  const Discovery& discovery = std::get<Discovery>(found);
  outcome.amt_version = discovery.version.ToString();
  outcome.interface = discovery.soap ? "soap" : "wsman";

  std::string state;
  const char* step = discovery.soap ? "GetProvisioningState" : "Get AMT_SetupAndConfigurationService";
  auto read_state = [&]() -> asio::awaitable<CallResult> {
    if (discovery.soap) {
      std::vector<soap::Element> none;
      auto reply = co_await amtclient::Call(runner.connection(), "/GeneralInfoService",
                                            soap::IntelNamespace("GeneralInfo"), "GetProvisioningState",
                                            std::move(none));
      if (reply) state = reply->body.ChildText("ProvisioningState").value_or("");
      co_return FromSoap(reply);
    }
    auto reply = co_await amtclient::Get(runner.connection(), soap::AmtResource("AMT_SetupAndConfigurationService"));
    if (reply) state = reply->body.ChildText("ProvisioningState").value_or("");
    co_return FromWsman(reply);
  };
  auto failure = co_await runner.Step(step, read_state);
  runner.connection().Close();
  if (failure) co_return FromFailure(std::move(*failure), outcome);
  outcome.step = step;
  if (state != kProvisioningStatePost) {
    outcome.code = std::string(codes::kNotProvisioned);
    outcome.message = fmt::format("{} takes the credentials but reports ProvisioningState '{}', not 2 (post)",
                                  target.address, state);
    co_return outcome;
  }
  outcome.ok = true;
  outcome.committed = true;
  outcome.code = std::string(codes::kOk);
  outcome.message = fmt::format("{} is provisioned (AMT {}, {})", target.address, outcome.amt_version,
                                outcome.interface);
  co_return outcome;
}

}  // namespace openscs::provision
