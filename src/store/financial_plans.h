// Monthly financial plans and actuals per organisation in the store, imported from CSV (migration 7). Written once for both backends on StoreCore; every write is audited in its own transaction.
//
// A ledger import is one CSV file for one financial year: who imported it, when, the file
// name, its SHA-256 and size, and its lines (organisation, kind, category, month, plan and
// actual in whole pence). A year's current ledger is its newest import: a new import
// replaces the year's lines as a whole (a finance team sends the whole year's workbook
// each month, so a replacement never leaves half of one month and half of another). Earlier
// imports are never changed or deleted: they stay listed, with their lines, as the history.
// The store does not parse CSV; the caller (ics ledger import, the API) parses and checks it
// with finance::ParseLedger and passes the lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace ics::store {

namespace internal {
class StoreCore;
}  // namespace internal

// One monthly line of a ledger. Money is in whole pence (£k × 100,000).
struct PlanLine {
  std::string organisation;  // ODS code; REQUIRES: not empty
  std::string name;          // the organisation's name, may be empty
  std::string kind;          // "income" or "expenditure"
  std::string category;      // REQUIRES: not empty
  int month = 0;             // 0 = April ... 11 = March of the year
  int64_t plan_pence = 0;
  std::optional<int64_t> actual_pence;  // absent until reported
  std::string where;                    // "file:line" in the imported CSV
};

// An import as listed (without its lines).
struct LedgerImport {
  int64_t id = 0;
  std::string year;  // "2025/26"
  std::string file_name;
  std::string sha256;  // hex SHA-256 of the CSV's bytes
  int64_t bytes = 0;
  int64_t rows = 0;  // monthly lines stored
  std::string imported_by;
  std::string imported_at;
  bool current = false;  // the newest import of its year
};

struct NewLedgerImport {
  std::string year;       // REQUIRES: "YYYY/YY"
  std::string file_name;  // REQUIRES: not empty
  std::string sha256;     // of the CSV's bytes (store::Sha256Hex)
  int64_t bytes = 0;
  std::vector<PlanLine> lines;  // REQUIRES: not empty
};

struct StoredLedger {
  LedgerImport import;
  std::vector<PlanLine> lines;  // in the order imported
};

// Reached through Store::financial_plans(); thread-safe like the Store.
class FinancialPlanTables {
 public:
  explicit FinancialPlanTables(internal::StoreCore& core) : core_(core) {}

  // Stores an import; it becomes its year's current ledger. Audited as "ledger.import"
  // (object "ledger_import/ID", detail: year, file name, sha256, bytes, rows, and the
  // import it replaces). kInvalidArgument naming the field for a malformed year, an empty
  // file name or line field, a month outside 0..11, a kind other than income/expenditure,
  // or text that is not UTF-8; the same organisation, kind, category and month twice is
  // kInvalidArgument at the second line's `where`.
  Result<LedgerImport> ImportLedger(const NewLedgerImport& ledger, const std::string& actor);

  // Imports newest first; of one year when `year` is not empty.
  Result<std::vector<LedgerImport>> ListImports(const std::string& year = {});

  // The year's current ledger, or nullopt when none has been imported.
  Result<std::optional<StoredLedger>> CurrentLedger(const std::string& year);

  // One import with its lines (current or not); kNotFound when there is no such id.
  Result<StoredLedger> GetImport(int64_t id);

 private:
  internal::StoreCore& core_;
};

}  // namespace ics::store
