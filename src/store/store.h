// The platform's store: one interface over two real backends, opened from a URL.
//
//   sqlite:PATH                  an embedded SQLite file (the default: sqlite:ics.db);
//                                sqlite::memory: for a private in-memory database
//   postgres://... postgresql://...
//                                a PostgreSQL server (libpq connection URI)
//
// Opening applies any schema migrations the database lacks. Every write is recorded in
// the hash-chained audit log in the same transaction as the write itself, so a write and
// its audit entry are both kept or both lost. Rows that may be updated carry a row
// version: an update names the version it read and fails with StatusCode::kConflict when
// the row has changed since.
//
// Thread-safety: a Store may be used from many threads at once. Several processes may
// share one database (SQLite: one machine; PostgreSQL: any number of servers).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/audit_chain.h"

namespace ics::store {

// One imported ICS definition. Versions are never deleted or rewritten; only the note
// may change.
struct DefinitionVersion {
  int64_t id = 0;
  std::string file_name;
  std::string text;    // the YAML as imported (empty in ListDefinitionVersions)
  std::string sha256;  // hex SHA-256 of the text's bytes
  int64_t bytes = 0;
  std::string imported_by;
  std::string imported_at;  // UTC, "2025-01-31T09:15:00.123456Z"
  std::string note;         // free text, e.g. "approved by the board on 4 March"
  int64_t row_version = 1;  // bumped by every update (optimistic concurrency)
};

struct NewDefinitionVersion {
  std::string file_name;
  std::string text;
  std::string imported_by;         // REQUIRES: not empty
  bool skip_if_unchanged = false;  // store nothing when the text equals the latest version's
};

struct ImportOutcome {
  DefinitionVersion version;  // the stored version, or the latest one when skipped
  bool created = false;
  int64_t audit_seq = 0;  // the audit entry recording the import (0 when skipped)
};

// What a caller asks to record; the store adds seq, time and the chain.
struct AuditEvent {
  std::string actor;               // REQUIRES: not empty
  std::string action;              // REQUIRES: not empty, e.g. "definition.import"
  std::string object;              // e.g. "definition_version/3"
  std::string detail_json = "{}";  // a JSON object; stored canonically (sorted keys)
};

struct StoreOptions {
  // The clock for imported_at and audit times; defaults to UtcNow(). Tests inject one.
  std::function<std::string()> now;
  int busy_timeout_ms = 5000;  // SQLite: how long a writer waits for the write lock
  int max_connections = 8;     // readers (SQLite) or connections (PostgreSQL)
  // SQLite: create the file when it is missing; when false a missing file is kNotFound
  // (commands that only read should not leave an empty database behind).
  bool create_if_missing = true;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual std::string_view backend() const = 0;  // "sqlite" or "postgres"
  // The URL it was opened with, password hidden.
  virtual const std::string& url() const = 0;
  // The schema version after migrations.
  virtual int schema_version() const = 0;

  // Definitions.
  virtual Result<ImportOutcome> ImportDefinition(const NewDefinitionVersion& version) = 0;
  // Every version without its text, newest first.
  virtual Result<std::vector<DefinitionVersion>> ListDefinitionVersions() = 0;
  // One version with its text; kNotFound when there is none with that id.
  virtual Result<DefinitionVersion> GetDefinitionVersion(int64_t id) = 0;
  // The newest version with its text, or nullopt when none has been imported.
  virtual Result<std::optional<DefinitionVersion>> LatestDefinitionVersion() = 0;
  // Sets a version's note. `expected_row_version` is the row_version the caller read;
  // kConflict when the version has changed since, kNotFound when there is no such id.
  // Returns the version as updated (without its text).
  virtual Result<DefinitionVersion> UpdateDefinitionNote(int64_t id, const std::string& note,
                                                         int64_t expected_row_version, const std::string& actor) = 0;

  // The audit trail.
  // Appends an entry on its own (reads of restricted data, sign-ins, ...); writes made
  // through this interface record their own entries.
  virtual Result<AuditEntry> AppendAudit(const AuditEvent& event) = 0;
  // Entries with seq > after_seq, oldest first, at most `limit` (1..10000).
  virtual Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, int limit) = 0;
  // Walks the whole chain and the recorded head; reports the first bad entry.
  virtual Result<AuditVerification> VerifyAudit() = 0;
};

// Opens (creating when missing) the database `url` names and applies migrations.
// kInvalidArgument for a URL that names no backend, kUnavailable when the server cannot
// be reached, kFailedPrecondition when the schema is newer than this build.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options = {});

// The default when no --db is given.
inline constexpr std::string_view kDefaultStoreUrl = "sqlite:ics.db";

// The part of a URL that picks the backend.
struct StoreUrl {
  enum class Backend { kSqlite, kPostgres } backend = Backend::kSqlite;
  std::string target;  // the SQLite path (":memory:" for sqlite::memory:) or the libpq URI
};
Result<StoreUrl> ParseStoreUrl(std::string_view url);

// UTC now as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (sorts as text in time order).
std::string UtcNow();

}  // namespace ics::store
