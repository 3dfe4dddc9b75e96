#include "api/account_routes.h"

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "definition/loader.h"
#include "versions/diff.h"

namespace ics::api {

namespace {

using Json = nlohmann::ordered_json;

Response JsonResponse(const Json& j, int status = 200) {
  Response r = Response::Json(j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", status);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Json RoleList(RoleSet roles) {
  Json list = Json::array();
  for (Role r : roles.Roles()) list.push_back(std::string(RoleName(r)));
  return list;
}

Json SessionJson(const Principal& p, const std::string& expires_at = {}) {
  Json j;
  j["signed_in"] = p.signed_in();
  if (p.signed_in()) {
    j["user"] = p.user;
    j["display_name"] = p.display_name;
  }
  j["roles"] = RoleList(p.roles);
  if (p.via == Principal::Via::kSession) j["csrf"] = p.session_csrf;
  if (!expires_at.empty()) j["expires_at"] = expires_at;
  j["via"] = p.via == Principal::Via::kSession ? "session" : p.via == Principal::Via::kToken ? "token" : "anonymous";
  return j;
}

Json UserJson(const store::UserAccount& u) {
  Json j;
  j["username"] = u.username;
  j["display_name"] = u.display_name;
  j["roles"] = RoleList(ParseRoleList(u.roles).roles);
  j["disabled"] = u.disabled;
  j["created_at"] = u.created_at;
  j["created_by"] = u.created_by;
  j["row_version"] = u.row_version;
  return j;
}

Json TokenJson(const store::ApiTokenRecord& t) {
  Json j;
  j["id"] = t.id;
  j["user"] = t.username;
  j["label"] = t.label;
  j["created_at"] = t.created_at;
  j["revoked"] = t.revoked;
  return j;
}

// Role names from a request body: every one known, public not assignable.
Result<std::string> RolesText(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : ",") + n;
  ParsedRoles parsed = ParseRoleList(joined);
  if (!parsed.error.empty()) return InvalidArgument(parsed.error, "body: roles");
  if (parsed.roles.Has(Role::kPublic)) return InvalidArgument("'public' is everyone's role; it cannot be given", "body: roles");
  return parsed.roles.Names();
}

// A whole number from a path or query parameter (ids, sequence numbers).
Result<int64_t> WholeNumber(const std::string& text, const std::string& what, const char* where) {
  bool digits = !text.empty() && text.size() < 18;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) return InvalidArgument(what + " is a whole number, not '" + text + "'", where);
  return std::stoll(text);
}

}  // namespace

RoleSet SignedInRoles() {
  RoleSet all;
  for (Role r : AllRoles())
    if (r != Role::kPublic) all.Add(r);
  return all;
}

void AddAccountRoutes(Router& router, std::shared_ptr<Accounts> accounts) {
  const Access admins = Access::Restricted({Role::kSystemAdmin});
  const Access admin_writes = Access::Roles({Role::kSystemAdmin});
  const Access auditors = Access::Restricted({Role::kPrivacyOfficer, Role::kSystemAdmin});
  const Access signed_in = Access::Roles(SignedInRoles());

  router.Get("/api/v1/session", Access::Public(),
             [](const Request& r) { return JsonResponse(SessionJson(r.principal)); }, "Who is signed in");

  router.Post("/api/v1/session", Access::Public(), [accounts](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"username", "password"}); !s.ok()) return ErrorFor(s);
    Result<std::string> username = body->String("username");
    if (!username.ok()) return ErrorFor(username.status());
    Result<std::string> password = body->String("password");
    if (!password.ok()) return ErrorFor(password.status());
    Result<SignInResult> result = accounts->SignIn(*username, *password, r.remote);
    if (!result.ok()) return ErrorFor(result.status());
    switch (result->outcome) {
      case SignInResult::Outcome::kThrottled: {
        Response t = Response::Error(429, "too_many_attempts",
                                     "too many failed sign-ins for this user or from this address; wait " +
                                         std::to_string(result->retry_after_seconds / 60) + " minutes and try again",
                                     "body: username");
        t.headers.emplace_back("Retry-After", std::to_string(result->retry_after_seconds));
        return t;
      }
      case SignInResult::Outcome::kWrongCredentials:
        return Response::Error(401, "unauthenticated", "the user name or password is not right", "body");
      case SignInResult::Outcome::kSignedIn: break;
    }
    Response ok = JsonResponse(SessionJson(result->principal, result->expires_at));
    ok.headers.emplace_back("Set-Cookie", result->set_cookie);
    ok.actor = result->principal.user;
    return ok;
  }, "Sign in with a user name and password");

  router.Add("DELETE", "/api/v1/session", Access::Public(), [accounts](const Request& r) {
    Result<std::string> cleared = accounts->SignOut(r);
    if (!cleared.ok()) return ErrorFor(cleared.status());
    Response out = JsonResponse(SessionJson(Principal{}));
    out.headers.emplace_back("Set-Cookie", *cleared);
    return out;
  }, "Sign out");

  // --- Users ----------------------------------------------------------------------------
  router.Get("/api/v1/users", admins, [accounts](const Request& r) {
    Result<PageRequest> page = ParsePage(r, 100, 1000);
    if (!page.ok()) return ErrorFor(page.status());
    Result<std::vector<store::UserAccount>> users = accounts->store().ListUsers();
    if (!users.ok()) return ErrorFor(users.status());
    Json list = Json::array();
    std::string next;
    for (const auto& u : *users) {
      if (!page->after.empty() && u.username <= page->after) continue;
      if (static_cast<int>(list.size()) == page->limit) {
        next = list.back()["username"].get<std::string>();
        break;
      }
      list.push_back(UserJson(u));
    }
    Json j;
    j["users"] = list;
    j["next"] = next.empty() ? Json(nullptr) : Json(next);
    return JsonResponse(j);
  }, "Accounts, a page at a time (?limit=&after=USERNAME)");

  router.Post("/api/v1/users", admin_writes, [accounts](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"username", "display_name", "password", "roles"}); !s.ok()) return ErrorFor(s);
    Result<std::string> username = body->String("username");
    if (!username.ok()) return ErrorFor(username.status());
    if (Status s = CheckUsername(*username, "body: username"); !s.ok()) return ErrorFor(s);
    Result<std::optional<std::string>> display = body->OptionalString("display_name");
    if (!display.ok()) return ErrorFor(display.status());
    Result<std::string> password = body->String("password");
    if (!password.ok()) return ErrorFor(password.status());
    Result<std::optional<std::vector<std::string>>> roles = body->OptionalStrings("roles");
    if (!roles.ok()) return ErrorFor(roles.status());
    if (!*roles || (*roles)->empty())
      return ErrorFor(InvalidArgument("give the user at least one role, e.g. \"roles\": [\"analyst\"]", "body: roles"));
    Result<std::string> roles_text = RolesText(**roles);
    if (!roles_text.ok()) return ErrorFor(roles_text.status());
    Result<std::string> hash = HashPassword(*password);
    if (!hash.ok()) return ErrorFor(Status(hash.status().code(), hash.status().message(), "body: password"));
    store::NewUserAccount user{*username, display->value_or(*username), *hash, *roles_text};
    Result<store::UserAccount> created = accounts->store().CreateUser(user, r.principal.actor());
    if (!created.ok()) return ErrorFor(created.status());
    return JsonResponse(UserJson(*created), 201);
  }, "Create an account");

  router.Add("PATCH", "/api/v1/users/{username}", admin_writes, [accounts](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"display_name", "password", "roles", "disabled"}); !s.ok()) return ErrorFor(s);
    store::UserChange change;
    Result<std::optional<std::string>> display = body->OptionalString("display_name");
    if (!display.ok()) return ErrorFor(display.status());
    change.display_name = *display;
    Result<std::optional<bool>> disabled = body->OptionalBool("disabled");
    if (!disabled.ok()) return ErrorFor(disabled.status());
    change.disabled = *disabled;
    Result<std::optional<std::vector<std::string>>> roles = body->OptionalStrings("roles");
    if (!roles.ok()) return ErrorFor(roles.status());
    if (*roles) {
      Result<std::string> text = RolesText(**roles);
      if (!text.ok()) return ErrorFor(text.status());
      change.roles = *text;
    }
    Result<std::optional<std::string>> password = body->OptionalString("password");
    if (!password.ok()) return ErrorFor(password.status());
    if (*password) {
      Result<std::string> hash = HashPassword(**password);
      if (!hash.ok()) return ErrorFor(Status(hash.status().code(), hash.status().message(), "body: password"));
      change.password_hash = *hash;
    }
    const std::string& name = r.params.at("username");
    if (*disabled && **disabled && name == r.principal.user)
      return ErrorFor(InvalidArgument("you cannot disable your own account", "body: disabled"));
    Result<store::UserAccount> updated = accounts->store().UpdateUser(name, change, r.principal.actor());
    if (!updated.ok()) return ErrorFor(updated.status());
    return JsonResponse(UserJson(*updated));
  }, "Change an account: display name, roles, password, disabled");

  // --- API tokens (your own) ------------------------------------------------------------
  router.Get("/api/v1/tokens", signed_in, [accounts](const Request& r) {
    Result<std::vector<store::ApiTokenRecord>> tokens = accounts->store().ListApiTokens(r.principal.user);
    if (!tokens.ok()) return ErrorFor(tokens.status());
    Json list = Json::array();
    for (const auto& t : *tokens) list.push_back(TokenJson(t));
    Json j;
    j["tokens"] = list;
    return JsonResponse(j);
  }, "Your API tokens");

  router.Post("/api/v1/tokens", signed_in, [accounts](const Request& r) {
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"label"}); !s.ok()) return ErrorFor(s);
    Result<std::string> label = body->String("label");
    if (!label.ok()) return ErrorFor(label.status());
    if (label->empty() || label->size() > 200)
      return ErrorFor(InvalidArgument("a token's label has 1 to 200 characters", "body: label"));
    auto created = accounts->CreateToken(r.principal.user, *label, r.principal.actor());
    if (!created.ok()) return ErrorFor(created.status());
    Json j = TokenJson(created->first);
    j["token"] = created->second;  // shown once
    return JsonResponse(j, 201);
  }, "Create an API token for yourself (shown once)");

  router.Add("DELETE", "/api/v1/tokens/{id}", signed_in, [accounts](const Request& r) {
    const std::string& text = r.params.at("id");
    Result<int64_t> parsed = WholeNumber(text, "a token id", "path: id");
    if (!parsed.ok()) return ErrorFor(parsed.status());
    const int64_t id = *parsed;
    Result<std::vector<store::ApiTokenRecord>> mine = accounts->store().ListApiTokens(r.principal.user);
    if (!mine.ok()) return ErrorFor(mine.status());
    bool owned = false;
    for (const auto& t : *mine) owned = owned || t.id == id;
    if (!owned && !r.principal.roles.Has(Role::kSystemAdmin))
      return ErrorFor(NotFound("you have no API token " + text, "api_token/" + text));
    Result<store::ApiTokenRecord> revoked = accounts->store().RevokeApiToken(id, r.principal.actor());
    if (!revoked.ok()) return ErrorFor(revoked.status());
    return JsonResponse(TokenJson(*revoked));
  }, "Revoke an API token");

  // --- The audit trail ------------------------------------------------------------------
  router.Get("/api/v1/audit", auditors, [accounts](const Request& r) {
    Result<PageRequest> page = ParsePage(r, 100, 1000);
    if (!page.ok()) return ErrorFor(page.status());
    int64_t after = 0;
    if (!page->after.empty()) {
      Result<int64_t> seq = WholeNumber(page->after, "after (an audit sequence number)", "query: after");
      if (!seq.ok()) return ErrorFor(seq.status());
      after = *seq;
    }
    Result<std::vector<store::AuditEntry>> entries = accounts->store().ListAudit(after, page->limit + 1);
    if (!entries.ok()) return ErrorFor(entries.status());
    bool more = static_cast<int>(entries->size()) > page->limit;
    if (more) entries->pop_back();
    Json list = Json::array();
    for (const auto& e : *entries) {
      Json item;
      item["seq"] = e.seq;
      item["at"] = e.at;
      item["actor"] = e.actor;
      item["action"] = e.action;
      item["object"] = e.object;
      item["detail"] = Json::parse(e.detail, nullptr, false);
      item["hash"] = e.hash;
      item["prev_hash"] = e.prev_hash;
      list.push_back(std::move(item));
    }
    Json j;
    j["entries"] = list;
    j["next"] = more && !entries->empty() ? Json(std::to_string(entries->back().seq)) : Json(nullptr);
    return JsonResponse(j);
  }, "The audit trail, oldest first, a page at a time (?limit=&after=SEQ)");

  router.Get("/api/v1/audit/verify", auditors, [accounts](const Request&) {
    Result<store::AuditVerification> v = accounts->store().VerifyAudit();
    if (!v.ok()) return ErrorFor(v.status());
    Json j;
    j["valid"] = v->valid;
    j["entries_checked"] = v->entries_checked;
    j["head_seq"] = v->head.seq;
    j["head_hash"] = v->head.hash;
    j["first_bad_seq"] = v->first_bad_seq ? Json(*v->first_bad_seq) : Json(nullptr);
    j["problem"] = v->valid ? Json(nullptr) : Json(v->problem);
    return JsonResponse(j);
  }, "Walks the hash chain and reports the first bad entry");
}

// --- Definition versions -------------------------------------------------------------------

namespace {

Json VersionJson(const store::DefinitionVersion& v, int64_t current) {
  Json j;
  j["id"] = v.id;
  j["file"] = v.file_name;
  j["imported_at"] = v.imported_at;
  j["imported_by"] = v.imported_by;
  j["bytes"] = v.bytes;
  j["sha256"] = v.sha256;
  j["note"] = v.note;
  j["row_version"] = v.row_version;
  j["current"] = v.id == current;
  return j;
}

Result<int64_t> VersionId(const std::string& text, const char* where) {
  return WholeNumber(text, "a version id", where);
}

}  // namespace

void AddVersionRoutes(Router& router, std::shared_ptr<store::Store> store, VersionRoutesOptions options) {
  const Access readers = Access::Roles({Role::kGovernanceAdmin, Role::kBoardMember, Role::kSystemAdmin});
  const Access writers = Access::Roles({Role::kGovernanceAdmin});
  const int64_t current = options.current_version;

  router.Get("/api/v1/versions", readers, [store, current](const Request& r) {
    Result<PageRequest> page = ParsePage(r, 100, 1000);
    if (!page.ok()) return ErrorFor(page.status());
    int64_t before = 0;
    if (!page->after.empty()) {
      Result<int64_t> id = VersionId(page->after, "query: after");
      if (!id.ok()) return ErrorFor(id.status());
      before = *id;
    }
    Result<std::vector<store::DefinitionVersion>> versions = store->ListDefinitionVersionsPage(before, page->limit + 1);
    if (!versions.ok()) return ErrorFor(versions.status());
    bool more = static_cast<int>(versions->size()) > page->limit;
    if (more) versions->pop_back();
    Json list = Json::array();
    for (const auto& v : *versions) list.push_back(VersionJson(v, current));
    Json j;
    j["versions"] = list;
    j["next"] = more && !versions->empty() ? Json(std::to_string(versions->back().id)) : Json(nullptr);
    return JsonResponse(j);
  }, "The definition's stored versions, newest first, a page at a time (?limit=&after=ID)");

  router.Post("/api/v1/versions", writers, [store, current, options](const Request& r) {
    const std::string* type = r.Header("content-type");
    std::string media = type ? type->substr(0, type->find(';')) : "";
    if (media != "text/yaml" && media != "application/yaml" && media != "application/x-yaml")
      return Response::Error(415, "unsupported_media_type",
                             "send the definition's YAML with Content-Type: text/yaml", "Content-Type");
    if (r.body.size() > options.max_definition_bytes)
      return Response::Error(413, "resource_exhausted", "the definition is larger than the limit", "body");
    std::string file = r.Query("file").value_or("ics.yaml");
    definition::LoadOutcome loaded = definition::LoadDefinition(r.body, file);
    if (!loaded.ok()) {
      Json errors = Json::array();
      for (const auto& e : loaded.errors) errors.push_back({{"where", e.where}, {"message", e.message}});
      Json j;
      j["error"] = {{"code", "invalid_argument"},
                    {"message", std::to_string(loaded.errors.size()) + " error(s) in the definition; nothing was stored"},
                    {"where", loaded.errors.front().where}};
      j["errors"] = errors;
      return JsonResponse(j, 400);
    }
    store::NewDefinitionVersion version{file, r.body, r.principal.actor()};
    Result<store::ImportOutcome> imported = store->ImportDefinition(version);
    if (!imported.ok()) return ErrorFor(imported.status());
    Response out = JsonResponse(VersionJson(imported->version, current), 201);
    out.headers.emplace_back("Location", "/api/v1/versions/" + std::to_string(imported->version.id));
    return out;
  }, "Import a definition (YAML) as a new version; it is checked first");

  router.Get("/api/v1/versions/{id}", readers, [store, current](const Request& r) {
    Result<int64_t> id = VersionId(r.params.at("id"), "path: id");
    if (!id.ok()) return ErrorFor(id.status());
    Result<store::DefinitionVersion> v = store->GetDefinitionVersion(*id);
    if (!v.ok()) return ErrorFor(v.status());
    Json j = VersionJson(*v, current);
    j["text"] = v->text;
    return JsonResponse(j);
  }, "One version with its YAML");

  router.Add("PATCH", "/api/v1/versions/{id}", writers, [store, current](const Request& r) {
    Result<int64_t> id = VersionId(r.params.at("id"), "path: id");
    if (!id.ok()) return ErrorFor(id.status());
    Result<JsonBody> body = JsonBody::Parse(r);
    if (!body.ok()) return ErrorForBody(body.status());
    if (Status s = body->OnlyFields({"note", "row_version"}); !s.ok()) return ErrorFor(s);
    Result<std::string> note = body->String("note");
    if (!note.ok()) return ErrorFor(note.status());
    Result<int64_t> row_version = body->Int("row_version");
    if (!row_version.ok()) return ErrorFor(row_version.status());
    if (note->size() > 10000) return ErrorFor(InvalidArgument("a note has at most 10,000 bytes", "body: note"));
    Result<store::DefinitionVersion> updated =
        store->UpdateDefinitionNote(*id, *note, *row_version, r.principal.actor());
    if (!updated.ok()) return ErrorFor(updated.status());
    return JsonResponse(VersionJson(*updated, current));
  }, "Change a version's note, naming the row_version you read (409 when it has moved on)");

  router.Get("/api/v1/versions/{id}/diff", readers, [store](const Request& r) {
    Result<int64_t> id = VersionId(r.params.at("id"), "path: id");
    if (!id.ok()) return ErrorFor(id.status());
    std::optional<std::string> against_text = r.Query("against");
    if (!against_text)
      return ErrorFor(InvalidArgument("say which version to compare with: ?against=ID (the older one)", "query: against"));
    Result<int64_t> against = VersionId(*against_text, "query: against");
    if (!against.ok()) return ErrorFor(against.status());
    Result<store::DefinitionVersion> newer = store->GetDefinitionVersion(*id);
    if (!newer.ok()) return ErrorFor(newer.status());
    Result<store::DefinitionVersion> older = store->GetDefinitionVersion(*against);
    if (!older.ok()) return ErrorFor(older.status());
    definition::LoadOutcome a = definition::LoadDefinition(older->text, older->file_name);
    definition::LoadOutcome b = definition::LoadDefinition(newer->text, newer->file_name);
    if (!a.ok() || !b.ok())
      return ErrorFor(Status(StatusCode::kFailedPrecondition,
                             "version " + std::to_string(a.ok() ? *id : *against) +
                                 " no longer loads with this build; compare the YAML instead"));
    versions::ModelDiff diff = versions::DiffSystems(a.system, b.system);
    Response out = Response::Json(versions::DiffJson(diff, 2) + "\n");
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
  }, "What changed between two versions: organisations, seats, committees, people, interests");
}

}  // namespace ics::api
