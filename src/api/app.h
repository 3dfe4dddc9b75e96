// The routes of `ics serve`: health, the loaded definition as the model, its compliance
// report, the rulebook, the definition's YAML text, its stored versions, an OpenAPI
// document and the built web app. Every JSON body is the same text the CLI writes with
// `--json` (render/json.h), so a figure is the same on every face.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/http.h"
#include "base/date.h"
#include "model/ics.h"
#include "store/store.h"

namespace ics::api {

// A definition that loaded without errors, with the text it came from.
struct LoadedDefinition {
  std::string file;  // as named in messages ("examples/derby-derbyshire/ics.yaml")
  std::string text;  // the YAML
  model::IcsSystem system;
};

struct AppOptions {
  std::string web_root;  // the built web app (web/dist); may be missing
  // Today's date, for checks when the definition states no as_of. Default: UTC today.
  std::function<Date()> today;
  // The store: with it come the account, token, audit and version routes, and requests
  // are authenticated (session cookie or API token). Without it every request is
  // anonymous and only the public routes exist.
  std::shared_ptr<store::Store> store;
  std::shared_ptr<class Accounts> accounts;  // REQUIRES: set when store is
  int64_t current_version = 0;               // the stored version being served
};

// UTC today.
Date TodayUtc();

// The source tree's built web app (web/dist), as configured at build time.
std::string DefaultWebRoot();

// The compliance report exactly as `ics check FILE --json` writes it: checked as of the
// definition's system.as_of, else `today`.
std::string ComplianceReportJson(const model::IcsSystem& system, const Date& today);

Router MakeRouter(std::shared_ptr<const LoadedDefinition> definition, AppOptions options);

}  // namespace ics::api
