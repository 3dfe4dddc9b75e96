#include "api/app.h"

#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

#include "api/account_routes.h"
#include "api/accounts.h"
#include "api/finance_plan_routes.h"
#include "api/finance_routes.h"
#include "api/governance_routes.h"
#include "api/qi_routes.h"
#include "api/openapi.h"
#include "api/oversight_routes.h"
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
    // Confidential agenda items are withheld (governance_routes.h); line numbers are kept.
    Response r = Response::Content(PublicDefinitionText(definition->system, definition->text),
                                   "text/yaml; charset=utf-8");
    r.headers.emplace_back("Cache-Control", "no-cache");
    // The file name, for a "save as" and for messages.
    std::string name = definition->file.substr(definition->file.find_last_of('/') + 1);
    std::string safe;
    for (char c : name)
      if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) safe += c;
    r.headers.emplace_back("Content-Disposition", "inline; filename=\"" + safe + "\"");
    return r;
  }, "The definition's YAML text");

  if (options.store && options.accounts) {
    AddAccountRoutes(router, options.accounts);
    AddVersionRoutes(router, options.store, {options.current_version});
    router.SetAuthenticator([accounts = options.accounts](const Request& r) { return accounts->Authenticate(r); });
    router.SetReadAuditor([store = options.store](const Request& r, const Response& response) {
      nlohmann::json detail = {{"route", response.route}, {"status", response.status}, {"remote", r.remote}};
      return store->AppendAudit({r.principal.actor(), "read", r.path, detail.dump()}).status();
    });
  }

  AddFinanceRoutes(router, definition, {});  // finance_routes.h: allocations, what-ifs, place budgets
  if (options.store) AddFinancePlanRoutes(router, definition, {options.store, {}});  // stored plans and actuals
  AddOversightRoutes(router, DemoOversightData());  // oversight_routes.h: metrics, SPC, segmentation
  AddGovernanceRoutes(router, definition, {options.store, options.today, options.web_root, {}});  // decisions, portal
  AddQiRoutes(router, {options.store});  // qi_routes.h: QI projects, measures, PDSA cycles, progress scores

  AddOpenApiRoute(router);

  auto files = std::make_shared<const StaticFiles>(options.web_root);
  router.SetFallback([files](const Request& request) { return files->Serve(request); });
  return router;
}

}  // namespace ics::api
