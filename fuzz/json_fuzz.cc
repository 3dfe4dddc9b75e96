// libFuzzer target for JSON bodies: nlohmann-json's parser (no exceptions; what parses
// must print and parse back to the same value), then the bytes as the JSON body of every
// state-changing route of the real router (MakeRouter over the embedded demo definition),
// sent by a principal holding every role so the body readers run. A 5xx, a crash, a hang
// or unbounded memory is a finding.
#include <stdlib.h>

#include <cstddef>
#include <fstream>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/demo.h"
#include "api/http.h"
#include "api/json_body.h"
#include "definition/loader.h"

namespace {

struct Fixture {
  ics::api::Router router;
  std::vector<ics::api::RouteInfo> writes;  // every route but GET
};

// A web root with an index.html (without one, page routes answer 503: the app is not built).
std::string WebRoot() {
  char dir[] = "/tmp/ics-fuzz-web-XXXXXX";
  if (!::mkdtemp(dir)) __builtin_trap();
  std::ofstream(std::string(dir) + "/index.html") << "<!DOCTYPE html><title>ICS</title>\n";
  return dir;
}

Fixture* Make() {
  auto definition = std::make_shared<ics::api::LoadedDefinition>();
  ics::api::EmbeddedDefinition embedded = ics::api::DemoDefinition();
  definition->file = std::string(embedded.file);
  definition->text = std::string(embedded.text);
  ics::definition::LoadOutcome loaded = ics::definition::LoadDefinition(definition->text, definition->file, {});
  if (!loaded.ok()) __builtin_trap();
  definition->system = std::move(loaded.system);
  ics::api::AppOptions app;
  app.web_root = WebRoot();
  app.today = [] { return ics::Date{2025, 4, 1}; };
  auto* f = new Fixture{ics::api::MakeRouter(definition, std::move(app)), {}};
  f->router.SetAuthenticator([](const ics::api::Request&) -> std::variant<ics::api::Principal, ics::api::Response> {
    ics::api::Principal p;
    p.user = "fuzz";
    for (ics::api::Role r : ics::api::AllRoles()) p.roles.Add(r);
    p.via = ics::api::Principal::Via::kToken;
    return p;
  });
  for (const auto& route : f->router.Routes())
    if (route.method != "GET") f->writes.push_back(route);
  return f;
}

std::string Fill(std::string pattern) {  // "/api/v1/versions/{id}" -> "/api/v1/versions/1"
  for (size_t open; (open = pattern.find('{')) != std::string::npos;) {
    size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    pattern.replace(open, close - open + 1, "1");
  }
  return pattern;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = Make();
  std::string body(reinterpret_cast<const char*>(data), size);

  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    std::string printed = parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    nlohmann::json again = nlohmann::json::parse(printed, nullptr, false);
    if (again.is_discarded()) __builtin_trap();
    // Strings with invalid UTF-8 are replaced on printing, and NaN cannot occur; the
    // rest must survive the round trip.
    if (printed == parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::ignore) && again != parsed)
      __builtin_trap();
  }

  // The body reader every JSON route uses: each accessor on each likely field name.
  {
    ics::api::Request request;
    request.method = "POST";
    request.headers = {{"content-type", "application/json; charset=utf-8"}};
    request.body = body;
    ics::Result<ics::api::JsonBody> parsed_body = ics::api::JsonBody::Parse(request);
    if (parsed_body.ok()) {
      (void)parsed_body->OnlyFields({"note", "row_version", "username", "password"});
      for (std::string_view field : {"note", "row_version", "username", "password", "roles", "disabled", ""}) {
        (void)parsed_body->Has(field);
        (void)parsed_body->String(field);
        (void)parsed_body->OptionalString(field);
        (void)parsed_body->Int(field);
        (void)parsed_body->OptionalInt(field);
        (void)parsed_body->OptionalBool(field);
        (void)parsed_body->OptionalStrings(field);
      }
    } else if (ics::api::ErrorForBody(parsed_body.status()).status >= 500) {
      __builtin_trap();
    }
  }

  for (const auto& route : fixture->writes) {
    ics::api::Request request;
    request.method = route.method;
    request.path = Fill(route.pattern);
    request.target = request.path;
    request.remote = "127.0.0.1";
    request.headers = {{"content-type", "application/json"}, {"host", "127.0.0.1"}};
    request.body = body;
    ics::api::Response r = fixture->router.Route(std::move(request));
    if (r.status >= 500) __builtin_trap();
  }
  return 0;
}
