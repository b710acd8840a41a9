#pragma once

// HTTP Digest access authentication (RFC 2617, MD5, qop="auth"), the scheme
// Intel AMT uses on 16992/16993 with user "admin" and a realm of the form
// "Digest:" + 32 upper-case hex digits. Both sides live here: the device
// (challenge, verify) and the server/client (answer a challenge).
//
// Header parsing is strict about syntax and lenient about order and case of
// parameter names, as real clients (SOAP::Lite/LWP, .NET, browsers) differ.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/status.h"

namespace openscs::http {

// The value of a WWW-Authenticate header: `Digest realm="...", nonce="...", ...`.
struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;  // optional, echoed back by the client
  std::string qop = "auth";
  bool stale = false;  // nonce expired: retry with the same password

  std::string ToHeader() const;
  static base::Result<DigestChallenge> Parse(std::string_view header_value);
};

// The value of an Authorization header: `Digest username="admin", ...`.
struct DigestAuthorization {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;  // 32 lower-case hex digits
  std::string qop;       // "auth" or empty (RFC 2069 compatibility)
  std::string nc;        // 8 hex digits when qop is set
  std::string cnonce;
  std::string opaque;

  std::string ToHeader() const;
  static base::Result<DigestAuthorization> Parse(std::string_view header_value);
};

// Lower-case hex MD5 of `text`.
std::string Md5Hex(std::string_view text);

// HA1 = MD5(username:realm:password). What AMT stores, and what
// SetAdminAclEntryEx takes as "DigestPassword", so a server need not keep the
// plain password to authenticate.
std::string DigestHa1(std::string_view username, std::string_view realm, std::string_view password);

// The `response` a client computes for `method` and the authorization's uri.
std::string ExpectedResponse(const DigestAuthorization& auth, std::string_view method, std::string_view ha1);

// Client side: answers `challenge` for `method` `uri`. `nc` counts requests
// made with this nonce (1 for the first); `random` supplies the cnonce.
DigestAuthorization Answer(const DigestChallenge& challenge, std::string_view username, std::string_view password,
                           std::string_view method, std::string_view uri, uint32_t nc,
                           const base::RandomSource& random);

// Device side: a new challenge with a random nonce.
DigestChallenge MakeChallenge(std::string_view realm, const base::RandomSource& random);

// Device side: an AMT-style realm, "Digest:" + 32 upper-case hex digits.
std::string MakeAmtRealm(const base::RandomSource& random);

}  // namespace openscs::http
