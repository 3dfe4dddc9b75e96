// The routes for signing in and out, accounts, API tokens and the audit trail:
//   GET/POST/DELETE /api/v1/session        who is signed in; sign in; sign out
//   GET/POST /api/v1/users, PATCH /api/v1/users/{username}     (system admin)
//   GET/POST /api/v1/tokens, DELETE /api/v1/tokens/{id}        (your own API tokens)
//   GET /api/v1/audit, GET /api/v1/audit/verify                (privacy officer, system admin)
// and the definition's stored versions:
//   GET/POST /api/v1/versions, GET/PATCH /api/v1/versions/{id},
//   GET /api/v1/versions/{id}/diff?against=N
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/accounts.h"
#include "api/http.h"

namespace ics::api {

// Every role but public: any signed-in user.
RoleSet SignedInRoles();

void AddAccountRoutes(Router& router, std::shared_ptr<Accounts> accounts);

struct VersionRoutesOptions {
  int64_t current_version = 0;          // the version being served
  size_t max_definition_bytes = 64 << 20;  // largest definition accepted by POST
};
void AddVersionRoutes(Router& router, std::shared_ptr<store::Store> store, VersionRoutesOptions options);

}  // namespace ics::api
