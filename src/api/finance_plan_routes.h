// The routes of stored monthly plans and actuals (/api/v1/finance/plans/...): a year's
// ledger CSV imported into the store (refused as a whole, with every located error, when any
// line is bad), the imports listed, the current ledger, the system position (balance per
// organisation and for the system: plan, year to date, forecast; findings ENV/BAL/RCA
// against the served ICB's envelope), one organisation's monthly plan against actual with an
// XmR chart of its monthly actual expenditure, and MHIS and running costs with their
// findings; each table also as an XLSX workbook.
//
// Access: finance imports; finance, analyst, board_member and oversight read (the roles that
// set, scrutinise and oversee the system's money). Reads are not audited: plans and actuals
// are the system's own aggregate figures, no personal data. Every import is audited by the
// store.
//
// The SPC of monthly spend uses the improvement direction "neutral": higher spend is neither
// better nor worse in itself (an underspend can mean care not delivered as much as an
// overspend means cost pressure), so both directions of special cause are flagged for
// investigation and neither is coloured as improvement.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "api/app.h"
#include "api/http.h"
#include "finance/ledger.h"
#include "store/financial_plans.h"
#include "store/store.h"

namespace ics::api {

// A parsed ledger as store lines (pence), and back. `text` is the CSV as imported (its
// digest and size are stored).
store::NewLedgerImport LedgerForStore(const finance::Ledger& ledger, const std::string& file_name,
                                      const std::string& text);
finance::Ledger LedgerFromStore(const store::StoredLedger& stored);

// The financial year before `year` ("2025/26" -> "2024/25"); "" if `year` is not one.
std::string PreviousYear(const std::string& year);

struct FinancePlanOptions {
  std::shared_ptr<store::Store> store;  // REQUIRES: not null
  std::string data_dir;                 // the published tables (DefaultFinanceDataDir())
};

void AddFinancePlanRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition,
                          FinancePlanOptions options);

// For `ics serve --demo`: imports the synthetic demo ledgers (data/demo/ledger_2024_25.csv and
// ledger_2025_26.csv, from `demo_dir`, default the source tree's data/demo) for each year that
// has no ledger yet, as "ics serve --demo". Returns how many were imported.
Result<int> SeedDemoLedgers(store::Store& store, std::string demo_dir = {});

}  // namespace ics::api
