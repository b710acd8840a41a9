// docs/api/openapi.json describes the API exactly: every route of
// ApiRouter() is in it (method and path template), and every /api/v1 path
// in it is a route, except the web layer's own, listed here.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/router.h"

namespace openscs::api {
namespace {

// Served by src/web before the router is asked.
const std::set<std::pair<std::string, std::string>> kWebRoutes = {
    {"GET", "/healthz"},         {"GET", "/readyz"},         {"GET", "/metrics"},
    {"POST", "/api/v1/session"}, {"GET", "/api/v1/session"}, {"DELETE", "/api/v1/session"},
    {"GET", "/api/v1/events"},
};

const std::set<std::string> kHttpMethods = {"get", "put", "post", "delete", "patch", "head", "options"};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

nlohmann::json LoadDocument() {
  std::ifstream in(std::string(OPENSCS_SOURCE_DIR) + "/docs/api/openapi.json");
  EXPECT_TRUE(in) << "docs/api/openapi.json is missing";
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "docs/api/openapi.json is not JSON";
  return j;
}

// Every (METHOD, path) the document describes.
std::set<std::pair<std::string, std::string>> Described(const nlohmann::json& doc) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (kHttpMethods.count(key)) out.emplace(Upper(key), path);
    }
  }
  return out;
}

TEST(OpenApi, IsAnOpenApi303DocumentWithTheErrorSchemaAndBothSchemes) {
  const auto doc = LoadDocument();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
  const auto& schemes = doc["components"]["securitySchemes"];
  ASSERT_TRUE(schemes.is_object());
  bool cookie = false, bearer = false;
  for (const auto& [name, scheme] : schemes.items()) {
    if (scheme.value("type", "") == "apiKey" && scheme.value("in", "") == "cookie" &&
        scheme.value("name", "") == "openscs_session") {
      cookie = true;
    }
    if (scheme.value("type", "") == "http" && scheme.value("scheme", "") == "bearer") bearer = true;
  }
  EXPECT_TRUE(cookie) << "no apiKey scheme for the openscs_session cookie";
  EXPECT_TRUE(bearer) << "no http bearer scheme";
}

TEST(OpenApi, DescribesEveryRoute) {
  const auto described = Described(LoadDocument());
  for (const auto& route : ApiRouter().routes()) {
    EXPECT_TRUE(described.count({route.method, route.pattern}))
        << route.method << " " << route.pattern << " is a route but docs/api/openapi.json does not describe it";
  }
}

TEST(OpenApi, DescribesNoRouteThatDoesNotExist) {
  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& route : ApiRouter().routes()) routes.emplace(route.method, route.pattern);
  for (const auto& [method, path] : Described(LoadDocument())) {
    if (kWebRoutes.count({method, path})) continue;
    if (!path.starts_with("/api/v1/")) {
      ADD_FAILURE() << method << " " << path << " is described but is neither an API route nor the web layer's";
      continue;
    }
    EXPECT_TRUE(routes.count({method, path}))
        << method << " " << path << " is in docs/api/openapi.json but ApiRouter() has no such route";
  }
}

TEST(OpenApi, DescribesTheWebLayersRoutes) {
  const auto described = Described(LoadDocument());
  for (const auto& route : kWebRoutes) {
    EXPECT_TRUE(described.count(route)) << route.first << " " << route.second << " is not described";
  }
}

TEST(OpenApi, EveryOperationSaysWhatItAnswers) {
  const auto doc = LoadDocument();
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [key, operation] : item.items()) {
      if (!kHttpMethods.count(key)) continue;
      EXPECT_TRUE(operation.contains("summary")) << key << " " << path;
      EXPECT_TRUE(operation.contains("responses") && !operation["responses"].empty()) << key << " " << path;
    }
  }
}

}  // namespace
}  // namespace openscs::api
