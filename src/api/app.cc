#include "api/app.h"

#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

#include "api/oversight_routes.h"
#include "api/finance_routes.h"
#include "api/static_files.h"
#include "governance/rulebook.h"
#include "render/json.h"

namespace ics::api {

namespace {

Response Api(std::string json) {
  Response r = Response::Json(std::move(json));
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// A small OpenAPI 3.0 description of the routes below.
constexpr const char* kOpenApi = R"json({
  "openapi": "3.0.3",
  "info": {"title": "ICS Platform API", "version": "1"},
  "paths": {
    "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "{\"status\":\"ok\"}"}}}},
    "/api/v1/system": {"get": {"summary": "The loaded ICS definition as the typed model, each entity with its line",
                               "responses": {"200": {"description": "JSON, as render::SystemJson"}}}},
    "/api/v1/compliance": {"get": {"summary": "The compliance report, exactly as `ics check FILE --json` writes it",
                                   "responses": {"200": {"description": "JSON: system, file, as_of, rules_evaluated, rules_not_checkable, passed, summary, findings, not_checkable"}}}},
    "/api/v1/rules": {"get": {"summary": "The rulebook: every rule with its citation, severity and provenance",
                              "responses": {"200": {"description": "JSON: {rules: [...]}"}}}},
    "/api/v1/definition": {"get": {"summary": "The definition's YAML text", "responses": {"200": {"description": "text/yaml"}}}},
    "/api/v1/versions": {"get": {"summary": "The stored versions of the definition, newest first",
                                 "responses": {"200": {"description": "JSON: {versions: [{id, file, imported_at, bytes, sha256, note, current}]}"}}}},
    "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.0"}}}}
  },
  "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "code": {"type": "string"}, "message": {"type": "string"}, "where": {"type": "string"}}}}}}}
}
)json";

}  // namespace

Date TodayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return Date{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

std::string DefaultWebRoot() {
#ifdef ICS_DEFAULT_WEB_ROOT
  return ICS_DEFAULT_WEB_ROOT;
#else
  return "web/dist";
#endif
}

std::string VersionsJson(const std::vector<store::DefinitionVersion>& versions, int64_t current_id) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& v : versions) {
    list.push_back({{"id", v.id},
                    {"file", v.file_name},
                    {"imported_at", v.imported_at},
                    {"bytes", v.bytes},
                    {"sha256", v.sha256},
                    {"note", v.note},
                    {"current", v.id == current_id}});
  }
  nlohmann::ordered_json root;
  root["versions"] = list;
  return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string ComplianceReportJson(const model::IcsSystem& system, const Date& today) {
  // The same as-of logic as `ics check`: the definition's as_of, else today.
  governance::CheckOptions options;
  options.as_of = system.system.as_of.value_or(today);
  governance::CheckReport report = governance::CheckSystem(system, options);
  Date effective = system.system.as_of.value_or(options.as_of);
  return render::ComplianceJson(system, report, effective, 2) + "\n";
}

Router MakeRouter(std::shared_ptr<const LoadedDefinition> definition, AppOptions options) {
  Router router;
  if (!options.today) options.today = TodayUtc;

  router.Get("/healthz", Access::Public(), [](const Request&) { return Api("{\"status\":\"ok\"}\n"); }, "Liveness");

  auto system_json = std::make_shared<const std::string>(render::SystemJson(definition->system, 2) + "\n");
  router.Get("/api/v1/system", Access::Public(), [system_json](const Request&) { return Api(*system_json); },
             "The loaded ICS definition as the typed model");

  // The report depends on the date only when the definition states no as_of; keep the
  // last one and recompute when the day changes.
  struct ComplianceCache {
    std::mutex mu;
    std::optional<Date> day;
    std::string json;
  };
  auto cache = std::make_shared<ComplianceCache>();
  router.Get("/api/v1/compliance", Access::Public(), [definition, cache, today = options.today](const Request&) {
    Date day = definition->system.system.as_of.value_or(today());
    std::lock_guard lock(cache->mu);
    if (cache->day != day) {
      cache->json = ComplianceReportJson(definition->system, day);
      cache->day = day;
    }
    return Api(cache->json);
  }, "The compliance report, as ics check --json writes it");

  auto rules_json = std::make_shared<const std::string>(render::RulebookJson(2) + "\n");
  router.Get("/api/v1/rules", Access::Public(), [rules_json](const Request&) { return Api(*rules_json); },
             "The rulebook with citations");

  router.Get("/api/v1/definition", Access::Public(), [definition](const Request&) {
    Response r = Response::Content(definition->text, "text/yaml; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-cache");
    // The file name, for a "save as" and for messages.
    std::string name = definition->file.substr(definition->file.find_last_of('/') + 1);
    std::string safe;
    for (char c : name)
      if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) safe += c;
    r.headers.emplace_back("Content-Disposition", "inline; filename=\"" + safe + "\"");
    return r;
  }, "The definition's YAML text");

  if (options.versions_json)
    router.Get("/api/v1/versions", Access::Roles({Role::kGovernanceAdmin, Role::kBoardMember, Role::kSystemAdmin}),
               [versions = options.versions_json](const Request&) { return Api(versions()); },
               "The stored versions of the definition");

  AddOversightRoutes(router, DemoOversightData());  // oversight_routes.h: metrics, SPC, segmentation

  AddFinanceRoutes(router, definition, {});  // finance_routes.h: allocations, what-ifs, place budgets

  router.Get("/api/v1/openapi.json", Access::Public(), [](const Request&) { return Api(kOpenApi); }, "This API");

  auto files = std::make_shared<const StaticFiles>(options.web_root);
  router.SetFallback([files](const Request& request) { return files->Serve(request); });
  return router;
}

}  // namespace ics::api
