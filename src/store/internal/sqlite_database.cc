// The SQLite backend: one writer connection (every write transaction is BEGIN IMMEDIATE,
// so a transaction that reads and then writes never meets SQLITE_BUSY_SNAPSHOT) and a
// small pool of readers with query_only set. Statements are prepared once per connection
// and reset as soon as their rows are read, so no statement holds a read snapshot open.
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "store/internal/database.h"
#include "store/internal/pool.h"
#include "store/sha256.h"

namespace ics::store::internal {

namespace {

Status SqliteStatus(sqlite3* db, int rc, const std::string& what) {
  std::string message = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kUnavailable, message + " (another writer held the database too long; retry)");
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status(StatusCode::kAlreadyExists, message);
      return Status(StatusCode::kFailedPrecondition, message);
    case SQLITE_CANTOPEN:
      return InvalidArgument(message + " (check that the directory exists and is writable)");
    case SQLITE_NOTADB:
      return InvalidArgument(message + " (the file is not a SQLite database)");
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status(StatusCode::kUnavailable, message);
    default:
      return Internal(message);
  }
}

// ics_sha256(text): the lower-case hex SHA-256 of a text's UTF-8 bytes, for migrations
// that fill in digests of rows written before the column existed.
void Sha256Function(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const void* bytes = sqlite3_value_blob(argv[0]);
  int size = sqlite3_value_bytes(argv[0]);
  std::string hex = Sha256Hex(std::string_view(static_cast<const char*>(bytes), static_cast<size_t>(size)));
  sqlite3_result_text(context, hex.data(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
}

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, const DatabaseOptions& options,
                                                  bool reader) {
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Connection> conn(new Connection(raw));
    if (rc != SQLITE_OK) return SqliteStatus(raw, rc, "opening " + path);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    // journal_mode=WAL persists in the file; the writer sets it, readers inherit it.
    std::string pragmas = std::string(reader ? "" : "PRAGMA journal_mode=WAL;") +
                          "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;" +
                          (reader ? "PRAGMA query_only=ON;" : "");
    ICS_RETURN_IF_ERROR(conn->Exec(pragmas.c_str(), "configuring " + path));
    rc = sqlite3_create_function_v2(raw, "ics_sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, Sha256Function,
                                    nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(raw, rc, "registering ics_sha256");
    return conn;
  }

  ~Connection() {
    for (auto& [name, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Status Exec(const char* sql, const std::string& what) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    sqlite3_free(error);
    return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db_, rc, what);
  }

  Result<Rows> Run(const Sql& sql, std::span<const Param> params) {
    if (!*sql.sqlite) return Rows{};
    sqlite3_stmt* stmt = nullptr;
    auto cached = statements_.find(sql.name);
    if (cached != statements_.end()) {
      stmt = cached->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.sqlite, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteStatus(db_, rc, std::string("preparing ") + sql.name);
      statements_.emplace(sql.name, stmt);
    }
    // Reset and unbind however this returns, so the statement holds no snapshot.
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{stmt};
    if (sqlite3_bind_parameter_count(stmt) > static_cast<int>(params.size()))
      return Internal(std::string(sql.name) + ": too few parameters");
    for (size_t i = 0; i < params.size(); ++i) {
      std::string key = "$" + std::to_string(i + 1);
      int index = sqlite3_bind_parameter_index(stmt, key.c_str());
      if (index == 0) continue;
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(stmt, index);
      }
      if (rc != SQLITE_OK) return SqliteStatus(db_, rc, std::string("binding ") + sql.name);
    }
    Rows out;
    const int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteStatus(db_, rc, sql.name);
      Row row(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
        const unsigned char* text = sqlite3_column_text(stmt, c);
        row[static_cast<size_t>(c)] =
            std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
      }
      out.rows.push_back(std::move(row));
    }
    out.affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
    return out;
  }

  bool in_transaction() const { return !sqlite3_get_autocommit(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

class SqliteDatabase;

class SqliteSession : public Session {
 public:
  // A write session (or any session on an in-memory database) holds the writer lock.
  SqliteSession(Connection* writer, std::unique_lock<std::mutex> lock) : conn_(writer), lock_(std::move(lock)) {}
  SqliteSession(Pool<Connection>* pool, std::unique_ptr<Connection> reader)
      : conn_(reader.get()), pool_(pool), reader_(std::move(reader)) {}

  ~SqliteSession() override {
    if (conn_->in_transaction()) (void)conn_->Exec("ROLLBACK", "rolling back");
    if (pool_) pool_->Release(std::move(reader_));
  }

  Status Start(TxMode mode) {
    return conn_->Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN", "beginning a transaction");
  }

  Result<Rows> Run(const Sql& sql, std::span<const Param> params) override { return conn_->Run(sql, params); }

  Status RunSchema(const std::string& statement) override {
    return conn_->Exec(statement.c_str(), "migrating the schema");
  }

  Status Commit() override { return conn_->Exec("COMMIT", "committing"); }

 private:
  Connection* conn_;
  std::unique_lock<std::mutex> lock_;
  Pool<Connection>* pool_ = nullptr;
  std::unique_ptr<Connection> reader_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, DatabaseOptions options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)),
        options_(options),
        writer_(std::move(writer)),
        readers_([this]() { return Connection::Open(path_, options_, /*reader=*/true); },
                 static_cast<size_t>(options.max_connections)) {}

  std::string_view backend() const override { return "sqlite"; }

  Result<std::unique_ptr<Session>> Begin(TxMode mode) override {
    std::unique_ptr<SqliteSession> session;
    if (mode == TxMode::kWrite || in_memory()) {
      session = std::make_unique<SqliteSession>(writer_.get(), std::unique_lock(writer_mu_));
    } else {
      ICS_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, readers_.Acquire());
      session = std::make_unique<SqliteSession>(&readers_, std::move(reader));
    }
    ICS_RETURN_IF_ERROR(session->Start(mode));
    return std::unique_ptr<Session>(std::move(session));
  }

 private:
  bool in_memory() const { return path_.empty() || path_ == ":memory:"; }

  std::string path_;
  DatabaseOptions options_;
  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;
  Pool<Connection> readers_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseOptions& options) {
  if (path.empty()) return InvalidArgument("the SQLite database needs a file name, e.g. sqlite:ics.db");
  std::error_code error;
  if (!options.create_if_missing && path != ":memory:" && !std::filesystem::exists(path, error)) {
    return NotFound("there is no database here (ics import creates one; --db names another)", path);
  }
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer, Connection::Open(path, options, /*reader=*/false));
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(path, options, std::move(writer)));
}

}  // namespace ics::store::internal
