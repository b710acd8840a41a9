#pragma once

// The HTTP request/response a simulated device handles, as plain values so
// that authentication and SOAP/WS-Man handling are tested without sockets.
// The network layer (endpoint.cc) converts to and from Boost.Beast.

#include <map>
#include <string>

namespace openscs::sim {

struct HttpRequest {
  std::string method;  // "POST"
  std::string target;  // "/SecurityAdministrationService"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // as sent
  std::string body;
  bool close = false;  // close the connection after this response
};

}  // namespace openscs::sim
