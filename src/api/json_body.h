// Reading JSON request bodies with errors a client can act on: the media type must be
// application/json (415 otherwise), the body must parse (400 naming the line and
// column), and each field is read by name with its expected type (400 naming the
// field). Unknown fields are refused so that a misspelt field is never silently ignored.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "api/http.h"
#include "base/status.h"

namespace ics::api {

// A JSON object body. Errors carry `where` = "body" or "body: line L, column C".
// StatusCode::kInvalidArgument (400); a wrong media type is reported as
// kFailedPrecondition with where "Content-Type" (ErrorForBody maps it to 415).
class JsonBody {
 public:
  static Result<JsonBody> Parse(const Request& request);
  ~JsonBody();
  JsonBody(JsonBody&&) noexcept;
  JsonBody& operator=(JsonBody&&) noexcept;

  // Refuses any field not in `known`, naming it and the closest known one.
  Status OnlyFields(std::initializer_list<std::string_view> known) const;

  bool Has(std::string_view field) const;
  Result<std::string> String(std::string_view field) const;  // required
  Result<std::optional<std::string>> OptionalString(std::string_view field) const;
  Result<std::optional<int64_t>> OptionalInt(std::string_view field) const;
  Result<int64_t> Int(std::string_view field) const;  // required
  Result<std::optional<bool>> OptionalBool(std::string_view field) const;
  Result<std::optional<std::vector<std::string>>> OptionalStrings(std::string_view field) const;

  const nlohmann::json& json() const { return *json_; }

 private:
  explicit JsonBody(nlohmann::json* json);
  nlohmann::json* json_;
};

// The response for a body error: 415 for the media type, else ErrorFor(status).
Response ErrorForBody(const Status& status);

}  // namespace ics::api
