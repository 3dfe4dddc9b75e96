// The OpenAPI 3.1 document at /api/v1/openapi.json, built from the routes themselves so
// that it can never leave one out: every route's method, path, parameters, summary and
// the roles it allows (x-roles, with the security schemes), with response schemas from
// src/api/openapi/*.json (one file per area, compiled in). A route without a schema there,
// or an operation or component named in two files, is reported by MissingSchemas(), which
// a test requires to be empty.
#pragma once

#include <string>
#include <vector>

#include "api/http.h"

namespace ics::api {

// The document for `routes`, as JSON text.
std::string OpenApiDocument(const std::vector<RouteInfo>& routes);

// Registers GET /api/v1/openapi.json describing every route registered so far (and
// itself). Call it after the last route is added; calling it again replaces it.
void AddOpenApiRoute(Router& router);

// "GET /api/v1/system" for each route that has no success-response schema, and a line for
// each problem in the schema files (a name defined twice, a file that is not an object).
std::vector<std::string> MissingSchemas(const std::vector<RouteInfo>& routes);

}  // namespace ics::api
