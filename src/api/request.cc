#include "api/request.h"

#include <nlohmann/json.hpp>

namespace openscs::api {

Response ErrorResponse(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  r.body = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
  return r;
}

}  // namespace openscs::api
