// The store's logic, written once over internal::Database so both backends behave the
// same: every write runs in one write transaction that first takes the audit head (which
// serialises writers on PostgreSQL as BEGIN IMMEDIATE does on SQLite), makes its change,
// appends its audit entry and advances the head.
#include "store/store.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <utility>

#include "store/internal/database.h"
#include "store/internal/migrations.h"
#include "store/internal/store_core.h"
#include "store/financial_plans.h"
#include "store/qi_projects.h"
#include "store/sha256.h"

namespace ics::store {

namespace {

using internal::AsInt;
using internal::AsText;
using internal::Param;
using internal::Row;
using internal::Rows;
using internal::Session;
using internal::Sql;
using internal::CanonicalDetail;
using internal::CheckText;
using internal::CompactJson;
using internal::IsStorableText;
using internal::TxMode;
using internal::WriteTx;

std::string Dump(const nlohmann::json& j) { return internal::DumpJson(j); }


// --- Audit (reads; writes go through StoreCore) ------------------------------------------
constexpr Sql kHeadRead{"head_read", "SELECT seq, hash FROM audit_head WHERE id = 1"};
constexpr Sql kAuditPage{"audit_page",
                         "SELECT seq, at, actor, action, object, detail, prev_hash, hash FROM audit_log "
                         "WHERE seq > $1 ORDER BY seq LIMIT $2"};

// --- Definition versions ----------------------------------------------------------------
#define ICS_VERSION_COLUMNS "id, file_name, sha256, bytes, imported_by, imported_at, note, row_version"
constexpr Sql kVersionInsert{"version_insert",
                             "INSERT INTO definition_versions (file_name, text, sha256, bytes, imported_by, "
                             "imported_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Sql kVersionList{"version_list", "SELECT " ICS_VERSION_COLUMNS " FROM definition_versions ORDER BY id DESC"};
constexpr Sql kVersionGet{"version_get", "SELECT " ICS_VERSION_COLUMNS ", text FROM definition_versions WHERE id = $1"};
constexpr Sql kVersionLatest{"version_latest",
                             "SELECT " ICS_VERSION_COLUMNS ", text FROM definition_versions ORDER BY id DESC LIMIT 1"};
constexpr Sql kVersionGetMeta{"version_get_meta",
                              "SELECT " ICS_VERSION_COLUMNS " FROM definition_versions WHERE id = $1"};
constexpr Sql kVersionUpdateNote{"version_update_note",
                                 "UPDATE definition_versions SET note = $1, row_version = row_version + 1 "
                                 "WHERE id = $2 AND row_version = $3"};
constexpr Sql kVersionPage{"version_page",
                           "SELECT " ICS_VERSION_COLUMNS " FROM definition_versions WHERE ($1 = 0 OR id < $1) "
                           "ORDER BY id DESC LIMIT $2",
                           "SELECT " ICS_VERSION_COLUMNS " FROM definition_versions WHERE ($1::bigint = 0 OR id < "
                           "$1::bigint) ORDER BY id DESC LIMIT $2"};
#undef ICS_VERSION_COLUMNS

// --- Accounts ---------------------------------------------------------------------------
#define ICS_USER_COLUMNS \
  "users.id, users.username, users.display_name, users.password_hash, users.roles, users.disabled, " \
  "users.created_at, users.created_by, users.row_version"
constexpr Sql kUserInsert{"user_insert",
                          "INSERT INTO users (username, display_name, password_hash, roles, created_at, created_by) "
                          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Sql kUserByName{"user_by_name", "SELECT " ICS_USER_COLUMNS " FROM users WHERE username = $1"};
constexpr Sql kUserList{"user_list", "SELECT " ICS_USER_COLUMNS " FROM users ORDER BY username"};
constexpr Sql kUserUpdate{"user_update",
                          "UPDATE users SET display_name = $1, password_hash = $2, roles = $3, disabled = $4, "
                          "row_version = row_version + 1 WHERE id = $5"};
constexpr Sql kSessionInsert{"session_insert",
                             "INSERT INTO sessions (digest, user_id, csrf, created_at, expires_at, absolute_expires_at, "
                             "rotated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Sql kSessionFind{"session_find",
                           "SELECT sessions.digest, sessions.csrf, sessions.created_at, sessions.expires_at, "
                           "sessions.absolute_expires_at, sessions.rotated_at, " ICS_USER_COLUMNS
                           " FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.digest = $1"};
constexpr Sql kSessionExpire{"session_expire", "UPDATE sessions SET expires_at = $1 WHERE digest = $2 AND expires_at > $1"};
constexpr Sql kSessionDelete{"session_delete", "DELETE FROM sessions WHERE digest = $1"};
constexpr Sql kSessionDeleteExpired{"session_delete_expired",
                                    "DELETE FROM sessions WHERE user_id = $1 AND expires_at < $2"};
constexpr Sql kSessionDeleteForUser{"session_delete_for_user", "DELETE FROM sessions WHERE user_id = $1"};
constexpr Sql kTokenInsert{"token_insert",
                           "INSERT INTO api_tokens (digest, user_id, label, created_at) VALUES ($1, $2, $3, $4) "
                           "RETURNING id"};
constexpr Sql kTokenFind{"token_find",
                         "SELECT api_tokens.id, api_tokens.label, api_tokens.created_at, api_tokens.revoked, " ICS_USER_COLUMNS
                         " FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.digest = $1"};
constexpr Sql kTokenList{"token_list",
                         "SELECT api_tokens.id, api_tokens.label, api_tokens.created_at, api_tokens.revoked "
                         "FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE users.username = $1 "
                         "ORDER BY api_tokens.id"};
constexpr Sql kTokenGet{"token_get",
                        "SELECT api_tokens.id, api_tokens.label, api_tokens.created_at, api_tokens.revoked, users.username "
                        "FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.id = $1"};
constexpr Sql kTokenRevoke{"token_revoke", "UPDATE api_tokens SET revoked = 1 WHERE id = $1"};
constexpr Sql kFailureInsert{"failure_insert", "INSERT INTO sign_in_failures (username, remote, at) VALUES ($1, $2, $3)"};
constexpr Sql kFailureCountUser{"failure_count_user",
                                "SELECT count(*) FROM sign_in_failures WHERE username = $1 AND at >= $2"};
constexpr Sql kFailureCountRemote{"failure_count_remote",
                                  "SELECT count(*) FROM sign_in_failures WHERE remote = $1 AND at >= $2"};
constexpr Sql kFailureClear{"failure_clear", "DELETE FROM sign_in_failures WHERE username = $1"};
#undef ICS_USER_COLUMNS

// --- Meetings: decisions and minutes -----------------------------------------------------
#define ICS_DECISION_COLUMNS \
  "id, meeting_id, item_number, text, outcome, recorded_by, recorded_at, quorum, conflicts, row_version"
constexpr Sql kDecisionGet{"decision_get", "SELECT " ICS_DECISION_COLUMNS
                                           " FROM meeting_decisions WHERE meeting_id = $1 AND item_number = $2"};
constexpr Sql kDecisionInsert{"decision_insert",
                              "INSERT INTO meeting_decisions (meeting_id, item_number, text, outcome, recorded_by, "
                              "recorded_at, quorum, conflicts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr Sql kDecisionUpdate{"decision_update",
                              "UPDATE meeting_decisions SET text = $1, outcome = $2, recorded_by = $3, recorded_at = $4, "
                              "quorum = $5, conflicts = $6, row_version = row_version + 1 "
                              "WHERE meeting_id = $7 AND item_number = $8 AND row_version = $9"};
constexpr Sql kDecisionList{"decision_list", "SELECT " ICS_DECISION_COLUMNS
                                             " FROM meeting_decisions WHERE ($1 = '' OR meeting_id = $1) ORDER BY id",
                            "SELECT " ICS_DECISION_COLUMNS
                            " FROM meeting_decisions WHERE ($1::text = '' OR meeting_id = $1::text) ORDER BY id"};
#undef ICS_DECISION_COLUMNS
#define ICS_MINUTES_COLUMNS \
  "meeting_id, status, public_text, confidential_text, updated_by, updated_at, approved_by, approved_at, row_version"
constexpr Sql kMinutesGet{"minutes_get", "SELECT " ICS_MINUTES_COLUMNS " FROM meeting_minutes WHERE meeting_id = $1"};
constexpr Sql kMinutesInsert{"minutes_insert",
                             "INSERT INTO meeting_minutes (meeting_id, status, public_text, confidential_text, "
                             "updated_by, updated_at) VALUES ($1, 'draft', $2, $3, $4, $5)"};
constexpr Sql kMinutesUpdate{"minutes_update",
                             "UPDATE meeting_minutes SET public_text = $1, confidential_text = $2, updated_by = $3, "
                             "updated_at = $4, row_version = row_version + 1 "
                             "WHERE meeting_id = $5 AND row_version = $6 AND status = 'draft'"};
constexpr Sql kMinutesApprove{"minutes_approve",
                              "UPDATE meeting_minutes SET status = 'approved', approved_by = $1, approved_at = $2, "
                              "row_version = row_version + 1 WHERE meeting_id = $3 AND row_version = $4 "
                              "AND status = 'draft'"};
#undef ICS_MINUTES_COLUMNS

constexpr int kMaxAuditPage = 10000;

// Text both backends can hold byte for byte: UTF-8 without NUL (PostgreSQL's text
// refuses both invalid UTF-8 and NUL, so SQLite is held to the same rule).



DefinitionVersion ToVersion(const Row& row) {
  DefinitionVersion v;
  v.id = AsInt(row[0]);
  v.file_name = AsText(row[1]);
  v.sha256 = AsText(row[2]);
  v.bytes = AsInt(row[3]);
  v.imported_by = AsText(row[4]);
  v.imported_at = AsText(row[5]);
  v.note = AsText(row[6]);
  v.row_version = AsInt(row[7]);
  if (row.size() > 8) {
    v.text = AsText(row[8]);
    // Rows written by an older writer that knew no digest.
    if (v.sha256.empty()) v.sha256 = Sha256Hex(v.text);
    if (v.bytes == 0) v.bytes = static_cast<int64_t>(v.text.size());
  }
  return v;
}

UserAccount ToUser(const Row& row, size_t first = 0) {
  UserAccount u;
  u.id = AsInt(row[first + 0]);
  u.username = AsText(row[first + 1]);
  u.display_name = AsText(row[first + 2]);
  u.password_hash = AsText(row[first + 3]);
  u.roles = AsText(row[first + 4]);
  u.disabled = AsInt(row[first + 5]) != 0;
  u.created_at = AsText(row[first + 6]);
  u.created_by = AsText(row[first + 7]);
  u.row_version = AsInt(row[first + 8]);
  return u;
}

MeetingDecision ToDecision(const Row& row) {
  MeetingDecision d;
  d.id = AsInt(row[0]);
  d.meeting_id = AsText(row[1]);
  d.item_number = AsText(row[2]);
  d.text = AsText(row[3]);
  d.outcome = AsText(row[4]);
  d.recorded_by = AsText(row[5]);
  d.recorded_at = AsText(row[6]);
  d.quorum_json = AsText(row[7]);
  d.conflicts_json = AsText(row[8]);
  d.row_version = AsInt(row[9]);
  return d;
}

MeetingMinutes ToMinutes(const Row& row) {
  MeetingMinutes m;
  m.meeting_id = AsText(row[0]);
  m.status = AsText(row[1]);
  m.public_text = AsText(row[2]);
  m.confidential_text = AsText(row[3]);
  m.updated_by = AsText(row[4]);
  m.updated_at = AsText(row[5]);
  m.approved_by = AsText(row[6]);
  m.approved_at = AsText(row[7]);
  m.row_version = AsInt(row[8]);
  return m;
}


AuditEntry ToEntry(const Row& row) {
  AuditEntry e;
  e.seq = AsInt(row[0]);
  e.at = AsText(row[1]);
  e.actor = AsText(row[2]);
  e.action = AsText(row[3]);
  e.object = AsText(row[4]);
  e.detail = AsText(row[5]);
  e.prev_hash = AsText(row[6]);
  e.hash = AsText(row[7]);
  return e;
}


class SqlStore : public Store {
 public:
  SqlStore(std::unique_ptr<internal::Database> db, std::string url, int schema_version,
           std::function<std::string()> now)
      : core_(std::move(db), now), url_(std::move(url)), schema_version_(schema_version), now_(std::move(now)) {}

  QiProjectTables& qi_projects() override { return qi_projects_; }
  FinancialPlanTables& financial_plans() override { return financial_plans_; }

  std::string_view backend() const override { return db_->backend(); }
  const std::string& url() const override { return url_; }
  int schema_version() const override { return schema_version_; }

  Result<ImportOutcome> ImportDefinition(const NewDefinitionVersion& version) override {
    if (version.imported_by.empty()) return InvalidArgument("say who is importing the definition", "imported_by");
    if (version.file_name.empty()) return InvalidArgument("the definition needs a file name", "file_name");
    ICS_RETURN_IF_ERROR(CheckText(version.file_name, "file_name"));
    ICS_RETURN_IF_ERROR(CheckText(version.text, "text"));
    ICS_RETURN_IF_ERROR(CheckText(version.imported_by, "imported_by"));
    const std::string sha = Sha256Hex(version.text);
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    ImportOutcome outcome;
    if (version.skip_if_unchanged) {
      ICS_ASSIGN_OR_RETURN(Rows latest, tx.session->Run(kVersionLatest));
      if (!latest.rows.empty()) {
        DefinitionVersion current = ToVersion(latest.rows[0]);
        if (current.sha256 == sha) {
          current.text.clear();
          outcome.version = std::move(current);
          return outcome;  // nothing written; the transaction rolls back
        }
      }
    }
    DefinitionVersion& v = outcome.version;
    v.file_name = version.file_name;
    v.sha256 = sha;
    v.bytes = static_cast<int64_t>(version.text.size());
    v.imported_by = version.imported_by;
    v.imported_at = now_();
    const Param params[] = {v.file_name, version.text, v.sha256, v.bytes, v.imported_by, v.imported_at};
    ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kVersionInsert, params));
    if (inserted.rows.empty()) return Internal("storing the definition returned no id");
    v.id = AsInt(inserted.rows[0][0]);
    nlohmann::json detail = {{"file_name", v.file_name}, {"sha256", v.sha256}, {"bytes", v.bytes}, {"version", v.id}};
    ICS_ASSIGN_OR_RETURN(
        AuditEntry entry,
        Append(tx, {v.imported_by, "definition.import", "definition_version/" + std::to_string(v.id), Dump(detail)},
               v.imported_at));
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    outcome.created = true;
    outcome.audit_seq = entry.seq;
    return outcome;
  }

  Result<std::vector<DefinitionVersion>> ListDefinitionVersions() override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kVersionList));
    std::vector<DefinitionVersion> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(ToVersion(row));
    return out;
  }

  Result<DefinitionVersion> GetDefinitionVersion(int64_t id) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param params[] = {id};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kVersionGet, params));
    if (rows.rows.empty()) return NoSuchVersion(id);
    return ToVersion(rows.rows[0]);
  }

  Result<std::optional<DefinitionVersion>> LatestDefinitionVersion() override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kVersionLatest));
    if (rows.rows.empty()) return std::optional<DefinitionVersion>();
    return std::optional<DefinitionVersion>(ToVersion(rows.rows[0]));
  }

  Result<DefinitionVersion> UpdateDefinitionNote(int64_t id, const std::string& note, int64_t expected_row_version,
                                                 const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is changing the note", "actor");
    ICS_RETURN_IF_ERROR(CheckText(note, "note"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param update[] = {note, id, expected_row_version};
    ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kVersionUpdateNote, update));
    const Param key[] = {id};
    ICS_ASSIGN_OR_RETURN(Rows current, tx.session->Run(kVersionGetMeta, key));
    if (current.rows.empty()) return NoSuchVersion(id);
    DefinitionVersion v = ToVersion(current.rows[0]);
    if (updated.affected != 1) {
      return internal::StaleRowVersion("definition version " + std::to_string(id), v.row_version,
                                       expected_row_version);
    }
    nlohmann::json detail = {{"note", note}, {"row_version", v.row_version}};
    ICS_RETURN_IF_ERROR(
        Append(tx, {actor, "definition.note", "definition_version/" + std::to_string(id), Dump(detail)}).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return v;
  }

  Result<std::vector<DefinitionVersion>> ListDefinitionVersionsPage(int64_t before_id, int limit) override {
    if (limit < 1 || limit > 1000) return InvalidArgument("limit must be between 1 and 1000", "limit");
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param params[] = {before_id, int64_t{limit}};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kVersionPage, params));
    std::vector<DefinitionVersion> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(ToVersion(row));
    return out;
  }

  // --- Accounts -------------------------------------------------------------------------
  Result<UserAccount> CreateUser(const NewUserAccount& user, const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is creating the user", "actor");
    if (user.username.empty()) return InvalidArgument("a user needs a name", "username");
    if (user.password_hash.empty()) return InvalidArgument("a user needs a password", "password");
    ICS_RETURN_IF_ERROR(CheckText(user.username, "username"));
    ICS_RETURN_IF_ERROR(CheckText(user.display_name, "display_name"));
    ICS_RETURN_IF_ERROR(CheckText(user.roles, "roles"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {user.username};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kUserByName, key));
    if (!existing.rows.empty())
      return Status(StatusCode::kAlreadyExists, "there is already a user called '" + user.username + "'", "username");
    UserAccount u;
    u.username = user.username;
    u.display_name = user.display_name.empty() ? user.username : user.display_name;
    u.password_hash = user.password_hash;
    u.roles = user.roles;
    u.created_at = now_();
    u.created_by = actor;
    const Param insert[] = {u.username, u.display_name, u.password_hash, u.roles, u.created_at, u.created_by};
    ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kUserInsert, insert));
    if (inserted.rows.empty()) return Internal("storing the user returned no id");
    u.id = AsInt(inserted.rows[0][0]);
    nlohmann::json detail = {{"display_name", u.display_name}, {"roles", u.roles}};
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "user.create", "user/" + u.username, Dump(detail)}, u.created_at).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return u;
  }

  Result<UserAccount> UpdateUser(const std::string& username, const UserChange& change,
                                 const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is changing the user", "actor");
    if (change.display_name) ICS_RETURN_IF_ERROR(CheckText(*change.display_name, "display_name"));
    if (change.roles) ICS_RETURN_IF_ERROR(CheckText(*change.roles, "roles"));
    if (change.password_hash && change.password_hash->empty())
      return InvalidArgument("a user needs a password", "password");
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {username};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kUserByName, key));
    if (existing.rows.empty()) return NoSuchUser(username);
    UserAccount u = ToUser(existing.rows[0]);
    nlohmann::json detail = nlohmann::json::object();
    if (change.display_name && *change.display_name != u.display_name)
      detail["display_name"] = u.display_name = *change.display_name;
    if (change.roles && *change.roles != u.roles) detail["roles"] = u.roles = *change.roles;
    if (change.disabled && *change.disabled != u.disabled) detail["disabled"] = u.disabled = *change.disabled;
    if (change.password_hash) {
      u.password_hash = *change.password_hash;
      detail["password"] = "changed";
    }
    const Param update[] = {u.display_name, u.password_hash, u.roles, int64_t{u.disabled ? 1 : 0}, u.id};
    ICS_RETURN_IF_ERROR(tx.session->Run(kUserUpdate, update).status());
    ++u.row_version;
    if (u.disabled || change.password_hash) {  // a disabled user, or a new password, ends every session
      const Param user_id[] = {u.id};
      ICS_RETURN_IF_ERROR(tx.session->Run(kSessionDeleteForUser, user_id).status());
    }
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "user.update", "user/" + u.username, Dump(detail)}).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return u;
  }

  Result<std::vector<UserAccount>> ListUsers() override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kUserList));
    std::vector<UserAccount> out;
    for (const Row& row : rows.rows) out.push_back(ToUser(row));
    return out;
  }

  Result<std::optional<UserAccount>> FindUser(const std::string& username) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {username};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kUserByName, key));
    if (rows.rows.empty()) return std::optional<UserAccount>();
    return std::optional<UserAccount>(ToUser(rows.rows[0]));
  }

  Status CreateSession(const SessionRecord& record, const std::string& remote) override {
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {record.username};
    ICS_ASSIGN_OR_RETURN(Rows user_rows, tx.session->Run(kUserByName, key));
    if (user_rows.rows.empty()) return NoSuchUser(record.username);
    UserAccount user = ToUser(user_rows.rows[0]);
    const Param expired[] = {user.id, record.created_at};
    ICS_RETURN_IF_ERROR(tx.session->Run(kSessionDeleteExpired, expired).status());
    const Param insert[] = {record.digest,     user.id, record.csrf, record.created_at, record.expires_at,
                            record.absolute_expires_at, record.rotated_at};
    ICS_RETURN_IF_ERROR(tx.session->Run(kSessionInsert, insert).status());
    ICS_RETURN_IF_ERROR(tx.session->Run(kFailureClear, key).status());
    nlohmann::json detail = {{"remote", remote}, {"expires_at", record.absolute_expires_at}};
    ICS_RETURN_IF_ERROR(
        Append(tx, {user.username, "session.sign_in", "user/" + user.username, Dump(detail)}, record.created_at)
            .status());
    return tx.session->Commit();
  }

  Result<std::optional<std::pair<SessionRecord, UserAccount>>> FindSession(const std::string& digest) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {digest};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kSessionFind, key));
    using Found = std::optional<std::pair<SessionRecord, UserAccount>>;
    if (rows.rows.empty()) return Found();
    const Row& row = rows.rows[0];
    SessionRecord s;
    s.digest = AsText(row[0]);
    s.csrf = AsText(row[1]);
    s.created_at = AsText(row[2]);
    s.expires_at = AsText(row[3]);
    s.absolute_expires_at = AsText(row[4]);
    s.rotated_at = AsText(row[5]);
    UserAccount user = ToUser(row, 6);
    s.username = user.username;
    return Found(std::make_pair(std::move(s), std::move(user)));
  }

  Status RotateSession(const std::string& old_digest, const SessionRecord& replacement,
                       const std::string& old_expires_at) override {
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {replacement.username};
    ICS_ASSIGN_OR_RETURN(Rows user_rows, tx.session->Run(kUserByName, key));
    if (user_rows.rows.empty()) return NoSuchUser(replacement.username);
    UserAccount user = ToUser(user_rows.rows[0]);
    const Param expire[] = {old_expires_at, old_digest};
    ICS_RETURN_IF_ERROR(tx.session->Run(kSessionExpire, expire).status());
    const Param insert[] = {replacement.digest,     user.id, replacement.csrf, replacement.created_at,
                            replacement.expires_at, replacement.absolute_expires_at, replacement.rotated_at};
    ICS_RETURN_IF_ERROR(tx.session->Run(kSessionInsert, insert).status());
    ICS_RETURN_IF_ERROR(
        Append(tx, {user.username, "session.rotate", "user/" + user.username, "{}"}, replacement.rotated_at).status());
    return tx.session->Commit();
  }

  Status EndSession(const std::string& digest, const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is signing out", "actor");
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {digest};
    ICS_ASSIGN_OR_RETURN(Rows deleted, tx.session->Run(kSessionDelete, key));
    if (deleted.affected == 0) return Status::Ok();  // already gone; nothing to record
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "session.sign_out", "user/" + actor, "{}"}).status());
    return tx.session->Commit();
  }

  Result<ApiTokenRecord> CreateApiToken(const std::string& digest, const std::string& username,
                                        const std::string& label, const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is creating the token", "actor");
    ICS_RETURN_IF_ERROR(CheckText(label, "label"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {username};
    ICS_ASSIGN_OR_RETURN(Rows user_rows, tx.session->Run(kUserByName, key));
    if (user_rows.rows.empty()) return NoSuchUser(username);
    UserAccount user = ToUser(user_rows.rows[0]);
    ApiTokenRecord t;
    t.digest = digest;
    t.username = username;
    t.label = label;
    t.created_at = now_();
    const Param insert[] = {t.digest, user.id, t.label, t.created_at};
    ICS_ASSIGN_OR_RETURN(Rows inserted, tx.session->Run(kTokenInsert, insert));
    if (inserted.rows.empty()) return Internal("storing the token returned no id");
    t.id = AsInt(inserted.rows[0][0]);
    nlohmann::json detail = {{"label", label}, {"user", username}};
    ICS_RETURN_IF_ERROR(
        Append(tx, {actor, "token.create", "api_token/" + std::to_string(t.id), Dump(detail)}, t.created_at).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return t;
  }

  Result<std::optional<std::pair<ApiTokenRecord, UserAccount>>> FindApiToken(const std::string& digest) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {digest};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kTokenFind, key));
    using Found = std::optional<std::pair<ApiTokenRecord, UserAccount>>;
    if (rows.rows.empty()) return Found();
    const Row& row = rows.rows[0];
    ApiTokenRecord t;
    t.id = AsInt(row[0]);
    t.digest = digest;
    t.label = AsText(row[1]);
    t.created_at = AsText(row[2]);
    t.revoked = AsInt(row[3]) != 0;
    UserAccount user = ToUser(row, 4);
    t.username = user.username;
    return Found(std::make_pair(std::move(t), std::move(user)));
  }

  Result<std::vector<ApiTokenRecord>> ListApiTokens(const std::string& username) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {username};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kTokenList, key));
    std::vector<ApiTokenRecord> out;
    for (const Row& row : rows.rows) {
      ApiTokenRecord t;
      t.id = AsInt(row[0]);
      t.label = AsText(row[1]);
      t.created_at = AsText(row[2]);
      t.revoked = AsInt(row[3]) != 0;
      t.username = username;
      out.push_back(std::move(t));
    }
    return out;
  }

  Result<ApiTokenRecord> RevokeApiToken(int64_t id, const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is revoking the token", "actor");
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {id};
    ICS_ASSIGN_OR_RETURN(Rows rows, tx.session->Run(kTokenGet, key));
    if (rows.rows.empty())
      return NotFound("there is no API token " + std::to_string(id) + " (ics users tokens NAME lists them)",
                      "api_token/" + std::to_string(id));
    ApiTokenRecord t;
    t.id = id;
    t.label = AsText(rows.rows[0][1]);
    t.created_at = AsText(rows.rows[0][2]);
    t.username = AsText(rows.rows[0][4]);
    t.revoked = true;
    if (AsInt(rows.rows[0][3]) != 0) return t;  // already revoked
    ICS_RETURN_IF_ERROR(tx.session->Run(kTokenRevoke, key).status());
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "token.revoke", "api_token/" + std::to_string(id), "{}"}).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return t;
  }

  Status RecordSignInFailure(const std::string& username, const std::string& remote) override {
    // The name as typed may be anything: keep only what the store can hold.
    std::string name = IsStorableText(username) ? username.substr(0, 200) : std::string("(not UTF-8)");
    std::string from = IsStorableText(remote) ? remote : std::string("?");
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    std::string at = now_();
    const Param insert[] = {name, from, at};
    ICS_RETURN_IF_ERROR(tx.session->Run(kFailureInsert, insert).status());
    nlohmann::json detail = {{"remote", from}};
    ICS_RETURN_IF_ERROR(Append(tx, {"anonymous", "session.sign_in_failed", "user/" + name, Dump(detail)}, at).status());
    return tx.session->Commit();
  }

  Result<FailureCounts> CountSignInFailures(const std::string& username, const std::string& remote,
                                            const std::string& since) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    FailureCounts counts;
    const Param user[] = {username, since};
    ICS_ASSIGN_OR_RETURN(Rows by_user, session->Run(kFailureCountUser, user));
    if (!by_user.rows.empty()) counts.for_user = AsInt(by_user.rows[0][0]);
    const Param from[] = {remote, since};
    ICS_ASSIGN_OR_RETURN(Rows by_remote, session->Run(kFailureCountRemote, from));
    if (!by_remote.rows.empty()) counts.from_remote = AsInt(by_remote.rows[0][0]);
    return counts;
  }

  // --- Meetings -------------------------------------------------------------------------
  Result<MeetingDecision> RecordDecision(const NewMeetingDecision& in, const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is recording the decision", "actor");
    if (in.meeting_id.empty()) return InvalidArgument("a decision needs its meeting", "meeting_id");
    if (in.item_number.empty()) return InvalidArgument("a decision needs its agenda item", "item_number");
    if (in.text.empty()) return InvalidArgument("write the decision as it is to be minuted", "text");
    if (in.outcome.empty()) return InvalidArgument("a decision needs an outcome", "outcome");
    for (auto [value, field] : {std::pair{&in.meeting_id, "meeting_id"}, {&in.item_number, "item_number"},
                                {&in.text, "text"}, {&in.outcome, "outcome"}, {&actor, "actor"}})
      ICS_RETURN_IF_ERROR(CheckText(*value, field));
    ICS_ASSIGN_OR_RETURN(std::string quorum, CompactJson(in.quorum_json, false, "quorum"));
    ICS_ASSIGN_OR_RETURN(std::string conflicts, CompactJson(in.conflicts_json, true, "conflicts"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {in.meeting_id, in.item_number};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kDecisionGet, key));
    const std::string object = "meeting/" + in.meeting_id + "/item/" + in.item_number;
    const std::string at = now_();
    if (in.expected_row_version == 0) {
      if (!existing.rows.empty()) {
        return Status(StatusCode::kConflict,
                      "item " + in.item_number + " of meeting " + in.meeting_id +
                          " already has a decision (row version " + std::to_string(AsInt(existing.rows[0][9])) +
                          "): reload it and correct that one",
                      "row_version");
      }
      const Param insert[] = {in.meeting_id, in.item_number, in.text, in.outcome, actor, at, quorum, conflicts};
      ICS_RETURN_IF_ERROR(tx.session->Run(kDecisionInsert, insert).status());
    } else {
      if (existing.rows.empty())
        return NotFound("item " + in.item_number + " of meeting " + in.meeting_id + " has no decision to correct",
                        object);
      const Param update[] = {in.text, in.outcome, actor, at, quorum, conflicts,
                              in.meeting_id, in.item_number, in.expected_row_version};
      ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kDecisionUpdate, update));
      if (updated.affected != 1) {
        return internal::StaleRowVersion("the decision on item " + in.item_number, AsInt(existing.rows[0][9]),
                                         in.expected_row_version);
      }
    }
    ICS_ASSIGN_OR_RETURN(Rows stored, tx.session->Run(kDecisionGet, key));
    if (stored.rows.empty()) return Internal("the decision was not stored");
    MeetingDecision d = ToDecision(stored.rows[0]);
    nlohmann::json detail = {{"outcome", d.outcome}, {"text", d.text}, {"row_version", d.row_version}};
    ICS_RETURN_IF_ERROR(
        Append(tx, {actor, in.expected_row_version == 0 ? "decision.record" : "decision.correct", object, Dump(detail)},
               at)
            .status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return d;
  }

  Result<std::vector<MeetingDecision>> ListDecisions(const std::string& meeting_id) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {meeting_id};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kDecisionList, key));
    std::vector<MeetingDecision> out;
    for (const Row& row : rows.rows) out.push_back(ToDecision(row));
    return out;
  }

  Result<MeetingMinutes> SaveMinutes(const std::string& meeting_id, const std::string& public_text,
                                     const std::string& confidential_text, int64_t expected_row_version,
                                     const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is writing the minutes", "actor");
    if (meeting_id.empty()) return InvalidArgument("minutes need their meeting", "meeting_id");
    ICS_RETURN_IF_ERROR(CheckText(meeting_id, "meeting_id"));
    ICS_RETURN_IF_ERROR(CheckText(public_text, "public_text"));
    ICS_RETURN_IF_ERROR(CheckText(confidential_text, "confidential_text"));
    ICS_RETURN_IF_ERROR(CheckText(actor, "actor"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {meeting_id};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kMinutesGet, key));
    const std::string at = now_();
    if (!existing.rows.empty() && AsText(existing.rows[0][1]) == "approved")
      return Status(StatusCode::kFailedPrecondition, "the minutes of " + meeting_id + " are approved and can no longer change",
                                "meeting/" + meeting_id + "/minutes");
    if (expected_row_version == 0) {
      if (!existing.rows.empty())
        return Status(StatusCode::kConflict,
                      "the minutes of " + meeting_id + " already exist (row version " +
                          std::to_string(AsInt(existing.rows[0][8])) + "): reload them and edit those",
                      "row_version");
      const Param insert[] = {meeting_id, public_text, confidential_text, actor, at};
      ICS_RETURN_IF_ERROR(tx.session->Run(kMinutesInsert, insert).status());
    } else {
      if (existing.rows.empty())
        return NotFound("there are no minutes of " + meeting_id + " yet (save with row_version 0 to start them)",
                        "meeting/" + meeting_id + "/minutes");
      const Param update[] = {public_text, confidential_text, actor, at, meeting_id, expected_row_version};
      ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kMinutesUpdate, update));
      if (updated.affected != 1)
        return Status(StatusCode::kConflict,
                      "the minutes of " + meeting_id + " were changed by someone else (they are at row version " +
                          std::to_string(AsInt(existing.rows[0][8])) + "; the change was made against " +
                          std::to_string(expected_row_version) + "): reload them and try again",
                      "row_version");
    }
    ICS_ASSIGN_OR_RETURN(Rows stored, tx.session->Run(kMinutesGet, key));
    if (stored.rows.empty()) return Internal("the minutes were not stored");
    MeetingMinutes m = ToMinutes(stored.rows[0]);
    nlohmann::json detail = {{"public_bytes", m.public_text.size()},
                             {"confidential_bytes", m.confidential_text.size()},
                             {"row_version", m.row_version}};
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "minutes.save", "meeting/" + meeting_id + "/minutes", Dump(detail)}, at)
                            .status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return m;
  }

  Result<MeetingMinutes> ApproveMinutes(const std::string& meeting_id, int64_t expected_row_version,
                                        const std::string& actor) override {
    if (actor.empty()) return InvalidArgument("say who is approving the minutes", "actor");
    ICS_RETURN_IF_ERROR(CheckText(meeting_id, "meeting_id"));
    ICS_RETURN_IF_ERROR(CheckText(actor, "actor"));
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    const Param key[] = {meeting_id};
    ICS_ASSIGN_OR_RETURN(Rows existing, tx.session->Run(kMinutesGet, key));
    const std::string object = "meeting/" + meeting_id + "/minutes";
    if (existing.rows.empty()) return NotFound("there are no minutes of " + meeting_id + " to approve", object);
    MeetingMinutes current = ToMinutes(existing.rows[0]);
    if (current.status == "approved")
      return Status(StatusCode::kFailedPrecondition, "the minutes of " + meeting_id + " were approved by " + current.approved_by + " at " +
                                    current.approved_at,
                                object);
    const std::string at = now_();
    const Param update[] = {actor, at, meeting_id, expected_row_version};
    ICS_ASSIGN_OR_RETURN(Rows updated, tx.session->Run(kMinutesApprove, update));
    if (updated.affected != 1)
      return Status(StatusCode::kConflict,
                    "the minutes of " + meeting_id + " were changed by someone else (they are at row version " +
                        std::to_string(current.row_version) + "; the approval was made against " +
                        std::to_string(expected_row_version) + "): reload them and check before approving",
                    "row_version");
    ICS_ASSIGN_OR_RETURN(Rows stored, tx.session->Run(kMinutesGet, key));
    MeetingMinutes m = ToMinutes(stored.rows[0]);
    nlohmann::json detail = {{"row_version", m.row_version}};
    ICS_RETURN_IF_ERROR(Append(tx, {actor, "minutes.approve", object, Dump(detail)}, at).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return m;
  }

  Result<std::optional<MeetingMinutes>> GetMinutes(const std::string& meeting_id) override {
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param key[] = {meeting_id};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kMinutesGet, key));
    if (rows.rows.empty()) return std::optional<MeetingMinutes>();
    return std::optional<MeetingMinutes>(ToMinutes(rows.rows[0]));
  }

  Result<AuditEntry> AppendAudit(const AuditEvent& event) override {
    ICS_ASSIGN_OR_RETURN(WriteTx tx, BeginWrite());
    ICS_ASSIGN_OR_RETURN(AuditEntry entry, Append(tx, event));
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return entry;
  }

  Result<std::vector<AuditEntry>> ListAudit(int64_t after_seq, int limit) override {
    if (limit < 1 || limit > kMaxAuditPage)
      return InvalidArgument("limit must be between 1 and " + std::to_string(kMaxAuditPage), "limit");
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    const Param params[] = {after_seq, int64_t{limit}};
    ICS_ASSIGN_OR_RETURN(Rows rows, session->Run(kAuditPage, params));
    std::vector<AuditEntry> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back(ToEntry(row));
    return out;
  }

  Result<AuditVerification> VerifyAudit() override {
    // One read transaction: the head and every entry come from the same snapshot.
    ICS_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->Begin(TxMode::kRead));
    ICS_ASSIGN_OR_RETURN(Rows head_rows, session->Run(kHeadRead));
    std::optional<AuditHead> head;
    if (!head_rows.rows.empty()) head = AuditHead{AsInt(head_rows.rows[0][0]), AsText(head_rows.rows[0][1])};
    AuditChainVerifier verifier;
    int64_t after = 0;
    for (bool more = true; more;) {
      const Param params[] = {after, int64_t{kMaxAuditPage}};
      ICS_ASSIGN_OR_RETURN(Rows page, session->Run(kAuditPage, params));
      more = page.rows.size() == kMaxAuditPage;
      for (const Row& row : page.rows) {
        AuditEntry entry = ToEntry(row);
        after = entry.seq;
        if (!verifier.Add(entry)) {
          more = false;
          break;
        }
      }
    }
    return verifier.Finish(head);
  }

 private:
  static Status NoSuchUser(const std::string& name) {
    return NotFound("there is no user called '" + name + "' (ics users list shows them)", "user/" + name);
  }

  static Status NoSuchVersion(int64_t id) {
    return NotFound("there is no definition version " + std::to_string(id) + " (ics versions lists them)",
                    "definition_version/" + std::to_string(id));
  }

  Result<WriteTx> BeginWrite() { return core_.BeginWrite(); }
  Result<AuditEntry> Append(WriteTx& tx, const AuditEvent& event, std::string at = {}) {
    return core_.Append(tx, event, std::move(at));
  }

  internal::StoreCore core_;
  internal::Database* db_ = &core_.db();
  std::string url_;
  int schema_version_;
  std::function<std::string()> now_;
  QiProjectTables qi_projects_{core_};
  FinancialPlanTables financial_plans_{core_};
};

}  // namespace

std::string UtcNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<long>(ts.tv_nsec / 1000));
  return buf;
}

Result<StoreUrl> ParseStoreUrl(std::string_view url) {
  StoreUrl out;
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // sqlite:///abs/path.db
    if (path.empty()) return InvalidArgument("give the SQLite file after sqlite:, e.g. sqlite:ics.db", "--db");
    out.target = std::string(path);
    return out;
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    out.backend = StoreUrl::Backend::kPostgres;
    out.target = std::string(url);
    return out;
  }
  std::string shown = internal::RedactUrl(url);
  std::string hint = url.find("://") == std::string_view::npos && !url.empty()
                         ? " (for a SQLite file write sqlite:" + std::string(url) + ")"
                         : "";
  return InvalidArgument(
      "unknown database URL '" + shown + "': use sqlite:PATH or postgresql://USER@HOST/DATABASE" + hint, "--db");
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options) {
  ICS_ASSIGN_OR_RETURN(StoreUrl parsed, ParseStoreUrl(url));
  internal::DatabaseOptions db_options{options.busy_timeout_ms, options.max_connections, options.create_if_missing};
  Result<std::unique_ptr<internal::Database>> db = parsed.backend == StoreUrl::Backend::kSqlite
                                                       ? internal::OpenSqlite(parsed.target, db_options)
                                                       : internal::OpenPostgres(parsed.target, db_options);
  if (!db.ok()) return db.status();
  std::function<std::string()> now = options.now ? options.now : UtcNow;
  ICS_ASSIGN_OR_RETURN(int version, internal::ApplyMigrations(**db, now));
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(std::move(*db), internal::RedactUrl(url), version, std::move(now)));
}

}  // namespace ics::store
