// The shared machinery of the store's table groups (see store_core.h).
#include "store/internal/store_core.h"

#include <nlohmann/json.hpp>

namespace ics::store::internal {

namespace {

// Writers lock the head row (PostgreSQL FOR UPDATE; SQLite's write lock is already held).
constexpr Sql kHeadForUpdate{"head_for_update", "SELECT seq, hash FROM audit_head WHERE id = 1",
                             "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"};
constexpr Sql kHeadAdvance{"head_advance", "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"};
constexpr Sql kAuditInsert{"audit_insert",
                           "INSERT INTO audit_log (seq, at, actor, action, object, detail, prev_hash, hash) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};

constexpr size_t kMaxDetailBytes = 1 << 20;

}  // namespace

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

std::string DumpJson(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// A JSON value of the expected kind, stored as compact text.
Result<std::string> CompactJson(const std::string& text, bool want_array, const char* field) {
  if (text.size() > kMaxDetailBytes) return ResourceExhausted(std::string(field) + " is larger than 1 MiB", field);
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || (want_array ? !parsed.is_array() : !parsed.is_object()))
    return InvalidArgument(std::string(field) + " must be a JSON " + (want_array ? "array" : "object"), field);
  return DumpJson(parsed);
}

Result<std::string> CanonicalDetail(const std::string& json) {
  if (json.empty()) return std::string("{}");
  if (json.size() > kMaxDetailBytes) return ResourceExhausted("audit detail is larger than 1 MiB", "detail");
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return InvalidArgument("audit detail is not valid JSON", "detail");
  if (!parsed.is_object()) return InvalidArgument("audit detail must be a JSON object", "detail");
  return DumpJson(parsed);  // keys sorted, no spaces, UTF-8 kept
}

Status StaleRowVersion(const std::string& what, int64_t current, int64_t expected) {
  return Status(StatusCode::kConflict,
                what + " was changed by someone else (it is at row version " + std::to_string(current) +
                    "; the change was made against " + std::to_string(expected) + "): reload it and try again",
                "row_version");
}

StoreCore::StoreCore(std::unique_ptr<Database> db, std::function<std::string()> now)
    : db_(std::move(db)), now_(std::move(now)) {}

Result<std::unique_ptr<Session>> StoreCore::BeginRead() { return db_->Begin(TxMode::kRead); }

Result<WriteTx> StoreCore::BeginWrite() {
  WriteTx tx;
  ICS_ASSIGN_OR_RETURN(tx.session, db_->Begin(TxMode::kWrite));
  ICS_ASSIGN_OR_RETURN(Rows head, tx.session->Run(kHeadForUpdate));
  if (head.rows.empty()) return Internal("the audit head record is missing; run ics audit verify");
  tx.head = {AsInt(head.rows[0][0]), AsText(head.rows[0][1])};
  return tx;
}

Result<AuditEntry> StoreCore::Append(WriteTx& tx, const AuditEvent& event, std::string at) {
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

}  // namespace ics::store::internal
