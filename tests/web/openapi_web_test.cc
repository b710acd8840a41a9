// The web layer's own routes (health, metrics, session, events) are
// described in docs/api/openapi.json; tests/api/openapi_test.cc checks the
// API router's routes and holds the same list, which this keeps honest.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "web/front.h"

namespace openscs::web {
namespace {

TEST(OpenApiWeb, EveryRouteTheWebLayerAnswersIsDescribed) {
  std::ifstream in(std::string(OPENSCS_SOURCE_DIR) + "/docs/api/openapi.json");
  ASSERT_TRUE(in) << "docs/api/openapi.json is missing";
  const auto doc = nlohmann::json::parse(in);
  const auto routes = WebRoutes();
  ASSERT_GE(routes.size(), 7u);
  for (const auto& [method, path] : routes) {
    std::string lower = method;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    ASSERT_TRUE(doc["paths"].contains(path)) << path << " is not in the OpenAPI document";
    EXPECT_TRUE(doc["paths"][path].contains(lower)) << method << " " << path << " is not in the OpenAPI document";
  }
}

}  // namespace
}  // namespace openscs::web
