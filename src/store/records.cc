#include "store/records.h"

#include <array>
#include <utility>

namespace openscs::store {
namespace {

template <typename Enum, size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<SystemState, 4> kSystemStates{{
    {SystemState::kDiscovered, "discovered"},
    {SystemState::kProvisioning, "provisioning"},
    {SystemState::kOperational, "operational"},
    {SystemState::kFailed, "failed"},
}};

constexpr NameTable<LogLevel, 4> kLogLevels{{
    {LogLevel::kError, "error"},
    {LogLevel::kWarning, "warning"},
    {LogLevel::kInfo, "info"},
    {LogLevel::kDebug, "debug"},
}};

constexpr NameTable<KeyStatus, 5> kKeyStatuses{{
    {KeyStatus::kAvailable, "available"},
    {KeyStatus::kExported, "exported"},
    {KeyStatus::kBound, "bound"},
    {KeyStatus::kConsumed, "consumed"},
    {KeyStatus::kRevoked, "revoked"},
}};

constexpr NameTable<UserRole, 2> kUserRoles{{
    {UserRole::kViewer, "viewer"},
    {UserRole::kAdmin, "admin"},
}};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != b[i]) return false;
  }
  return true;
}

template <typename Enum, size_t N>
std::string_view NameOf(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

// Names in the tables are lower case; input may be any case.
template <typename Enum, size_t N>
std::optional<Enum> Parse(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (EqualsIgnoringCase(name, n)) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view SystemStateName(SystemState state) { return NameOf(kSystemStates, state); }
std::optional<SystemState> ParseSystemState(std::string_view name) { return Parse(kSystemStates, name); }

std::string_view LogLevelName(LogLevel level) { return NameOf(kLogLevels, level); }
std::optional<LogLevel> ParseLogLevel(std::string_view name) { return Parse(kLogLevels, name); }

std::string_view KeyStatusName(KeyStatus status) { return NameOf(kKeyStatuses, status); }
std::optional<KeyStatus> ParseKeyStatus(std::string_view name) { return Parse(kKeyStatuses, name); }

std::string_view UserRoleName(UserRole role) { return NameOf(kUserRoles, role); }
std::optional<UserRole> ParseUserRole(std::string_view name) { return Parse(kUserRoles, name); }

}  // namespace openscs::store
