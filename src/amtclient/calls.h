#pragma once

// The calls a provisioning server makes over a Connection: legacy SOAP
// (AMT 2.x-8.x, docs/protocols/legacy-soap.md) and WS-Management (AMT 3.0+,
// docs/protocols/wsman.md). Each is one Connection::Post(), so each has the
// connection's request deadline and Digest handling, and fails with the
// connection's errors plus:
//  - kHttpStatus: a status the call does not expect; 404 from Call() means
//    the device does not serve that legacy service (AMT 9 and later);
//  - kSoapFault / kWsmanFault: the device answered with a Fault (its
//    faultstring or Reason is in the message, redacted);
//  - kBadResponse: the reply does not parse or answers another request.
// A PT_STATUS other than 0 is not an error here: it is in the result.

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "amtclient/connection.h"
#include "amtclient/error.h"
#include "protocol/soap/element.h"
#include "protocol/soap/soap.h"

namespace openscs::amtclient {

using Selectors = std::map<std::string, std::string>;

// Legacy SOAP: POST `service_path` ("/SecurityAdministrationService") with
// SOAPAction "<ns>#<method>". The result's status is the call's StatusCode.
boost::asio::awaitable<Result<soap::Response>> Call(Connection& connection, std::string_view service_path,
                                                    std::string_view ns, std::string_view method,
                                                    std::vector<soap::Element> params);

struct WsmanReply {
  soap::Element body;         // the resource (Get, Put) or <Method>_OUTPUT (Invoke)
  uint32_t return_value = 0;  // Invoke: ReturnValue, a PT_STATUS; 0 for Get/Put
};

// WS-Transfer Get of `resource_uri` (soap::AmtResource("AMT_GeneralSettings")).
boost::asio::awaitable<Result<WsmanReply>> Get(Connection& connection, std::string_view resource_uri,
                                               Selectors selectors = {});
// WS-Transfer Put of `body` (the whole instance, as AMT wants it).
boost::asio::awaitable<Result<WsmanReply>> Put(Connection& connection, std::string_view resource_uri,
                                               soap::Element body, Selectors selectors = {});
// Method call: `<method>_INPUT` with `params` (their namespace set to the
// resource URI), answered by `<method>_OUTPUT` with a ReturnValue.
boost::asio::awaitable<Result<WsmanReply>> Invoke(Connection& connection, std::string_view resource_uri,
                                                  std::string_view method, std::vector<soap::Element> params,
                                                  Selectors selectors = {});

}  // namespace openscs::amtclient
