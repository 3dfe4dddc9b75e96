// What every group of the store's tables shares: the database, the clock, write
// transactions that hold the audit head (so writers are serialised on both backends),
// audit entries appended inside the writer's own transaction, and the checks on text
// before it is stored. The Store (store.cc) and each table group (qi_projects.cc,
// financial_plans.cc, ...) are written on top of it, once for both backends.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/status.h"
#include "store/audit_chain.h"
#include "store/internal/database.h"
#include "store/store.h"

namespace ics::store::internal {

// A write transaction that has locked the audit head.
struct WriteTx {
  std::unique_ptr<Session> session;
  AuditHead head;
};

class StoreCore {
 public:
  StoreCore(std::unique_ptr<Database> db, std::function<std::string()> now);

  Database& db() { return *db_; }
  // UTC now as the store writes it (the injected clock in tests).
  std::string Now() const { return now_(); }

  Result<std::unique_ptr<Session>> BeginRead();
  // Begins a write and locks the audit head; commit with tx.session->Commit().
  Result<WriteTx> BeginWrite();
  // Appends an audit entry in the write's transaction. `at` defaults to now; a write
  // passes its own time so the row and its entry agree.
  Result<AuditEntry> Append(WriteTx& tx, const AuditEvent& event, std::string at = {});

 private:
  std::unique_ptr<Database> db_;
  std::function<std::string()> now_;
};

// Whether `s` is UTF-8 without NUL (what both backends store byte for byte).
bool IsStorableText(std::string_view s);
// kInvalidArgument naming `field` unless IsStorableText(value).
Status CheckText(std::string_view value, const char* field);

// `text` as compact JSON when it is a JSON array (want_array) or object; kInvalidArgument
// naming `field` otherwise, kResourceExhausted past 1 MiB.
Result<std::string> CompactJson(const std::string& text, bool want_array, const char* field);

// An audit detail as canonical JSON (keys sorted, no spaces); "" is "{}".
Result<std::string> CanonicalDetail(const std::string& json);

// Compact JSON text of `j` (invalid UTF-8 replaced).
std::string DumpJson(const nlohmann::json& j);

// The kConflict a write returns when the row moved on since the caller read it.
Status StaleRowVersion(const std::string& what, int64_t current, int64_t expected);

}  // namespace ics::store::internal
