// The versions of the ICS definition a server has imported, kept in an embedded SQLite
// database: one row per version (id, file name, YAML text, imported_at). Importing text
// identical to the latest version adds nothing, so restarting a server on an unchanged
// file keeps one version.
//
// This is the first table of the platform's store; it lives here until a `store` module
// with migrations and a PostgreSQL backend takes it over. Thread-safe: calls are
// serialised on one connection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

struct sqlite3;

namespace ics::api {

struct DefinitionVersion {
  int64_t id = 0;
  std::string file_name;
  std::string text;         // empty in List()
  std::string imported_at;  // "2026-01-31T09:15:00Z"
  int64_t bytes = 0;
};

struct ImportOutcome {
  DefinitionVersion version;  // the latest version after the import
  bool created = false;       // false when the text matched the latest version
};

class DefinitionStore {
 public:
  // Opens (creating when missing) the database at `path`; ":memory:" for a private one.
  static Result<std::unique_ptr<DefinitionStore>> Open(const std::string& path);
  ~DefinitionStore();

  // Adds `text` as a new version unless it equals the latest version's text.
  Result<ImportOutcome> Import(const std::string& file_name, const std::string& text, const std::string& imported_at);
  // The newest version with its text, or nullopt when the store is empty.
  Result<std::optional<DefinitionVersion>> Latest();
  // Every version without its text, newest first.
  Result<std::vector<DefinitionVersion>> List();

 private:
  explicit DefinitionStore(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* db_;
};

// Parses a --db value: "sqlite:PATH" (or a bare PATH) gives PATH.
Result<std::string> ParseDatabaseUrl(const std::string& url);

// UTC now as "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcTimestamp();

}  // namespace ics::api
