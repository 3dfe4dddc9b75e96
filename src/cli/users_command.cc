// `ics users add|list|disable|enable|password|token|tokens|revoke`: local accounts and
// API tokens in the database that `ics serve` uses.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "api/accounts.h"
#include "api/account_routes.h"
#include "cli/commands.h"
#include "cli/store_verb.h"
#include "render/json.h"
#include "store/store.h"

namespace ics::cli {

namespace {

// Who the audit trail names for changes made here.
std::string CliActor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

// A password from standard input (one line), or a new random one when none is given.
Result<std::pair<std::string, bool>> ReadPassword(bool from_stdin) {
  if (!from_stdin) return std::make_pair(api::NewSecret().substr(0, 20), true);
  std::string line;
  if (!std::getline(std::cin, line) || line.empty())
    return InvalidArgument("--password-stdin: give the password as one line on standard input", "--password-stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return std::make_pair(line, false);
}

}  // namespace

int RunUsers(int argc, char** argv) {
  CLI::App app{"Accounts and API tokens for `ics serve`. Passwords are kept only as Argon2id hashes; every change "
               "is recorded in the audit trail.\nExit 0: done; 2: bad input or the database cannot be used.",
               "ics users"};
  std::string db_url(store::kDefaultStoreUrl);
  bool json = false;
  std::string name, display_name, roles_text, label;
  bool password_stdin = false;
  int64_t token_id = 0;
  app.require_subcommand(1);
  app.fallthrough();  // --db and --json may follow the subcommand
  app.add_option("--db", db_url, "the database: sqlite:PATH or postgresql://USER@HOST/DB (default sqlite:ics.db)");
  app.add_flag("--json", json, "write JSON");

  CLI::App* add = app.add_subcommand("add", "Create an account. Prints the password when one is generated.");
  add->add_option("name", name, "user name: lower-case letters, digits, - _ . @")->required();
  add->add_option("--role", roles_text,
                  "roles, comma separated: board_member, governance_admin, finance, analyst, oversight, qi_lead, "
                  "clinician, privacy_officer, system_admin")
      ->required();
  add->add_option("--display-name", display_name, "the name shown in the header and the audit trail");
  add->add_flag("--password-stdin", password_stdin,
                "read the password from standard input (default: generate one and print it)");

  CLI::App* list = app.add_subcommand("list", "List accounts.");
  CLI::App* disable = app.add_subcommand("disable", "Disable an account and end its sessions.");
  disable->add_option("name", name, "user name")->required();
  CLI::App* enable = app.add_subcommand("enable", "Enable a disabled account.");
  enable->add_option("name", name, "user name")->required();
  CLI::App* password = app.add_subcommand("password", "Set a new password (ends the account's sessions).");
  password->add_option("name", name, "user name")->required();
  password->add_flag("--password-stdin", password_stdin, "read the password from standard input (default: generate)");
  CLI::App* token = app.add_subcommand("token", "Create an API token for a machine client (shown once).");
  token->add_option("name", name, "the account the token acts as")->required();
  token->add_option("--label", label, "what the token is for, e.g. \"nightly extract\"");
  CLI::App* tokens = app.add_subcommand("tokens", "List an account's API tokens.");
  tokens->add_option("name", name, "user name")->required();
  CLI::App* revoke = app.add_subcommand("revoke", "Revoke an API token.");
  revoke->add_option("id", token_id, "the token's id (ics users tokens NAME)")->required();
  if (std::optional<int> exit = ParseCommandLine(app, argc, argv)) return *exit;
  auto fail = [&](const Status& status) { return ReportFailure("ics users", status, json); };
  // only adding a user may create the database
  Result<std::unique_ptr<store::Store>> opened = OpenStoreForVerb(db_url, add->parsed());
  if (!opened.ok()) return fail(opened.status());
  std::shared_ptr<store::Store> db = std::move(*opened);
  const std::string actor = CliActor();
  auto print = [&](const nlohmann::ordered_json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  };
  auto user_json = [](const store::UserAccount& u) {
    return nlohmann::ordered_json{{"username", u.username},     {"display_name", u.display_name},
                                  {"roles", u.roles},           {"disabled", u.disabled},
                                  {"created_at", u.created_at}, {"created_by", u.created_by}};
  };

  if (add->parsed() || password->parsed()) {
    if (add->parsed()) {
      if (Status s = api::CheckUsername(name, "name"); !s.ok()) return fail(s);
    }
    api::ParsedRoles roles;
    if (add->parsed()) {
      roles = api::ParseRoleList(roles_text);
      if (!roles.error.empty()) return fail(InvalidArgument(roles.error, "--role"));
      if (roles.roles.empty()) return fail(InvalidArgument("give at least one role", "--role"));
      if (roles.roles.Has(api::Role::kPublic))
        return fail(InvalidArgument("'public' is everyone's role; it cannot be given", "--role"));
    }
    Result<std::pair<std::string, bool>> secret = ReadPassword(password_stdin);
    if (!secret.ok()) return fail(secret.status());
    Result<std::string> hash = api::HashPassword(secret->first);
    if (!hash.ok()) return fail(hash.status());
    store::UserChange change;
    change.password_hash = *hash;
    Result<store::UserAccount> user =
        add->parsed()
            ? db->CreateUser({name, display_name.empty() ? name : display_name, *hash, roles.roles.Names()}, actor)
            : db->UpdateUser(name, change, actor);
    if (!user.ok()) return fail(user.status());
    if (json) {
      nlohmann::ordered_json j = user_json(*user);
      if (secret->second) j["password"] = secret->first;
      print(j);
    } else {
      std::cout << (add->parsed() ? "Created " : "New password for ") << user->username << " (" << user->roles
                << ")";
      if (secret->second) std::cout << "; password: " << secret->first;
      std::cout << "\n";
    }
    return kExitOk;
  }
  if (list->parsed()) {
    Result<std::vector<store::UserAccount>> users = db->ListUsers();
    if (!users.ok()) return fail(users.status());
    if (json) {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const auto& u : *users) all.push_back(user_json(u));
      print({{"users", all}});
    } else {
      for (const auto& u : *users)
        std::cout << u.username << "  " << u.display_name << "  " << u.roles << (u.disabled ? "  (disabled)" : "")
                  << "\n";
      if (users->empty()) std::cout << "No accounts in " << db->url() << "; add one with ics users add NAME --role R\n";
    }
    return kExitOk;
  }
  if (disable->parsed() || enable->parsed()) {
    store::UserChange change;
    change.disabled = disable->parsed();
    Result<store::UserAccount> user = db->UpdateUser(name, change, actor);
    if (!user.ok()) return fail(user.status());
    if (json)
      print(user_json(*user));
    else
      std::cout << (disable->parsed() ? "Disabled " : "Enabled ") << name << "\n";
    return kExitOk;
  }
  if (token->parsed()) {
    api::Accounts accounts(db);
    auto created = accounts.CreateToken(name, label.empty() ? "created by ics users token" : label, actor);
    if (!created.ok()) return fail(created.status());
    if (json)
      print({{"id", created->first.id}, {"user", name}, {"label", created->first.label}, {"token", created->second}});
    else
      std::cout << created->second << "\n";
    return kExitOk;
  }
  if (tokens->parsed()) {
    Result<std::vector<store::ApiTokenRecord>> list_of = db->ListApiTokens(name);
    if (!list_of.ok()) return fail(list_of.status());
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const auto& t : *list_of) {
      if (json)
        all.push_back({{"id", t.id}, {"label", t.label}, {"created_at", t.created_at}, {"revoked", t.revoked}});
      else
        std::cout << t.id << "  " << t.created_at << "  " << t.label << (t.revoked ? "  (revoked)" : "") << "\n";
    }
    if (json) print({{"tokens", all}});
    return kExitOk;
  }
  Result<store::ApiTokenRecord> revoked = db->RevokeApiToken(token_id, actor);
  if (!revoked.ok()) return fail(revoked.status());
  if (json)
    print({{"id", revoked->id}, {"revoked", true}});
  else
    std::cout << "Revoked API token " << revoked->id << " of " << revoked->username << "\n";
  return kExitOk;
}

}  // namespace ics::cli
