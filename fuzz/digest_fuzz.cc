// Fuzzes the Digest header parsers: whatever a peer sends in
// WWW-Authenticate or Authorization. An accepted header must survive a
// format/parse round trip unchanged.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/digest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openscs::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto c = DigestChallenge::Parse(text)) {
    auto again = DigestChallenge::Parse(c->ToHeader());
    if (!again || again->realm != c->realm || again->nonce != c->nonce || again->opaque != c->opaque) std::abort();
  }
  if (auto a = DigestAuthorization::Parse(text)) {
    auto again = DigestAuthorization::Parse(a->ToHeader());
    if (!again || again->username != a->username || again->uri != a->uri || again->response != a->response) {
      std::abort();
    }
  }
  return 0;
}
