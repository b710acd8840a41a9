#pragma once

// Typed members of a JSON request body (an object from ParseJsonObject),
// each error a 400 naming the field and what it should have been:
//   "count: must be a whole number, not a string"
//   "batch: longer than 64 characters"
//   "unknown field 'tls_enabled' (expected: name, priority, ...)"
// Messages never quote a value, so secret fields (passwords, keys) are safe
// to read with these.
//
// A member set to null counts as given and is refused with its type; callers
// that give null a meaning check for it first.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/status.h"

namespace openscs::api {

// nullopt when absent; InvalidArgument when not a string or longer than
// `max_length` bytes.
base::Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, std::string_view field,
                                                        size_t max_length = 4096);
// As OptionalString, and InvalidArgument "<field>: required" when absent.
base::Result<std::string> RequiredString(const nlohmann::json& body, std::string_view field, size_t max_length = 4096);
// A whole number in [min, max]; 5.0 and "5" are refused.
base::Result<std::optional<int64_t>> OptionalInteger(const nlohmann::json& body, std::string_view field, int64_t min,
                                                     int64_t max);
base::Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, std::string_view field);
// An array of strings, each at most `max_length` bytes; errors name the
// element ("known_mebx_passwords[2]: must be a string, not a number").
base::Result<std::optional<std::vector<std::string>>> OptionalStringArray(const nlohmann::json& body,
                                                                          std::string_view field,
                                                                          size_t max_length = 4096);

// OK when every member of `body` is one of `known`; else InvalidArgument
// naming the first other one, so a misspelt field is not silently ignored.
base::Status CheckKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known);

}  // namespace openscs::api
