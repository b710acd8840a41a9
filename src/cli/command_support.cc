#include "cli/command_support.h"

#include <iostream>

#include <fmt/format.h>

#include "base/guid.h"
#include "cli/store_access.h"

namespace openscs::cli {

int Fail(Context& context, const base::Status& status) {
  context.err << "error: " << status.message() << '\n';
  return kExitFailure;
}

std::string SecretArgument(const std::string& value) {
  if (value != "-") return value;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

base::Result<bool> ParseOnOff(std::string_view option, std::string_view value) {
  if (value == "on") return true;
  if (value == "off") return false;
  return base::InvalidArgument(fmt::format("{} '{}': expected on or off", option, value));
}

base::Result<std::string> CanonicalUuid(std::string_view text, std::string_view what) {
  auto guid = base::Guid::Parse(text);
  if (!guid) return guid.error().WithContext(what);
  return guid->ToString();
}

base::Status LogSecretReveal(store::Store& store, Context& context, std::string_view what, std::string_view uuid) {
  store::LogEntry e;
  e.at = context.clock->Now();
  e.uuid = std::string(uuid);
  e.level = store::LogLevel::kWarning;
  e.code = "secret_revealed";
  e.step = "cli";
  e.message = fmt::format("{} --reveal by {}", what, CurrentUser());
  return store.AppendLogs({&e, 1});
}

}  // namespace openscs::cli
