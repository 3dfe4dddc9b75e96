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
using internal::TxMode;

// --- Audit ------------------------------------------------------------------------------
// Writers lock the head row (PostgreSQL FOR UPDATE; SQLite's write lock is already held).
constexpr Sql kHeadForUpdate{"head_for_update", "SELECT seq, hash FROM audit_head WHERE id = 1",
                             "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"};
constexpr Sql kHeadRead{"head_read", "SELECT seq, hash FROM audit_head WHERE id = 1"};
constexpr Sql kHeadAdvance{"head_advance", "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"};
constexpr Sql kAuditInsert{"audit_insert",
                           "INSERT INTO audit_log (seq, at, actor, action, object, detail, prev_hash, hash) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
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
#undef ICS_VERSION_COLUMNS

constexpr int kMaxAuditPage = 10000;

// Text both backends can hold byte for byte: UTF-8 without NUL (PostgreSQL's text
// refuses both invalid UTF-8 and NUL, so SQLite is held to the same rule).
bool IsStorableText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (n == 0 || i + n >= s.size()) return false;  // a lead byte with its continuation bytes cut off
    uint32_t cp = c & (0x3F >> n);
    for (size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

Status CheckText(std::string_view value, const char* field) {
  if (IsStorableText(value)) return Status::Ok();
  return InvalidArgument(std::string(field) + " must be UTF-8 text without NUL bytes", field);
}

std::string Dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

constexpr size_t kMaxDetailBytes = 1 << 20;

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

Result<std::string> CanonicalDetail(const std::string& json) {
  if (json.empty()) return std::string("{}");
  if (json.size() > kMaxDetailBytes) return ResourceExhausted("audit detail is larger than 1 MiB", "detail");
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidArgument("audit detail is not valid JSON", "detail");
  if (!parsed.is_object()) return InvalidArgument("audit detail must be a JSON object", "detail");
  return Dump(parsed);  // keys sorted, no spaces, UTF-8 kept
}

class SqlStore : public Store {
 public:
  SqlStore(std::unique_ptr<internal::Database> db, std::string url, int schema_version,
           std::function<std::string()> now)
      : db_(std::move(db)), url_(std::move(url)), schema_version_(schema_version), now_(std::move(now)) {}

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
      return Status(StatusCode::kConflict,
                    "definition version " + std::to_string(id) + " was changed by someone else (it is at row version " +
                        std::to_string(v.row_version) + "; the change was made against " +
                        std::to_string(expected_row_version) + "): reload it and try again",
                    "row_version");
    }
    nlohmann::json detail = {{"note", note}, {"row_version", v.row_version}};
    ICS_RETURN_IF_ERROR(
        Append(tx, {actor, "definition.note", "definition_version/" + std::to_string(id), Dump(detail)}).status());
    ICS_RETURN_IF_ERROR(tx.session->Commit());
    return v;
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
  struct WriteTx {
    std::unique_ptr<Session> session;
    AuditHead head;
  };

  static Status NoSuchVersion(int64_t id) {
    return NotFound("there is no definition version " + std::to_string(id) + " (ics versions lists them)",
                    "definition_version/" + std::to_string(id));
  }

  Result<WriteTx> BeginWrite() {
    WriteTx tx;
    ICS_ASSIGN_OR_RETURN(tx.session, db_->Begin(TxMode::kWrite));
    ICS_ASSIGN_OR_RETURN(Rows head, tx.session->Run(kHeadForUpdate));
    if (head.rows.empty()) return Internal("the audit head record is missing; run ics audit verify");
    tx.head = {AsInt(head.rows[0][0]), AsText(head.rows[0][1])};
    return tx;
  }

  // `at` defaults to now; a write passes its own time so the row and its entry agree.
  Result<AuditEntry> Append(WriteTx& tx, const AuditEvent& event, std::string at = {}) {
    if (event.actor.empty()) return InvalidArgument("an audit entry needs an actor", "actor");
    if (event.action.empty()) return InvalidArgument("an audit entry needs an action", "action");
    ICS_RETURN_IF_ERROR(CheckText(event.actor, "actor"));
    ICS_RETURN_IF_ERROR(CheckText(event.action, "action"));
    ICS_RETURN_IF_ERROR(CheckText(event.object, "object"));
    ICS_ASSIGN_OR_RETURN(std::string detail, CanonicalDetail(event.detail_json));
    AuditEntry e;
    e.seq = tx.head.seq + 1;
    e.at = at.empty() ? now_() : std::move(at);
    e.actor = event.actor;
    e.action = event.action;
    e.object = event.object;
    e.detail = std::move(detail);
    e.prev_hash = tx.head.hash;
    e.hash = ComputeAuditHash(e);
    const Param insert[] = {e.seq, e.at, e.actor, e.action, e.object, e.detail, e.prev_hash, e.hash};
    ICS_RETURN_IF_ERROR(tx.session->Run(kAuditInsert, insert).status());
    const Param advance[] = {e.seq, e.hash};
    ICS_ASSIGN_OR_RETURN(Rows advanced, tx.session->Run(kHeadAdvance, advance));
    if (advanced.affected != 1) return Internal("the audit head did not advance");
    tx.head = {e.seq, e.hash};
    return e;
  }

  std::unique_ptr<internal::Database> db_;
  std::string url_;
  int schema_version_;
  std::function<std::string()> now_;
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
