#include "api/definition_store.h"

#include <sqlite3.h>

#include <ctime>

namespace ics::api {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS definition_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name TEXT NOT NULL,
  text TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
)sql";

// Owns a prepared statement; resets it promptly so no read snapshot is held.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  std::string Text(int column) {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column)) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

Status Error(sqlite3* db, const std::string& what) {
  return Status(StatusCode::kUnavailable, what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Status(StatusCode::kUnavailable, std::string("database: ") + text);
  }
  return Status::Ok();
}

std::optional<DefinitionVersion> ReadLatest(sqlite3* db, Status* status) {
  Statement s(db, "SELECT id, file_name, text, imported_at, length(CAST(text AS BLOB)) FROM definition_versions "
                  "ORDER BY id DESC LIMIT 1");
  if (!s.ok()) {
    *status = Error(db, "reading the latest definition");
    return std::nullopt;
  }
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) {
    *status = Error(db, "reading the latest definition");
    return std::nullopt;
  }
  DefinitionVersion v;
  v.id = sqlite3_column_int64(s.get(), 0);
  v.file_name = s.Text(1);
  v.text = s.Text(2);
  v.imported_at = s.Text(3);
  v.bytes = sqlite3_column_int64(s.get(), 4);
  return v;
}

}  // namespace

Result<std::string> ParseDatabaseUrl(const std::string& url) {
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) {
    path = path.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
  } else if (path.find("://") != std::string::npos || path.rfind("postgres", 0) == 0) {
    return InvalidArgument("--db: only SQLite is supported yet; give sqlite:PATH (e.g. sqlite:ics.db)", "--db");
  }
  if (path.empty()) return InvalidArgument("--db: give a file after sqlite:, e.g. sqlite:ics.db", "--db");
  return path;
}

std::string UtcTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Result<std::unique_ptr<DefinitionStore>> DefinitionStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status(StatusCode::kUnavailable, "cannot open the database " + path + ": " + message, path);
  }
  std::unique_ptr<DefinitionStore> store(new DefinitionStore(db));
  sqlite3_busy_timeout(db, 5000);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    Status s = Exec(db, pragma);
    if (!s.ok()) return Status(s.code(), s.message() + " (" + path + ")", path);
  }
  Status s = Exec(db, kSchema);
  if (!s.ok()) return Status(s.code(), s.message() + " (" + path + ")", path);
  return store;
}

DefinitionStore::~DefinitionStore() { sqlite3_close(db_); }

Result<ImportOutcome> DefinitionStore::Import(const std::string& file_name, const std::string& text,
                                              const std::string& imported_at) {
  std::lock_guard lock(mu_);
  ICS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Status status;
  std::optional<DefinitionVersion> latest = ReadLatest(db_, &status);
  auto rollback = [&](Status s) {
    (void)Exec(db_, "ROLLBACK");
    return s;
  };
  if (!status.ok()) return rollback(status);
  if (latest && latest->text == text) {
    ICS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
    latest->text.clear();
    return ImportOutcome{*latest, false};
  }
  {
    Statement insert(db_, "INSERT INTO definition_versions (file_name, text, imported_at) VALUES (?1, ?2, ?3)");
    if (!insert.ok()) return rollback(Error(db_, "storing the definition"));
    insert.Bind(1, file_name);
    insert.Bind(2, text);
    insert.Bind(3, imported_at);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return rollback(Error(db_, "storing the definition"));
  }
  DefinitionVersion v;
  v.id = sqlite3_last_insert_rowid(db_);
  v.file_name = file_name;
  v.imported_at = imported_at;
  v.bytes = static_cast<int64_t>(text.size());
  ICS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
  return ImportOutcome{v, true};
}

Result<std::optional<DefinitionVersion>> DefinitionStore::Latest() {
  std::lock_guard lock(mu_);
  Status status;
  std::optional<DefinitionVersion> latest = ReadLatest(db_, &status);
  if (!status.ok()) return status;
  return latest;
}

Result<std::vector<DefinitionVersion>> DefinitionStore::List() {
  std::lock_guard lock(mu_);
  Statement s(db_, "SELECT id, file_name, imported_at, length(CAST(text AS BLOB)) FROM definition_versions "
                   "ORDER BY id DESC");
  if (!s.ok()) return Error(db_, "listing definitions");
  std::vector<DefinitionVersion> out;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    DefinitionVersion v;
    v.id = sqlite3_column_int64(s.get(), 0);
    v.file_name = s.Text(1);
    v.imported_at = s.Text(2);
    v.bytes = sqlite3_column_int64(s.get(), 3);
    out.push_back(std::move(v));
  }
  if (rc != SQLITE_DONE) return Error(db_, "listing definitions");
  return out;
}

}  // namespace ics::api
