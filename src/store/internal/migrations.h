// The store's schema as numbered migrations. Each is applied once, in its own write
// transaction, and recorded in schema_migrations (version, name, applied_at). A migration
// is never edited once released: change the schema by adding the next one. Both dialects
// get the same numbers so a database moves between versions the same way on either.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/internal/database.h"

namespace ics::store::internal {

struct Migration {
  int version;
  const char* name;
  std::vector<const char*> sqlite;    // one statement each
  std::vector<const char*> postgres;  // one statement each
};

// Every migration, in version order.
const std::vector<Migration>& Migrations();

// Applies the migrations `db` lacks. Safe when several processes open the same database
// at once (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE). Refuses a database
// whose schema is newer than this build. Returns the schema version.
Result<int> ApplyMigrations(Database& db, const std::function<std::string()>& now);

}  // namespace ics::store::internal
