// The response schemas of the API (openapi_schemas.json), compiled in by
// embed_openapi.cmake.
#pragma once

#include <string_view>

namespace ics::api {

std::string_view OpenApiSchemasText();

}  // namespace ics::api
