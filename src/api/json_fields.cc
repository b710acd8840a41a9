#include "api/json_fields.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace openscs::api {
namespace {

const nlohmann::json* Member(const nlohmann::json& body, std::string_view field) {
  auto it = body.find(field);
  return it == body.end() ? nullptr : &*it;
}

std::string_view TypeText(const nlohmann::json& value) {
  if (value.is_number_float()) return "a fractional number";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

base::Status WrongType(std::string_view field, std::string_view want, const nlohmann::json& value) {
  return base::InvalidArgument(fmt::format("{}: must be {}, not {}", field, want, TypeText(value)));
}

base::Result<std::string> StringValue(const nlohmann::json& value, std::string_view field, size_t max_length) {
  if (!value.is_string()) return WrongType(field, "a string", value);
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() > max_length) {
    return base::InvalidArgument(fmt::format("{}: longer than {} characters", field, max_length));
  }
  return text;
}

}  // namespace

base::Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, std::string_view field,
                                                        size_t max_length) {
  const nlohmann::json* value = Member(body, field);
  if (value == nullptr) return std::optional<std::string>();
  auto text = StringValue(*value, field, max_length);
  if (!text) return text.error();
  return std::optional<std::string>(std::move(text).value());
}

base::Result<std::string> RequiredString(const nlohmann::json& body, std::string_view field, size_t max_length) {
  auto text = OptionalString(body, field, max_length);
  if (!text) return text.error();
  if (!text->has_value()) return base::InvalidArgument(fmt::format("{}: required", field));
  return std::move(**text);
}

base::Result<std::optional<int64_t>> OptionalInteger(const nlohmann::json& body, std::string_view field, int64_t min,
                                                     int64_t max) {
  const nlohmann::json* value = Member(body, field);
  if (value == nullptr) return std::optional<int64_t>();
  if (!value->is_number_integer()) return WrongType(field, "a whole number", *value);
  // A huge unsigned value does not fit int64_t: it is out of range anyway.
  if (value->is_number_unsigned() && value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return base::InvalidArgument(fmt::format("{}: must be from {} to {}", field, min, max));
  }
  const auto n = value->get<int64_t>();
  if (n < min || n > max) return base::InvalidArgument(fmt::format("{}: must be from {} to {}", field, min, max));
  return std::optional<int64_t>(n);
}

base::Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, std::string_view field) {
  const nlohmann::json* value = Member(body, field);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return WrongType(field, "true or false", *value);
  return std::optional<bool>(value->get<bool>());
}

base::Result<std::optional<std::vector<std::string>>> OptionalStringArray(const nlohmann::json& body,
                                                                          std::string_view field, size_t max_length) {
  const nlohmann::json* value = Member(body, field);
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) return WrongType(field, "an array of strings", *value);
  std::vector<std::string> out;
  for (size_t i = 0; i < value->size(); ++i) {
    auto text = StringValue((*value)[i], fmt::format("{}[{}]", field, i), max_length);
    if (!text) return text.error();
    out.push_back(std::move(text).value());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

base::Status CheckKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : body.items()) {
    bool found = false;
    for (std::string_view k : known) found = found || k == name;
    if (!found) {
      std::string expected;
      for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
      return base::InvalidArgument(fmt::format("unknown field '{}' (expected: {})", name, expected));
    }
  }
  return base::Status::Ok();
}

}  // namespace openscs::api
