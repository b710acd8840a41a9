#pragma once

// WS-Management (DMTF DSP0226) envelopes as Intel AMT 3.0+ speaks them at
// /wsman: SOAP 1.2 with WS-Addressing headers (Action, To, MessageID,
// RelatesTo), the resource in w:ResourceURI, instance keys in w:SelectorSet.
// Get/Put use WS-Transfer actions; a method call ("Invoke") uses the action
// <ResourceURI>/<Method> with a <Method>_INPUT body and answers
// <Method>_OUTPUT with ReturnValue (a PT_STATUS). docs/protocols/wsman.md.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "protocol/soap/element.h"

namespace openscs::soap {

inline constexpr std::string_view kSoap12Ns = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kAddressingNs = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
inline constexpr std::string_view kWsmanNs = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
inline constexpr std::string_view kActionGet = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
inline constexpr std::string_view kActionPut = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";
inline constexpr std::string_view kActionFault = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
inline constexpr std::string_view kAmtSchema = "http://intel.com/wbem/wscim/1/amt-schema/1/";
inline constexpr std::string_view kCimSchema = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/";

// "http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings", ...
std::string AmtResource(std::string_view class_name);
std::string CimResource(std::string_view class_name);
// The class name at the end of a resource URI.
std::string_view ResourceClass(std::string_view resource_uri);

struct WsmanRequest {
  std::string action;
  std::string to = "/wsman";
  std::string resource_uri;
  std::string message_id;
  std::map<std::string, std::string> selectors;
  Element body;  // the Body's first element; empty name for Get
};

// Errors name the missing header ("no Action header", ...).
base::Result<WsmanRequest> ParseWsmanRequest(std::string_view xml);
std::string BuildWsmanRequest(const WsmanRequest& request);

struct WsmanResponse {
  std::string action;
  std::string relates_to;
  Element body;
  bool fault = false;
  std::string fault_subcode;  // local name, e.g. "InvalidSelectors"
  std::string fault_reason;
};

base::Result<WsmanResponse> ParseWsmanResponse(std::string_view xml);
std::string BuildWsmanResponse(std::string_view action, std::string_view relates_to, std::string_view message_id,
                               const Element& body);
// A SOAP 1.2 fault with a WS-Management subcode ("DestinationUnreachable",
// "ActionNotSupported", "InvalidSelectors", "SchemaValidationError", ...).
std::string BuildWsmanFault(std::string_view relates_to, std::string_view message_id, std::string_view subcode,
                            std::string_view reason);

// Method calls.
std::string InvokeAction(std::string_view resource_uri, std::string_view method);
Element InvokeInput(std::string_view resource_uri, std::string_view method, std::vector<Element> params);
Element InvokeOutput(std::string_view resource_uri, std::string_view method, uint32_t return_value,
                     std::vector<Element> out = {});
// ReturnValue of a <Method>_OUTPUT body, or an error naming what is missing.
base::Result<uint32_t> ReturnValueOf(const Element& output);

}  // namespace openscs::soap
