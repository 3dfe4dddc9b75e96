// Walks every route of the real app x every role (and anonymous): a role the route does
// not allow gets 401 (anonymous) or 403, a role it allows never does, and nothing answers
// 5xx. Also: every route is in the OpenAPI document with a response schema, and the
// table of who may call what in docs/api-access.md is the one the routes declare
// (ICS_UPDATE_GOLDEN=1 rewrites it).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "api/account_routes.h"
#include "api/accounts.h"
#include "api/app.h"
#include "api/demo.h"
#include "api/openapi.h"
#include "definition/loader.h"

namespace ics::api {
namespace {

struct Fixture {
  std::shared_ptr<store::Store> store;
  std::shared_ptr<Accounts> accounts;
  Router router;
  std::map<std::string, std::string> tokens;  // role name -> bearer token
};

Fixture& App() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    auto opened = store::OpenStore("sqlite::memory:");
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    f->store = std::move(*opened);
    f->accounts = std::make_shared<Accounts>(f->store);
    auto definition = std::make_shared<LoadedDefinition>();
    EmbeddedDefinition demo = DemoDefinition();
    definition->file = std::string(demo.file);
    definition->text = std::string(demo.text);
    definition::LoadOutcome loaded = definition::LoadDefinition(definition->text, definition->file);
    EXPECT_TRUE(loaded.ok());
    definition->system = std::move(loaded.system);
    auto imported = f->store->ImportDefinition({definition->file, definition->text, "test"});
    EXPECT_TRUE(imported.ok());
    for (Role role : AllRoles()) {
      if (role == Role::kPublic) continue;
      std::string name = "u-" + std::string(RoleName(role));
      auto hash = HashPassword("a long enough password", HashStrength::kMinimum);
      EXPECT_TRUE(f->store->CreateUser({name, name, *hash, std::string(RoleName(role))}, "test").ok());
      auto token = f->accounts->CreateToken(name, "matrix", "test");
      EXPECT_TRUE(token.ok());
      f->tokens[std::string(RoleName(role))] = token->second;
    }
    AppOptions options;
    options.web_root = "/nonexistent";
    options.store = f->store;
    options.accounts = f->accounts;
    options.current_version = imported->version.id;
    f->router = MakeRouter(definition, options);
    return f;
  }();
  return *fixture;
}

// A concrete path for a pattern: parameters take their OpenAPI example, else "1".
std::string Concrete(const std::string& pattern, const nlohmann::json& doc, const std::string& method) {
  std::map<std::string, std::string> examples;
  const auto& op = doc["paths"][pattern][method];
  if (op.contains("parameters"))
    for (const auto& p : op["parameters"])
      if (p["in"] == "path" && p.contains("example")) examples[p["name"]] = p["example"].get<std::string>();
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      size_t end = pattern.find('}', i);
      std::string name = pattern.substr(i + 1, end - i - 1);
      out += examples.count(name) ? examples[name] : "1";
      i = end;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

TEST(AccessMatrixTest, EveryRouteTimesEveryRole) {
  Fixture& app = App();
  Request get;
  get.method = get.target = get.path = "";
  get.method = "GET";
  get.path = get.target = "/api/v1/openapi.json";
  nlohmann::json doc = nlohmann::json::parse(app.router.Route(get).body);
  int checked = 0;
  for (const RouteInfo& route : app.router.Routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string path = Concrete(route.pattern, doc, method);
    std::vector<std::string> who = {"anonymous"};
    for (Role role : AllRoles())
      if (role != Role::kPublic) who.push_back(std::string(RoleName(role)));
    for (const std::string& role : who) {
      Request r;
      r.method = route.method;
      r.path = r.target = path;
      if (route.pattern.find("/diff") != std::string::npos) r.query = "against=1";
      if (role != "anonymous") r.headers.emplace_back("authorization", "Bearer " + app.tokens[role]);
      r.headers.emplace_back("content-type", "application/json");
      r.body = "{}";
      Response response = app.router.Route(r);
      const bool allowed = route.access.roles.Has(Role::kPublic) ||
                           (role != "anonymous" && route.access.roles.Has(*ParseRole(role)));
      SCOPED_TRACE(route.method + " " + path + " as " + role + " -> " + std::to_string(response.status) + " " +
                   response.body.substr(0, 200));
      EXPECT_LT(response.status, 500);
      if (allowed) {
        EXPECT_NE(response.status, 401);
        EXPECT_NE(response.status, 403);
      } else {
        EXPECT_EQ(response.status, role == "anonymous" ? 401 : 403);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(AccessMatrixTest, EveryRouteHasAnOpenApiSchema) {
  std::vector<std::string> missing = MissingSchemas(App().router.Routes());
  std::string list;
  for (const auto& m : missing) list += "\n  " + m;
  EXPECT_TRUE(missing.empty()) << "routes without a response schema in src/api/openapi/*.json, or problems in those files:" << list;
}

TEST(AccessMatrixTest, TheAccessTableInTheDocsIsTheDeclaredOne) {
  std::ostringstream table;
  table << "# Who may call what\n\n"
        << "Generated from the routes' own declarations by `src/api/access_matrix_test.cc` (run it with\n"
        << "`ICS_UPDATE_GOLDEN=1` after changing a route). \"public\" is everyone, signed in or not; *audited*\n"
        << "means each successful read is recorded in the audit trail. The same roles are in the OpenAPI\n"
        << "document (`x-roles`) at `/api/v1/openapi.json`.\n\n"
        << "| method | path | roles | audited |\n|---|---|---|---|\n";
  for (const RouteInfo& r : App().router.Routes()) {
    std::string roles = r.access.roles.Names();
    std::string shown;
    for (char c : roles) shown += c == ',' ? std::string(", ") : std::string(1, c);
    table << "| " << r.method << " | `" << r.pattern << "` | " << shown << " | " << (r.access.audit_reads ? "yes" : "")
          << " |\n";
  }
  const std::filesystem::path file = std::filesystem::path(ICS_SOURCE_DIR) / "docs" / "api-access.md";
  if (const char* update = std::getenv("ICS_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(file) << table.str();
  }
  std::ifstream in(file);
  std::stringstream have;
  have << in.rdbuf();
  EXPECT_EQ(have.str(), table.str()) << "docs/api-access.md is out of date: run api_test with ICS_UPDATE_GOLDEN=1";
}

}  // namespace
}  // namespace ics::api
