#include "store/internal/migrations.h"

#include <algorithm>
#include <set>

namespace ics::store::internal {

namespace {

// Serialises migrations between processes sharing a PostgreSQL database (the key is
// arbitrary but fixed); SQLite's BEGIN IMMEDIATE already serialises them.
constexpr Sql kMigrationLock{"migration_lock", "", "SELECT pg_advisory_xact_lock(7310029)"};
constexpr Sql kAppliedVersions{"migration_applied", "SELECT version FROM schema_migrations ORDER BY version"};
constexpr Sql kIsApplied{"migration_is_applied", "SELECT 1 FROM schema_migrations WHERE version = $1"};
constexpr Sql kRecord{"migration_record",
                      "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

constexpr const char* kCreateMigrationsSqlite =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL) STRICT";
constexpr const char* kCreateMigrationsPostgres =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "definition versions",
       // The same table the server's first definition store made, so a database it
       // wrote is adopted as it is.
       {"CREATE TABLE IF NOT EXISTS definition_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "file_name TEXT NOT NULL, text TEXT NOT NULL, imported_at TEXT NOT NULL) STRICT"},
       {"CREATE TABLE IF NOT EXISTS definition_versions (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "file_name TEXT NOT NULL, text TEXT NOT NULL, imported_at TEXT NOT NULL)"}},
      {2,
       "definition versions: digest, size, importer, note and row version",
       {"ALTER TABLE definition_versions ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE definition_versions ADD COLUMN imported_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1",
        "UPDATE definition_versions SET bytes = length(CAST(text AS BLOB)), sha256 = ics_sha256(text)"},
       {"ALTER TABLE definition_versions ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE definition_versions ADD COLUMN imported_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE definition_versions ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1",
        "UPDATE definition_versions SET bytes = octet_length(text), "
        "sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex')"}},
      {3,
       "audit trail: hash-chained append-only log and its head",
       {"CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, "
        "action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL) STRICT",
        "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, "
        "hash TEXT NOT NULL) STRICT",
        "INSERT INTO audit_head (id, seq, hash) VALUES "
        "(1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
        "BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END",
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1 "
        "BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward one entry at a time'); END"},
       {"CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, "
        "action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL)",
        "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL)",
        "INSERT INTO audit_head (id, seq, hash) VALUES "
        "(1, 0, '0000000000000000000000000000000000000000000000000000000000000000')",
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation'; END $$",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
        "CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 THEN "
        "RAISE EXCEPTION 'the audit head only moves forward one entry at a time' "
        "USING ERRCODE = 'restrict_violation'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()"}},
      {4,
       "accounts: users, sessions, API tokens and sign-in failures",
       {"CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, "
        "display_name TEXT NOT NULL, password_hash TEXT NOT NULL, roles TEXT NOT NULL, "
        "disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
        "row_version INTEGER NOT NULL DEFAULT 1) STRICT",
        "CREATE TABLE sessions (digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), "
        "csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, absolute_expires_at TEXT NOT NULL, "
        "rotated_at TEXT NOT NULL) STRICT",
        "CREATE INDEX sessions_user ON sessions(user_id)",
        "CREATE TABLE api_tokens (id INTEGER PRIMARY KEY AUTOINCREMENT, digest TEXT NOT NULL UNIQUE, "
        "user_id INTEGER NOT NULL REFERENCES users(id), label TEXT NOT NULL, created_at TEXT NOT NULL, "
        "revoked INTEGER NOT NULL DEFAULT 0) STRICT",
        "CREATE TABLE sign_in_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, "
        "remote TEXT NOT NULL, at TEXT NOT NULL) STRICT",
        "CREATE INDEX sign_in_failures_user ON sign_in_failures(username, at)",
        "CREATE INDEX sign_in_failures_remote ON sign_in_failures(remote, at)"},
       {"CREATE TABLE users (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
        "display_name TEXT NOT NULL, password_hash TEXT NOT NULL, roles TEXT NOT NULL, "
        "disabled BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL, created_by TEXT NOT NULL, "
        "row_version BIGINT NOT NULL DEFAULT 1)",
        "CREATE TABLE sessions (digest TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), "
        "csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, absolute_expires_at TEXT NOT NULL, "
        "rotated_at TEXT NOT NULL)",
        "CREATE INDEX sessions_user ON sessions(user_id)",
        "CREATE TABLE api_tokens (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, digest TEXT NOT NULL UNIQUE, "
        "user_id BIGINT NOT NULL REFERENCES users(id), label TEXT NOT NULL, created_at TEXT NOT NULL, "
        "revoked BIGINT NOT NULL DEFAULT 0)",
        "CREATE TABLE sign_in_failures (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT NOT NULL, "
        "remote TEXT NOT NULL, at TEXT NOT NULL)",
        "CREATE INDEX sign_in_failures_user ON sign_in_failures(username, at)",
        "CREATE INDEX sign_in_failures_remote ON sign_in_failures(remote, at)"}},
      {5,
       "meetings: recorded decisions per agenda item and minutes per meeting",
       {"CREATE TABLE meeting_decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, meeting_id TEXT NOT NULL, "
        "item_number TEXT NOT NULL, text TEXT NOT NULL, outcome TEXT NOT NULL, recorded_by TEXT NOT NULL, "
        "recorded_at TEXT NOT NULL, quorum TEXT NOT NULL, conflicts TEXT NOT NULL, "
        "row_version INTEGER NOT NULL DEFAULT 1, UNIQUE (meeting_id, item_number)) STRICT",
        "CREATE TABLE meeting_minutes (meeting_id TEXT PRIMARY KEY, "
        "status TEXT NOT NULL CHECK (status IN ('draft', 'approved')), public_text TEXT NOT NULL, "
        "confidential_text TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, "
        "approved_by TEXT NOT NULL DEFAULT '', approved_at TEXT NOT NULL DEFAULT '', "
        "row_version INTEGER NOT NULL DEFAULT 1) STRICT"},
       {"CREATE TABLE meeting_decisions (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "meeting_id TEXT NOT NULL, item_number TEXT NOT NULL, text TEXT NOT NULL, outcome TEXT NOT NULL, "
        "recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, quorum TEXT NOT NULL, conflicts TEXT NOT NULL, "
        "row_version BIGINT NOT NULL DEFAULT 1, UNIQUE (meeting_id, item_number))",
        "CREATE TABLE meeting_minutes (meeting_id TEXT PRIMARY KEY, "
        "status TEXT NOT NULL CHECK (status IN ('draft', 'approved')), public_text TEXT NOT NULL, "
        "confidential_text TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, "
        "approved_by TEXT NOT NULL DEFAULT '', approved_at TEXT NOT NULL DEFAULT '', "
        "row_version BIGINT NOT NULL DEFAULT 1)"}},
      {6,
       "QI projects: charters, teams across organisations, measures and their data, PDSA cycles, progress scores",
       {"CREATE TABLE qi_projects (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, aim TEXT NOT NULL, description TEXT NOT NULL, "
        "organisations TEXT NOT NULL, place TEXT NOT NULL, "
        "status TEXT NOT NULL CHECK (status IN ('planning', 'active', 'sustaining', 'completed', 'stopped')), "
        "lead TEXT NOT NULL, sponsor TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, "
        "created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, "
        "row_version INTEGER NOT NULL DEFAULT 1) STRICT",
        "CREATE TABLE qi_team_members (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL REFERENCES qi_projects(id), "
        "name TEXT NOT NULL, organisation TEXT NOT NULL, project_role TEXT NOT NULL, username TEXT NOT NULL, "
        "permission TEXT NOT NULL CHECK (permission IN ('view', 'edit', 'admin'))) STRICT",
        "CREATE INDEX qi_team_members_project ON qi_team_members(project_id)",
        "CREATE TABLE qi_measures (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL REFERENCES qi_projects(id), "
        "name TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('outcome', 'process', 'balancing')), "
        "definition TEXT NOT NULL, unit TEXT NOT NULL, "
        "direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease', 'neutral')), target REAL, "
        "preset TEXT NOT NULL, chart TEXT NOT NULL, row_version INTEGER NOT NULL DEFAULT 1, "
        "UNIQUE (project_id, name)) STRICT",
        "CREATE TABLE qi_measure_points (measure_id INTEGER NOT NULL REFERENCES qi_measures(id), date TEXT NOT NULL, "
        "value REAL NOT NULL, note TEXT NOT NULL, PRIMARY KEY (measure_id, date)) STRICT",
        "CREATE TABLE qi_pdsa_cycles (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL REFERENCES qi_projects(id), "
        "title TEXT NOT NULL, plan TEXT NOT NULL, prediction TEXT NOT NULL, do_text TEXT NOT NULL, study TEXT NOT NULL, "
        "act TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, measure_ids TEXT NOT NULL, "
        "status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed', 'abandoned')), "
        "updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, row_version INTEGER NOT NULL DEFAULT 1) STRICT",
        "CREATE INDEX qi_pdsa_cycles_project ON qi_pdsa_cycles(project_id)",
        "CREATE TABLE qi_progress_scores (id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL REFERENCES qi_projects(id), "
        "score_tenths INTEGER NOT NULL CHECK (score_tenths BETWEEN 5 AND 50 AND score_tenths % 5 = 0), "
        "date TEXT NOT NULL, note TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT",
        "CREATE INDEX qi_progress_scores_project ON qi_progress_scores(project_id, date)"},
       {"CREATE TABLE qi_projects (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title TEXT NOT NULL, aim TEXT NOT NULL, description TEXT NOT NULL, "
        "organisations TEXT NOT NULL, place TEXT NOT NULL, "
        "status TEXT NOT NULL CHECK (status IN ('planning', 'active', 'sustaining', 'completed', 'stopped')), "
        "lead TEXT NOT NULL, sponsor TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, "
        "created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, "
        "row_version BIGINT NOT NULL DEFAULT 1)",
        "CREATE TABLE qi_team_members (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES qi_projects(id), "
        "name TEXT NOT NULL, organisation TEXT NOT NULL, project_role TEXT NOT NULL, username TEXT NOT NULL, "
        "permission TEXT NOT NULL CHECK (permission IN ('view', 'edit', 'admin')))",
        "CREATE INDEX qi_team_members_project ON qi_team_members(project_id)",
        "CREATE TABLE qi_measures (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES qi_projects(id), "
        "name TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('outcome', 'process', 'balancing')), "
        "definition TEXT NOT NULL, unit TEXT NOT NULL, "
        "direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease', 'neutral')), target DOUBLE PRECISION, "
        "preset TEXT NOT NULL, chart TEXT NOT NULL, row_version BIGINT NOT NULL DEFAULT 1, "
        "UNIQUE (project_id, name))",
        "CREATE TABLE qi_measure_points (measure_id BIGINT NOT NULL REFERENCES qi_measures(id), date TEXT NOT NULL, "
        "value DOUBLE PRECISION NOT NULL, note TEXT NOT NULL, PRIMARY KEY (measure_id, date))",
        "CREATE TABLE qi_pdsa_cycles (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES qi_projects(id), "
        "title TEXT NOT NULL, plan TEXT NOT NULL, prediction TEXT NOT NULL, do_text TEXT NOT NULL, study TEXT NOT NULL, "
        "act TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, measure_ids TEXT NOT NULL, "
        "status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'completed', 'abandoned')), "
        "updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, row_version BIGINT NOT NULL DEFAULT 1)",
        "CREATE INDEX qi_pdsa_cycles_project ON qi_pdsa_cycles(project_id)",
        "CREATE TABLE qi_progress_scores (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, project_id BIGINT NOT NULL REFERENCES qi_projects(id), "
        "score_tenths BIGINT NOT NULL CHECK (score_tenths BETWEEN 5 AND 50 AND score_tenths % 5 = 0), "
        "date TEXT NOT NULL, note TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL)",
        "CREATE INDEX qi_progress_scores_project ON qi_progress_scores(project_id, date)"}},
      {7,
       "financial plans: ledger imports per year (who, when, file, digest) and their monthly plan and actual lines "
       "in pence",
       {"CREATE TABLE ledger_imports (id INTEGER PRIMARY KEY AUTOINCREMENT, year TEXT NOT NULL, "
        "file_name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, line_count INTEGER NOT NULL, "
        "imported_by TEXT NOT NULL, imported_at TEXT NOT NULL) STRICT",
        "CREATE INDEX ledger_imports_year ON ledger_imports(year, id)",
        "CREATE TABLE ledger_lines (import_id INTEGER NOT NULL REFERENCES ledger_imports(id), "
        "seq INTEGER NOT NULL, organisation TEXT NOT NULL, name TEXT NOT NULL, "
        "kind TEXT NOT NULL CHECK (kind IN ('income', 'expenditure')), category TEXT NOT NULL, "
        "month INTEGER NOT NULL CHECK (month BETWEEN 0 AND 11), plan_pence INTEGER NOT NULL, "
        "actual_pence INTEGER, source_line TEXT NOT NULL, PRIMARY KEY (import_id, seq), "
        "UNIQUE (import_id, organisation, kind, category, month)) STRICT"},
       {"CREATE TABLE ledger_imports (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, year TEXT NOT NULL, "
        "file_name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, line_count BIGINT NOT NULL, "
        "imported_by TEXT NOT NULL, imported_at TEXT NOT NULL)",
        "CREATE INDEX ledger_imports_year ON ledger_imports(year, id)",
        "CREATE TABLE ledger_lines (import_id BIGINT NOT NULL REFERENCES ledger_imports(id), "
        "seq BIGINT NOT NULL, organisation TEXT NOT NULL, name TEXT NOT NULL, "
        "kind TEXT NOT NULL CHECK (kind IN ('income', 'expenditure')), category TEXT NOT NULL, "
        "month INTEGER NOT NULL CHECK (month BETWEEN 0 AND 11), plan_pence BIGINT NOT NULL, "
        "actual_pence BIGINT, source_line TEXT NOT NULL, PRIMARY KEY (import_id, seq), "
        "UNIQUE (import_id, organisation, kind, category, month))"}},
  };
  return kMigrations;
}

Result<int> ApplyMigrations(Database& db, const std::function<std::string()>& now) {
  const bool postgres = db.backend() == "postgres";
  int latest = 0;  // the highest version (the list is applied in order but need not be contiguous)
  for (const Migration& m : Migrations()) latest = std::max(latest, m.version);
  {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db.Begin(TxMode::kWrite));
    ICS_RETURN_IF_ERROR(session->Run(kMigrationLock).status());
    ICS_RETURN_IF_ERROR(session->RunSchema(postgres ? kCreateMigrationsPostgres : kCreateMigrationsSqlite));
    ICS_RETURN_IF_ERROR(session->Commit());
  }
  std::set<int64_t> applied;
  {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db.Begin(TxMode::kRead));
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kAppliedVersions));
    for (const Row& row : rows.rows) applied.insert(AsInt(row[0]));
  }
  if (!applied.empty() && *applied.rbegin() > latest) {
    return Status(StatusCode::kFailedPrecondition, "the database's schema is at version " +
                                                       std::to_string(*applied.rbegin()) +
                                                       ", newer than this build understands (" +
                                                       std::to_string(latest) + "); run a newer ics against it");
  }
  for (const Migration& migration : Migrations()) {
    if (applied.contains(migration.version)) continue;
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db.Begin(TxMode::kWrite));
    ICS_RETURN_IF_ERROR(session->Run(kMigrationLock).status());
    const Param version[] = {int64_t{migration.version}};
    ICS_ASSIGN_OR_RETURN(Rows already, session->Run(kIsApplied, version));
    if (!already.rows.empty()) continue;  // another process applied it meanwhile
    for (const char* statement : postgres ? migration.postgres : migration.sqlite) {
      Status status = session->RunSchema(statement);
      if (!status.ok()) {
        return Status(status.code(), "migration " + std::to_string(migration.version) + " (" + migration.name +
                                         "): " + status.message());
      }
    }
    const Param record[] = {int64_t{migration.version}, std::string(migration.name), now()};
    ICS_RETURN_IF_ERROR(session->Run(kRecord, record).status());
    ICS_RETURN_IF_ERROR(session->Commit());
  }
  return latest;
}

}  // namespace ics::store::internal
