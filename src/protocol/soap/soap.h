#pragma once

// SOAP 1.1 envelopes of Intel AMT's legacy "EOI" interfaces (AMT 1.0-8.x):
// HTTP POST to /<Service>, SOAPAction "<namespace>#<Method>", body
// <Method xmlns="<namespace>"> with parameters; the response body is
// <MethodResponse> whose first child is StatusCode (a PT_STATUS), then the out
// parameters. docs/protocols/legacy-soap.md describes the services.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "protocol/soap/element.h"

namespace openscs::soap {

inline constexpr std::string_view kEnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
// "http://schemas.intel.com/platform/client/<Service>/2004/01"
std::string IntelNamespace(std::string_view service, std::string_view year = "2004/01");

struct Request {
  std::string method;  // local name of the body's first element
  std::string ns;      // its namespace
  Element body;        // that element, parameters as children
};

// Parses an envelope; errors name what is missing ("no Body", ...).
base::Result<Request> ParseRequest(std::string_view xml);

// "<ns>#<Method>", quoted or not, into its parts.
struct SoapAction {
  std::string ns;
  std::string method;
};
base::Result<SoapAction> ParseSoapAction(std::string_view header);

// Builds a request envelope (client side).
std::string BuildRequest(std::string_view ns, std::string_view method, const std::vector<Element>& params);

struct Response {
  std::string method;  // without the "Response" suffix
  uint32_t status = 0;
  Element body;        // the <MethodResponse> element
};
// Parses a response envelope (client side); a SOAP Fault is an error naming
// its faultstring.
base::Result<Response> ParseResponse(std::string_view xml);

// Builds a response envelope: <MethodResponse><StatusCode>status</StatusCode>
// then `out` in order.
std::string BuildResponse(std::string_view ns, std::string_view method, uint32_t status,
                          const std::vector<Element>& out);

// A SOAP 1.1 Fault envelope (for requests that are not understood at all).
std::string BuildFault(std::string_view fault_code, std::string_view fault_string);

}  // namespace openscs::soap
