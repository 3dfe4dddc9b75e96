#include "api/openapi.h"

#include <nlohmann/json.hpp>

#include "api/openapi_schemas.h"

namespace ics::api {

namespace {

using Json = nlohmann::ordered_json;

struct MergedSchemas {
  Json merged = {{"operations", Json::object()}, {"components", {{"schemas", Json::object()}}}};
  std::vector<std::string> problems;
};

// The files of src/api/openapi/ merged into one; an operation or component named in two
// files, or a file that is not a JSON object of that shape, is a problem a test reports.
const MergedSchemas& Merged() {
  static const MergedSchemas kMerged = [] {
    MergedSchemas out;
    for (const OpenApiSchemaFile& file : OpenApiSchemaFiles()) {
      Json part = Json::parse(file.text, nullptr, /*allow_exceptions=*/false);
      if (part.is_discarded() || !part.is_object()) {
        out.problems.push_back(std::string(file.name) + ": not a JSON object");
        continue;
      }
      const Json operations = part.value("operations", Json::object());
      for (const auto& [key, op] : operations.items()) {
        if (out.merged["operations"].contains(key))
          out.problems.push_back(std::string(file.name) + ": operation '" + key + "' is also in another file");
        else
          out.merged["operations"][key] = op;
      }
      const Json components = part.value("components", Json::object());
      const Json component_schemas = components.value("schemas", Json::object());
      for (const auto& [name, schema] : component_schemas.items()) {
        if (out.merged["components"]["schemas"].contains(name))
          out.problems.push_back(std::string(file.name) + ": component '" + name + "' is also in another file");
        else
          out.merged["components"]["schemas"][name] = schema;
      }
    }
    return out;
  }();
  return kMerged;
}

const Json& Schemas() { return Merged().merged; }

std::string Key(const RouteInfo& r) { return r.method + " " + r.pattern; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "GET /api/v1/versions/{id}/diff" -> "get_api_v1_versions_id_diff"
std::string OperationId(const RouteInfo& r) {
  std::string id = Lower(r.method);
  for (char c : r.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) id += c;
    else if (c == '/' || c == '-' || c == '.') id += '_';
  }
  return id;
}

std::vector<std::string> PathParameters(const std::string& pattern) {
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = pattern.find('{', i)) != std::string::npos) {
    size_t end = pattern.find('}', i);
    out.push_back(pattern.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

Json ErrorResponse(const char* description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

}  // namespace

std::string OpenApiDocument(const std::vector<RouteInfo>& routes) {
  const Json& schemas = Schemas();
  const Json& operations = schemas["operations"];
  Json doc;
  doc["openapi"] = "3.1.0";
  doc["info"] = {{"title", "ICS Platform API"},
                 {"version", "1"},
                 {"description",
                  "The API of an integrated care system's platform. Every operation lists the roles that may call "
                  "it (x-roles; \"public\" means everyone). Browser sessions sign in at POST /api/v1/session and "
                  "send the X-CSRF-Token header on every change; machine clients use an API token "
                  "(Authorization: Bearer). Errors are {\"error\": {\"code\", \"message\", \"where\"}}."}};
  Json paths = Json::object();
  for (const RouteInfo& r : routes) {
    Json op;
    op["operationId"] = OperationId(r);
    if (!r.summary.empty()) op["summary"] = r.summary;
    Json roles = Json::array();
    for (Role role : r.access.roles.Roles()) roles.push_back(std::string(RoleName(role)));
    op["x-roles"] = roles;
    if (r.access.audit_reads) op["x-audited"] = true;
    if (r.access.roles.Has(Role::kPublic))
      op["security"] = Json::array({Json::object(), {{"session", Json::array()}}, {{"token", Json::array()}}});
    else
      op["security"] = Json::array({{{"session", Json::array()}}, {{"token", Json::array()}}});
    const Json* described = operations.contains(Key(r)) ? &operations[Key(r)] : nullptr;
    Json parameters = Json::array();
    for (const std::string& name : PathParameters(r.pattern)) {
      Json p = {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
      if (described && described->contains("examples") && (*described)["examples"].contains(name))
        p["example"] = (*described)["examples"][name];
      parameters.push_back(p);
    }
    if (described && described->contains("query"))
      for (const auto& q : (*described)["query"]) parameters.push_back(q);
    if (!parameters.empty()) op["parameters"] = parameters;
    if (described && described->contains("requestBody")) op["requestBody"] = (*described)["requestBody"];
    Json responses = Json::object();
    if (described && described->contains("responses")) {
      for (const auto& [status, response] : (*described)["responses"].items()) responses[status] = response;
    }
    if (!r.access.roles.Has(Role::kPublic)) {
      responses["401"] = ErrorResponse("Not signed in");
      responses["403"] = ErrorResponse("Signed in without a role this operation allows, or a failed CSRF check");
    }
    responses["400"] = ErrorResponse("Bad input: the message and where say what to fix");
    if (r.access.audit_reads) responses["503"] = ErrorResponse("The read could not be recorded in the audit trail");
    op["responses"] = responses;
    paths[r.pattern][Lower(r.method)] = op;
  }
  doc["paths"] = paths;
  doc["components"] = schemas["components"];
  doc["components"]["securitySchemes"] = {
      {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "ics_session"}}},
      {"token", {{"type", "http"}, {"scheme", "bearer"}}}};
  return doc.dump(2) + "\n";
}

void AddOpenApiRoute(Router& router) {
  const char* summary = "This document: every operation with the roles it allows";
  router.Get("/api/v1/openapi.json", Access::Public(), [](const Request&) { return Response::Json("{}"); }, summary);
  auto doc = std::make_shared<const std::string>(OpenApiDocument(router.Routes()));
  router.Get("/api/v1/openapi.json", Access::Public(), [doc](const Request&) {
    Response r = Response::Json(*doc);
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }, summary);
}

std::vector<std::string> MissingSchemas(const std::vector<RouteInfo>& routes) {
  const Json& operations = Schemas()["operations"];
  std::vector<std::string> missing = Merged().problems;
  for (const RouteInfo& r : routes) {
    const std::string key = Key(r);
    bool ok = operations.contains(key) && operations[key].contains("responses");
    if (ok) {
      ok = false;
      for (const auto& [status, unused] : operations[key]["responses"].items()) ok = ok || status.starts_with("2");
    }
    if (!ok) missing.push_back(key);
  }
  return missing;
}

}  // namespace ics::api
