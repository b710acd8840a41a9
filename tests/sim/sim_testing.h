#pragma once

// Shared pieces of the sim tests: a device config on a test's own address,
// and an HTTP call that answers the device's Digest challenge as a client
// would.

#include <string>

#include "http/digest.h"
#include "sim/sim_device.h"
#include "tests/support/seeded_random.h"

namespace openscs::sim::testing {

inline SimDeviceConfig ConfigAt(std::string address) {
  SimDeviceConfig c;
  c.address = std::move(address);
  return c;
}

inline HttpRequest Post(std::string target, std::string body = {}) {
  HttpRequest req;
  req.method = "POST";
  req.target = std::move(target);
  req.body = std::move(body);
  return req;
}

// Sends `req`; if the device challenges, answers as admin/`password` and
// sends it again. Returns the last response.
inline HttpResponse CallWithDigest(SimDevice& device, HttpRequest req, const std::string& password,
                                   uint32_t seed = 2) {
  HttpResponse first = device.Handle(req, true);
  if (first.status != 401) return first;
  auto challenge = http::DigestChallenge::Parse(first.headers["WWW-Authenticate"]).value();
  req.headers["authorization"] =
      http::Answer(challenge, "admin", password, req.method, req.target, 1, openscs::testing::SeededRandom(seed))
          .ToHeader();
  return device.Handle(req, true);
}

}  // namespace openscs::sim::testing
