// The response schemas of the API: the files of src/api/openapi/ (one per area, each
// {"operations": {...}, "components": {"schemas": {...}}}), compiled in by
// embed_openapi.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace ics::api {

struct OpenApiSchemaFile {
  std::string_view name;  // "finance.json"
  std::string_view text;
};

// Every file, in name order.
const std::vector<OpenApiSchemaFile>& OpenApiSchemaFiles();

}  // namespace ics::api
