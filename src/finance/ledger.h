// The system financial envelope, monthly plans and actuals per organisation, and the
// system's financial balance.
//
// Envelope: what NHS England allocates the ICB for the year (core recurrent allocation and
// add-ons, primary medical care, running cost allowance), as lines that sum exactly.
// Ledger: one CSV row per organisation, month, kind (income | expenditure) and category,
// with the plan and (once reported) the actual in £k. Two categories have a meaning:
// "allocation" (ICB income from its allocations) and "running_costs" (ICB running costs).
// Balance: surplus = income − expenditure per organisation and for the system, for the
// plan, the months reported so far and a forecast (actuals to date + plan for the rest).
//
// Pure functions on text and values, thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/findings.h"
#include "finance/mhis.h"
#include "finance/money.h"

namespace ics::finance {

inline constexpr std::string_view kAllocationCategory = "allocation";
inline constexpr std::string_view kRunningCostsCategory = "running_costs";

struct EnvelopeLine {
  std::string stream;  // "core", "pmc", "rca", ...
  std::string label;   // the published column ("2025/26 Recurrent allocation (£k)", an add-on, ...)
  Money amount;
};

struct Envelope {
  std::string icb;
  std::string name;
  std::string year;
  std::vector<EnvelopeLine> lines;
  Money total;  // Σ lines, exact
};

// Adds a line and keeps the total. InvalidArgument if the total leaves the range of amounts.
Status AddEnvelopeLine(Envelope* envelope, EnvelopeLine line);

struct LedgerLine {
  std::string organisation;  // ODS code ("QJ2", "RTG")
  std::string name;          // optional
  std::string kind;          // "income" or "expenditure"
  std::string category;
  int month = 0;             // 0 = April ... 11 = March
  Money plan;
  std::optional<Money> actual;  // absent until reported
  std::string where;            // "file:line"
};

struct Ledger {
  std::string year;    // "2025/26"
  std::string source;
  std::vector<LedgerLine> lines;  // monthly lines only (checked "total" rows are dropped)
};

// Reads a ledger for the financial year `year`. Columns: organisation, month ("2025-04" ..
// "2026-03", or "total" for an annual total row), kind, category, plan_k, and optionally
// actual_k and name. InvalidArgument at "file:line" for: a missing column; an empty, non-
// numeric or negative plan or actual (an empty actual means "not reported yet"); a month
// outside the year; an unknown kind; the same organisation, month, kind and category twice;
// a series (organisation, kind, category) without all twelve months; an actual reported
// for a month when an earlier month of the series has none; a total row that does not equal
// the sum of its months.
Result<Ledger> ParseLedger(std::string_view text, std::string source, std::string_view year);

struct OrganisationPosition {
  std::string organisation;
  std::string name;
  Money plan_income, plan_expenditure, plan_surplus;  // the year
  int months_reported = 0;  // leading months with an actual on every line of the organisation
  Money ytd_plan_surplus;   // over the system's months reported
  Money ytd_actual_surplus;
  Money ytd_variance;       // actual − plan (negative = adverse)
  Money forecast_surplus;   // actual to date + plan for the remaining months
  std::array<Money, 12> plan_surplus_by_month{};
  std::array<std::optional<Money>, 12> actual_surplus_by_month{};
  Money planned_allocation_income;  // category "allocation"
  Money planned_running_costs;      // category "running_costs"
  Money ytd_running_costs;
};

struct BalancePolicy {
  Money variance_tolerance;  // adverse year-to-date variance tolerated before a warning
};

struct SystemPosition {
  std::string year;
  std::string icb;
  int months_reported = 0;  // months every organisation has reported (the system's year to date)
  std::vector<OrganisationPosition> organisations;  // first-seen order
  OrganisationPosition system;                      // sums over the organisations
  Envelope envelope;
  std::vector<Finding> findings;
};

// Assesses the ledger against the envelope (whose ICB must be an organisation of the
// ledger for the ICB checks to run) and, when given, the ICB's running cost allowance.
// Findings:
//   ENV-001 breach   the ICB plans more allocation income than its allocations
//   ENV-002 warning  the ICB plans less allocation income than its allocations
//   ENV-003 breach   the ICB plans to spend more than its income (break-even duty)
//   BAL-001 breach   the system plan is in deficit
//   BAL-002 warning  the system's year to date is worse than plan
//   BAL-003 warning  an organisation's year to date is worse than plan
//   BAL-004 warning  an organisation plans a deficit
//   RCA-001/002      running costs against the allowance (see CheckRunningCosts)
// InvalidArgument if the ledger's year differs from the envelope's, or amounts overflow.
Result<SystemPosition> AssessSystem(const Ledger& ledger, const Envelope& envelope,
                                    const std::optional<RunningCostAllowance>& rca, const BalancePolicy& policy);

}  // namespace ics::finance
