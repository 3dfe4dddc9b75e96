// The PostgreSQL backend over raw libpq: a thin RAII wrapper (connections and results
// freed by their owners), a bounded connection pool, and statements prepared once per
// connection and run with parameters in text format. No SQL is built from values.
#include <libpq-fe.h>

#include <charconv>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/internal/database.h"
#include "store/internal/pool.h"

namespace ics::store::internal {

namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

void IgnoreNotice(void*, const char*) {}  // "relation already exists, skipping" and the like

std::string Trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Status PgStatus(PGconn* conn, const PGresult* result, const std::string& what) {
  if (!result || PQstatus(conn) != CONNECTION_OK) {
    return Status(StatusCode::kUnavailable, what + ": " + Trim(PQerrorMessage(conn)));
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string sqlstate = state ? state : "";
  std::string message = what + ": " + (primary ? primary : Trim(PQresultErrorMessage(result)));
  if (!sqlstate.empty()) message += " (SQLSTATE " + sqlstate + ")";
  if (sqlstate == "40001" || sqlstate == "40P01") return Status(StatusCode::kConflict, message + "; retry");
  if (sqlstate == "23505") return Status(StatusCode::kAlreadyExists, message);
  std::string_view klass = std::string_view(sqlstate).substr(0, 2);
  if (klass == "23") return Status(StatusCode::kFailedPrecondition, message);
  if (klass == "08" || klass == "53" || klass == "57" || klass == "58")
    return Status(StatusCode::kUnavailable, message);
  return Internal(message);
}

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Connect(const std::string& url) {
    // Defaults first: values in the URL override them.
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
    const char* values[] = {"10", "ics", "UTF8", url.c_str(), nullptr};
    std::unique_ptr<Connection> conn(new Connection(PQconnectdbParams(keys, values, /*expand_dbname=*/1)));
    if (!conn->conn_) return Status(StatusCode::kUnavailable, "connecting to PostgreSQL: out of memory");
    if (PQstatus(conn->conn_.get()) != CONNECTION_OK) {
      return Status(StatusCode::kUnavailable,
                    "connecting to " + RedactUrl(url) + ": " + Trim(PQerrorMessage(conn->conn_.get())));
    }
    PQsetNoticeProcessor(conn->conn_.get(), IgnoreNotice, nullptr);
    return conn;
  }

  bool healthy() const {
    return PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
  }
  bool broken() const { return PQstatus(conn_.get()) != CONNECTION_OK; }
  bool in_transaction() const {
    PGTransactionStatusType status = PQtransactionStatus(conn_.get());
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
  }

  // One statement without parameters, through the extended protocol.
  Result<PgResult> Exec(const std::string& text, const std::string& what) {
    PgResult result(PQexecParams(conn_.get(), text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0));
    ICS_RETURN_IF_ERROR(Check(result.get(), what));
    return result;
  }

  Result<Rows> Run(const Sql& sql, std::span<const Param> params) {
    const char* text = sql.postgres ? sql.postgres : sql.sqlite;
    if (!*text) return Rows{};
    if (!prepared_.contains(sql.name)) {
      PgResult prepared(PQprepare(conn_.get(), sql.name, text, 0, nullptr));
      ICS_RETURN_IF_ERROR(Check(prepared.get(), std::string("preparing ") + sql.name));
      prepared_.insert(sql.name);
    }
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        storage[i] = std::to_string(*n);
        values[i] = storage[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      }
    }
    PgResult result(
        PQexecPrepared(conn_.get(), sql.name, static_cast<int>(params.size()), values.data(), nullptr, nullptr, 0));
    ICS_RETURN_IF_ERROR(Check(result.get(), sql.name));
    Rows out;
    const int rows = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    out.rows.reserve(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      Row row(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c)) continue;
        row[static_cast<size_t>(c)] =
            std::string(PQgetvalue(result.get(), r, c), static_cast<size_t>(PQgetlength(result.get(), r, c)));
      }
      out.rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(result.get());
    if (tuples && *tuples) std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), out.affected);
    return out;
  }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}

  Status Check(const PGresult* result, const std::string& what) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::Ok();
    return PgStatus(conn_.get(), result, what);
  }

  std::unique_ptr<PGconn, ConnCloser> conn_;
  std::unordered_set<std::string> prepared_;
};

class PostgresSession : public Session {
 public:
  PostgresSession(Pool<Connection>* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  ~PostgresSession() override {
    if (conn_ && !conn_->broken() && conn_->in_transaction()) (void)conn_->Exec("ROLLBACK", "rolling back");
    if (conn_ && !conn_->healthy()) conn_.reset();  // a broken connection is dropped, not pooled
    pool_->Release(std::move(conn_));
  }

  Status Start(TxMode mode) {
    return conn_
        ->Exec(mode == TxMode::kWrite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
               "beginning a transaction")
        .status();
  }

  Result<Rows> Run(const Sql& sql, std::span<const Param> params) override { return conn_->Run(sql, params); }

  Status RunSchema(const std::string& statement) override {
    return conn_->Exec(statement, "migrating the schema").status();
  }

  Status Commit() override {
    ICS_ASSIGN_OR_RETURN(PgResult result, conn_->Exec("COMMIT", "committing"));
    // COMMIT of a transaction that already failed reports ROLLBACK rather than an error.
    if (std::string_view(PQcmdStatus(result.get())) != "COMMIT")
      return Internal("committing: the transaction had failed and was rolled back");
    return Status::Ok();
  }

 private:
  Pool<Connection>* pool_;
  std::unique_ptr<Connection> conn_;
};

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)),
        pool_([this]() { return Connection::Connect(url_); }, static_cast<size_t>(options.max_connections)) {}

  std::string_view backend() const override { return "postgres"; }

  Result<std::unique_ptr<Session>> Begin(TxMode mode) override {
    // A pooled connection may have died with its server; one retry on a fresh connection.
    for (int attempt = 0;; ++attempt) {
      ICS_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, pool_.Acquire());
      auto session = std::make_unique<PostgresSession>(&pool_, std::move(conn));
      Status started = session->Start(mode);
      if (started.ok()) return std::unique_ptr<Session>(std::move(session));
      if (started.code() != StatusCode::kUnavailable || attempt > 0) return started;
    }
  }

 private:
  std::string url_;
  Pool<Connection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const DatabaseOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(url, options);
  // Connect now so a wrong URL or a server that is down is reported at open.
  ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> probe, db->Begin(TxMode::kRead));
  probe.reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace ics::store::internal
