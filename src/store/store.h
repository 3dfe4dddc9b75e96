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

class QiProjectTables;      // store/qi_projects.h
class FinancialPlanTables;  // store/financial_plans.h

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

// A local account. The password is kept only as an Argon2id hash (made by the caller);
// roles are role names separated by commas ("finance,analyst").
struct UserAccount {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  std::string roles;
  bool disabled = false;
  std::string created_at;
  std::string created_by;
  int64_t row_version = 1;
};

struct NewUserAccount {
  std::string username;  // REQUIRES: not empty
  std::string display_name;
  std::string password_hash;  // REQUIRES: not empty
  std::string roles;
};

// A change to an account; unset fields stay as they are.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<std::string> password_hash;
  std::optional<std::string> roles;
  std::optional<bool> disabled;  // disabling also ends the user's sessions
};

// A signed-in browser session. The store keeps only a digest of the session id (the
// cookie), so a copy of the database cannot be used to sign in.
struct SessionRecord {
  std::string digest;    // hex SHA-256 of the session id
  std::string username;  // the account it belongs to
  std::string csrf;      // the token state-changing requests must carry
  std::string created_at;
  std::string expires_at;           // idle expiry; moved on when the id rotates
  std::string absolute_expires_at;  // never moved
  std::string rotated_at;
};

// An API token for a machine client; only its digest is stored.
struct ApiTokenRecord {
  int64_t id = 0;
  std::string digest;
  std::string username;
  std::string label;
  std::string created_at;
  bool revoked = false;
};

// A decision recorded for one agenda item of a meeting (the definition's meeting id and
// item number). One per item; a correction replaces it and bumps row_version.
struct MeetingDecision {
  int64_t id = 0;
  std::string meeting_id;
  std::string item_number;
  std::string text;          // the decision as minuted
  std::string outcome;       // e.g. "approved", "rejected", "deferred"
  std::string recorded_by;
  std::string recorded_at;
  std::string quorum_json;     // the item's quorum count when it was recorded (JSON object)
  std::string conflicts_json;  // the item's conflicts when it was recorded (JSON array)
  int64_t row_version = 1;
};

struct NewMeetingDecision {
  std::string meeting_id;   // REQUIRES: not empty
  std::string item_number;  // REQUIRES: not empty
  std::string text;         // REQUIRES: not empty
  std::string outcome;      // REQUIRES: not empty
  std::string quorum_json = "{}";
  std::string conflicts_json = "[]";
  // 0: the item has no decision yet (kConflict when it has one); otherwise the
  // row_version of the decision being corrected (kConflict when it has moved on).
  int64_t expected_row_version = 0;
};

// The minutes of a meeting: a draft that may change until it is approved. The public part
// and the confidential part are kept apart so the public portal never reads the latter.
struct MeetingMinutes {
  std::string meeting_id;
  std::string status;  // "draft" or "approved"
  std::string public_text;
  std::string confidential_text;
  std::string updated_by;
  std::string updated_at;
  std::string approved_by;  // empty while a draft
  std::string approved_at;
  int64_t row_version = 1;
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

  // Definition versions a page at a time, newest first: those with id < before_id (every
  // id when before_id is 0), at most `limit` (1..1000), without their text.
  virtual Result<std::vector<DefinitionVersion>> ListDefinitionVersionsPage(int64_t before_id, int limit) = 0;

  // Accounts. Every change is audited with `actor`.
  // kAlreadyExists when the username is taken.
  virtual Result<UserAccount> CreateUser(const NewUserAccount& user, const std::string& actor) = 0;
  // kNotFound when there is no such user.
  virtual Result<UserAccount> UpdateUser(const std::string& username, const UserChange& change,
                                         const std::string& actor) = 0;
  virtual Result<std::vector<UserAccount>> ListUsers() = 0;
  virtual Result<std::optional<UserAccount>> FindUser(const std::string& username) = 0;

  // Sessions. Creating one records the sign-in, clears the user's sign-in failures and
  // drops the user's expired sessions.
  virtual Status CreateSession(const SessionRecord& session, const std::string& remote) = 0;
  // The session with this digest and its user, whether or not it has expired (the
  // caller compares the times), or nullopt.
  virtual Result<std::optional<std::pair<SessionRecord, UserAccount>>> FindSession(const std::string& digest) = 0;
  // Replaces a session's id: the new record is stored and the old one expires at
  // `old_expires_at` (a short grace for requests already in flight).
  virtual Status RotateSession(const std::string& old_digest, const SessionRecord& replacement,
                               const std::string& old_expires_at) = 0;
  // Signs out: deletes the session. Deleting a session that is gone is not an error.
  virtual Status EndSession(const std::string& digest, const std::string& actor) = 0;

  // API tokens.
  virtual Result<ApiTokenRecord> CreateApiToken(const std::string& digest, const std::string& username,
                                                const std::string& label, const std::string& actor) = 0;
  virtual Result<std::optional<std::pair<ApiTokenRecord, UserAccount>>> FindApiToken(const std::string& digest) = 0;
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens(const std::string& username) = 0;
  // kNotFound when there is no such token.
  virtual Result<ApiTokenRecord> RevokeApiToken(int64_t id, const std::string& actor) = 0;

  // Sign-in throttling: failures are recorded (and audited) and counted since a time.
  virtual Status RecordSignInFailure(const std::string& username, const std::string& remote) = 0;
  struct FailureCounts {
    int64_t for_user = 0;
    int64_t from_remote = 0;
  };
  virtual Result<FailureCounts> CountSignInFailures(const std::string& username, const std::string& remote,
                                                    const std::string& since) = 0;

  // Meetings: decisions and minutes. Every write is audited with `actor`.
  // Records (expected_row_version 0) or corrects a decision for an agenda item.
  virtual Result<MeetingDecision> RecordDecision(const NewMeetingDecision& decision, const std::string& actor) = 0;
  // A meeting's decisions in item order of recording; every meeting's when `meeting_id` is empty.
  virtual Result<std::vector<MeetingDecision>> ListDecisions(const std::string& meeting_id) = 0;
  // Writes the draft minutes: expected_row_version 0 creates them (kConflict when they
  // exist), otherwise the version read (kConflict when moved on). Approved minutes are not
  // changed (kFailedPrecondition).
  virtual Result<MeetingMinutes> SaveMinutes(const std::string& meeting_id, const std::string& public_text,
                                             const std::string& confidential_text, int64_t expected_row_version,
                                             const std::string& actor) = 0;
  // Approves draft minutes (kNotFound when none, kConflict when moved on,
  // kFailedPrecondition when already approved).
  virtual Result<MeetingMinutes> ApproveMinutes(const std::string& meeting_id, int64_t expected_row_version,
                                                const std::string& actor) = 0;
  virtual Result<std::optional<MeetingMinutes>> GetMinutes(const std::string& meeting_id) = 0;

  // Quality-improvement projects (store/qi_projects.h).
  virtual QiProjectTables& qi_projects() = 0;
  // Monthly plans and actuals per organisation (store/financial_plans.h).
  virtual FinancialPlanTables& financial_plans() = 0;

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
