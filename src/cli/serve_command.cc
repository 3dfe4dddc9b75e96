// `ics serve [FILE | --demo]`: serves the HTTP API and the web app for an ICS definition,
// recording each new version of the definition in an embedded SQLite database.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "api/accounts.h"
#include "api/app.h"
#include "api/demo.h"
#include "api/finance_plan_routes.h"
#include "api/qi_routes.h"
#include "api/openapi.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/input.h"
#include "definition/loader.h"
#include "store/store.h"

namespace ics::cli {

namespace {

// One account per role, each with a fresh random password printed for the person trying
// the demo: created on the first start, given a new password on each later one.
Status MakeDemoUsers(store::Store& db, std::ostream& out) {
  out << "ics serve: demo users (a new password each start; sign in at /sign-in):\n";
  for (api::Role role : api::AllRoles()) {
    if (role == api::Role::kPublic) continue;
    std::string name = "demo-" + std::string(api::RoleName(role));
    for (char& c : name)
      if (c == '_') c = '-';
    std::string password = api::NewSecret().substr(0, 16);
    ICS_ASSIGN_OR_RETURN(std::string hash, api::HashPassword(password));
    ICS_ASSIGN_OR_RETURN(std::optional<store::UserAccount> existing, db.FindUser(name));
    if (existing) {
      store::UserChange change;
      change.password_hash = hash;
      change.roles = std::string(api::RoleName(role));
      change.disabled = false;
      ICS_RETURN_IF_ERROR(db.UpdateUser(name, change, "ics serve --demo").status());
    } else {
      store::NewUserAccount user{name, "Demo " + std::string(api::RoleTitle(role)), hash,
                                 std::string(api::RoleName(role))};
      ICS_RETURN_IF_ERROR(db.CreateUser(user, "ics serve --demo").status());
    }
    out << "ics serve: demo user " << name << " password " << password << " role " << api::RoleName(role) << "\n";
  }
  out.flush();
  return Status::Ok();
}

}  // namespace

int RunServe(int argc, char** argv) {
  CLI::App app{"Serve the HTTP API (/api/v1/...) and the web app for an ICS definition.\n"
               "Each definition served is recorded as a version in the database (--db) when it differs from the "
               "latest; with neither FILE nor --demo the latest stored version is served.\n"
               "Stops gracefully on SIGINT or SIGTERM. Exit 0 after a clean stop; 2: bad input or usage.",
               "ics serve"};
  std::string file;
  bool demo = false;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_root;
  std::string db_url(store::kDefaultStoreUrl);
  size_t max_mib = 256;
  int threads = 2;
  std::string access_log = "-";
  std::string secure_cookies = "auto";
  app.add_option("file", file, "the definition (.yaml) to serve, or - for standard input");
  app.add_flag("--demo", demo, "serve the built-in example ICS (Derby and Derbyshire)");
  app.add_option("--host", host, "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
  app.add_option("--port", port, "port to listen on (default 8080; 0 picks a free port)")->check(CLI::Range(0, 65535));
  app.add_option("--web-root", web_root,
                 "the built web app to serve (default: $ICS_WEB_ROOT, else the source tree's web/dist)");
  app.add_option("--db", db_url,
                 "the database: sqlite:PATH (default sqlite:ics.db in the working directory) or postgresql://...");
  app.add_option("--max-size", max_mib, "largest definition accepted, in MiB")->check(CLI::Range(1, 4096));
  app.add_option("--threads", threads, "threads serving requests (default 2)")->check(CLI::Range(1, 64));
  app.add_option("--access-log", access_log,
                 "where to write the access log, one JSON line per request (paths without their query): FILE, - for "
                 "standard error (the default), or off");
  app.add_option("--secure-cookies", secure_cookies,
                 "mark the session cookie Secure (sent over HTTPS only): on, off, or auto (the default: on unless "
                 "listening on a loopback address; behind a TLS proxy on this machine give on)")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  auto fail = [](const Status& status) {
    std::cerr << "ics serve: " << status.ToString() << "\n";
    return kExitBadInput;
  };
  if (demo && !file.empty()) return fail(InvalidArgument("give either a definition file or --demo, not both"));

  Result<std::unique_ptr<store::Store>> opened = store::OpenStore(db_url);
  if (!opened.ok()) return fail(opened.status());
  std::shared_ptr<store::Store> db = std::move(*opened);

  auto definition = std::make_shared<api::LoadedDefinition>();
  if (demo) {
    api::EmbeddedDefinition embedded = api::DemoDefinition();
    definition->file = std::string(embedded.file);
    definition->text = std::string(embedded.text);
  } else if (!file.empty()) {
    Result<std::string> text = ReadInput(file, max_mib << 20);
    if (!text.ok()) return fail(text.status());
    definition->file = file == "-" ? "<stdin>" : file;
    definition->text = std::move(*text);
  } else {
    Result<std::optional<store::DefinitionVersion>> latest = db->LatestDefinitionVersion();
    if (!latest.ok()) return fail(latest.status());
    if (!*latest) {
      return fail(InvalidArgument("give the definition to serve (ics serve examples/derby-derbyshire/ics.yaml), or "
                                  "--demo for the built-in example; the database " + db->url() +
                                  " holds no definition yet"));
    }
    definition->file = (*latest)->file_name;
    definition->text = std::move((*latest)->text);
  }

  definition::LoadOptions load_options;
  load_options.limits.max_bytes = max_mib << 20;
  definition::LoadOutcome loaded = definition::LoadDefinition(definition->text, definition->file, load_options);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::cerr << e.where << ": error: " << e.message << "\n";
    std::cerr << "ics serve: " << loaded.errors.size() << " error(s) in " << definition->file
              << "; fix them (ics check shows the same) and start again\n";
    return kExitBadInput;
  }
  definition->system = std::move(loaded.system);

  store::NewDefinitionVersion version;
  version.file_name = definition->file;
  version.text = definition->text;
  version.imported_by = "ics serve";
  version.skip_if_unchanged = true;
  Result<store::ImportOutcome> imported = db->ImportDefinition(version);
  if (!imported.ok()) return fail(imported.status());
  std::cerr << "ics serve: " << definition->system.system.name << " from " << definition->file << " is version "
            << imported->version.id << (imported->created ? " (new)" : " (unchanged)") << " in " << db->url() << "\n";

  api::AppOptions app_options;
  if (!web_root.empty()) {
    app_options.web_root = web_root;
  } else if (const char* env = std::getenv("ICS_WEB_ROOT"); env && *env) {
    app_options.web_root = env;
  } else {
    app_options.web_root = api::DefaultWebRoot();
  }
  app_options.store = db;
  app_options.current_version = imported->version.id;
  api::AccountsOptions accounts_options;
  if (secure_cookies == "auto") {
    accounts_options.secure_cookies = !(host == "127.0.0.1" || host == "localhost" || host == "::1");
  } else {
    accounts_options.secure_cookies = secure_cookies == "on";
  }
  auto accounts = std::make_shared<api::Accounts>(db, accounts_options);
  app_options.accounts = accounts;
  if (demo) {
    Status made = MakeDemoUsers(*db, std::cout);
    if (!made.ok()) return fail(made);
    Result<int> ledgers = api::SeedDemoLedgers(*db);  // finance_plan_routes.h: synthetic plans and actuals
    if (!ledgers.ok()) return fail(ledgers.status());
    if (*ledgers > 0) std::cout << "ics serve: imported " << *ledgers << " synthetic ledgers of monthly plans and actuals\n";
    Result<int> projects = api::SeedQiDemoProjects(*db);  // qi_routes.h: synthetic QI projects
    if (!projects.ok()) return fail(projects.status());
    if (*projects > 0) std::cout << "ics serve: added " << *projects << " synthetic QI projects\n";
  }
  std::string web_root_used = app_options.web_root;

  api::ServerOptions server_options;
  server_options.host = host;
  server_options.port = static_cast<uint16_t>(port);
  server_options.threads = threads;
  server_options.handle_signals = true;
  server_options.metrics = std::make_shared<api::Metrics>();
  if (access_log != "off") {
    Result<std::shared_ptr<api::AccessLog>> log = api::AccessLog::Open(access_log);
    if (!log.ok()) return fail(log.status());
    server_options.access_log = std::move(*log);
  }
  api::Router router = api::MakeRouter(definition, std::move(app_options));
  api::AddMetricsRoute(router, server_options.metrics);
  api::AddOpenApiRoute(router);  // again, now that /metrics is there too
  api::Server server(server_options, std::move(router));
  if (Status s = server.Start(); !s.ok()) return fail(s);
  if (!std::ifstream(web_root_used + "/index.html"))
    std::cerr << "ics serve: warning: no web app at " << web_root_used
              << " (build it with npm run build in web/, or give --web-root); serving the API only\n";
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "ics serve: listening on http://" << shown_host << ":" << server.port() << std::endl;
  server.Run();
  std::cerr << "ics serve: stopped\n";
  return kExitOk;
}

}  // namespace ics::cli
