// The seam between the store's logic (store.cc, written once) and the two backends: a
// Database hands out Sessions, each one connection leased for one transaction. SQL is
// written once with $1, $2, ... parameters; a statement whose text differs between the
// dialects carries both. Values travel as text (integers as decimal), NULL as nullopt.
//
// Backends:
//   SQLite     one writer connection (every write transaction is BEGIN IMMEDIATE) and a
//              small pool of read-only reader connections; WAL, synchronous=NORMAL,
//              foreign_keys=ON, busy_timeout on every connection.
//   PostgreSQL a pool of libpq connections; statements are prepared once per connection
//              and run with parameters (no SQL is ever built from values).
// Thread-safety: a Database is thread-safe; a Session belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace ics::store::internal {

using Param = std::variant<std::nullptr_t, int64_t, std::string>;
using Row = std::vector<std::optional<std::string>>;

struct Rows {
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT, UPDATE or DELETE
};

// A statement. `name` is stable and unique (prepared-statement caches key on it). When
// `postgres` is null both dialects use `sqlite`; an empty text is a no-op in that dialect.
struct Sql {
  const char* name;
  const char* sqlite;
  const char* postgres = nullptr;
};

enum class TxMode {
  kRead,   // a consistent snapshot; writes are refused
  kWrite,  // serialised with every other writer (SQLite BEGIN IMMEDIATE)
};

// One connection in one open transaction. Destroying a session that was not committed
// rolls the transaction back.
class Session {
 public:
  virtual ~Session() = default;
  virtual Result<Rows> Run(const Sql& sql, std::span<const Param> params = {}) = 0;
  // Runs one schema statement with no parameters (migrations only).
  virtual Status RunSchema(const std::string& statement) = 0;
  virtual Status Commit() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual std::string_view backend() const = 0;  // "sqlite" or "postgres"
  virtual Result<std::unique_ptr<Session>> Begin(TxMode mode) = 0;
};

struct DatabaseOptions {
  int busy_timeout_ms = 5000;     // SQLite: how long a writer waits for the write lock
  int max_connections = 8;        // readers (SQLite) or connections (PostgreSQL)
  bool create_if_missing = true;  // SQLite
};

// `path` is a file name or ":memory:".
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseOptions& options);
// `url` is a libpq connection URI (postgres://... or postgresql://...).
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const DatabaseOptions& options);

// Column helpers: an integer column (0 when NULL or not a number) and a text column.
int64_t AsInt(const std::optional<std::string>& value);
std::string AsText(const std::optional<std::string>& value);

// `url` with any password replaced by "***", for messages.
std::string RedactUrl(std::string_view url);

}  // namespace ics::store::internal
