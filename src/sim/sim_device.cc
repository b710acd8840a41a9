#include "sim/sim_device.h"

#include <fmt/format.h>

#include "http/digest.h"
#include "sim/soap_services.h"
#include "sim/wsman_services.h"

namespace openscs::sim {
namespace {

constexpr size_t kMaxEvents = 64;
constexpr size_t kMaxNonces = 4;

// What real firmware puts in its Server header (reference §6.1).
std::string ServerHeader(const device::Device& d) {
  return fmt::format("Intel(R) Active Management Technology {}", d.capabilities().version.ToString());
}

}  // namespace

SimDevice::SimDevice(device::FactoryConfig factory, SimDeviceConfig config, base::RandomSource random,
                     std::shared_ptr<base::Clock> clock)
    : model_(std::move(factory), http::MakeAmtRealm(random)),
      config_(std::move(config)),
      random_(std::move(random)),
      clock_(std::move(clock)) {}

void SimDevice::Log(std::string_view level, std::string text) {
  if (level == "error" || level == "warning") last_error_ = text;
  events_.push_back({Now(), std::string(level), std::move(text)});
  while (events_.size() > kMaxEvents) events_.pop_front();
}

std::optional<std::string> SimDevice::PskKeyFor(std::string_view identity) {
  auto key = model_.PskKeyFor(identity);
  if (key) Log("info", fmt::format("TLS-PSK handshake with identity {}", identity));
  return key;
}

tls::CertCheckInput SimDevice::PkiCheckInput() {
  tls::CertCheckInput input;
  for (const auto& h : model_.cert_hashes()) {
    if (h.enabled) input.enabled_hashes.push_back({h.algorithm, h.digest});
  }
  // The PKI DNS suffix, when set, replaces the DHCP suffix (reference §5.3).
  const auto& setup = model_.setup();
  const auto& net = model_.network();
  input.device_domain = !setup.pki_dns_suffix.empty()  ? setup.pki_dns_suffix
                        : !net.dhcp_domain_suffix.empty() ? net.dhcp_domain_suffix
                                                          : net.domain_name;
  input.two_label_match = model_.capabilities().two_label_cn_match;
  input.now = std::chrono::system_clock::now();  // certificates carry real time, not device time
  return input;
}

void SimDevice::OnRefused(std::string_view reason_code, std::string_view detail) {
  Log("error", fmt::format("TLS handshake refused ({}): {}", reason_code, detail));
}

bool SimDevice::NonceIsOurs(const std::string& nonce) const {
  for (const auto& n : nonces_) {
    if (n == nonce) return true;
  }
  return false;
}

HttpResponse SimDevice::Challenge(bool stale) {
  http::DigestChallenge challenge = http::MakeChallenge(model_.digest_realm(), random_);
  challenge.stale = stale;
  nonces_.push_back(challenge.nonce);
  while (nonces_.size() > kMaxNonces) nonces_.pop_front();
  HttpResponse r;
  r.status = 401;
  r.headers["WWW-Authenticate"] = challenge.ToHeader();
  r.headers["Content-Type"] = "text/html";
  r.body = "<html><head><title>401 Unauthorized</title></head><body>Unauthorized</body></html>";
  return r;
}

bool SimDevice::TakeDropFault() {
  const uint32_t n = config_.faults.drop_after_requests;
  if (drop_done_ || n == 0 || requests_authenticated_ < n) return false;
  drop_done_ = true;
  return true;
}

amt::PtStatus SimDevice::RemoteControl(uint32_t command) {
  switch (command) {
    case 16:  // reset
    case 19:  // power cycle
      power_state_ = 0;
      break;
    case 17:  // power up
      power_state_ = 0;
      break;
    case 18:  // power down
      power_state_ = 5;
      break;
    default:
      return amt::PtStatus::kInvalidParameter;
  }
  Log("info", fmt::format("RemoteControl command {}: host power now S{}", command, power_state_));
  return amt::PtStatus::kSuccess;
}

HttpResponse SimDevice::Handle(const HttpRequest& request, bool tls) {
  ++requests_served_;
  HttpResponse response;
  const std::string* authorization = request.Header("authorization");
  if (authorization == nullptr) {
    response = Challenge(false);
  } else {
    auto auth = http::DigestAuthorization::Parse(*authorization);
    if (!auth) {
      Log("warning", fmt::format("bad Authorization header: {}", auth.error().message()));
      response = Challenge(false);
    } else if (!NonceIsOurs(auth->nonce)) {
      response = Challenge(true);
    } else {
      const auto ha1 = model_.Ha1For(auth->username);
      if (!ha1 || auth->realm != model_.digest_realm() ||
          http::ExpectedResponse(*auth, request.method, *ha1) != auth->response) {
        Log("warning", fmt::format("Digest authentication failed for user '{}' ({})", auth->username,
                                   tls ? "TLS" : "plain HTTP"));
        response = Challenge(false);
      } else if (++requests_authenticated_; IsSoapServicePath(request.target) && request.method == "POST" && model_.capabilities().legacy_soap) {
        response = HandleSoap(*this, request);
      } else if (request.target == "/wsman" && request.method == "POST" && model_.capabilities().wsman) {
        response = HandleWsman(*this, request);
      } else {
        response.status = 404;
        response.headers["Content-Type"] = "text/html";
        response.body = "<html><body>Not Found</body></html>";
      }
    }
  }
  response.headers["Server"] = ServerHeader(model_);
  if (on_change_) on_change_();
  return response;
}

}  // namespace openscs::sim
