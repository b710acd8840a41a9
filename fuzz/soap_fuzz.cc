// Fuzzes the SOAP envelope parsers with whatever a peer may POST or answer.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/soap/soap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)openscs::soap::ParseRequest(xml);
  (void)openscs::soap::ParseResponse(xml);
  (void)openscs::soap::ParseSoapAction(xml);
  return 0;
}
