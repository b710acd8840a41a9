// Fuzzes the SOAP 1.1 and WS-Management envelope parsers with whatever a
// peer may POST or answer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/soap/soap.h"
#include "protocol/soap/wsman.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)openscs::soap::ParseRequest(xml);
  (void)openscs::soap::ParseResponse(xml);
  (void)openscs::soap::ParseSoapAction(xml);
  if (auto request = openscs::soap::ParseWsmanRequest(xml)) {
    // An accepted request must survive being rebuilt (what a client sends).
    if (!openscs::soap::ParseWsmanRequest(openscs::soap::BuildWsmanRequest(*request))) __builtin_trap();
  }
  (void)openscs::soap::ParseWsmanResponse(xml);
  return 0;
}
