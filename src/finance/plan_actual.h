// Plan against actual from a ledger (ledger.h): every located error of a ledger file at once,
// one organisation's months (plan and actual income and expenditure, by category, with the
// year to date), and the Mental Health Investment Standard from the ledgers of two years.
//
// The mental health category: an ICB's expenditure lines in category "mental_health" are its
// spend in the MHIS categories (as its MHIS statement reports them; no SDF, spending-review
// money, learning disability and autism or ADHD). This year's spend is the forecast outturn
// (actuals reported so far + plan for the remaining months); last year's is that year's
// ledger outturn the same way (all twelve actuals once the year is closed).
//
// Pure functions on text and values, thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/ledger.h"
#include "finance/mhis.h"
#include "finance/money.h"

namespace ics::finance {

inline constexpr std::string_view kMentalHealthCategory = "mental_health";

// Every located error of a ledger file, not just the first: each row's cells are checked on
// their own (an empty, non-numeric or negative plan or actual, a month outside the year, an
// unknown kind, an empty organisation or category), so a file with several bad cells gets
// them all; when every cell is good, the checks across rows (duplicates, missing months,
// actuals with gaps, totals that do not add up) give ParseLedger's error. Empty when the
// ledger is good. A CSV that cannot be read as a table (an unterminated quote, a missing
// column) is one error. At most `max_errors` are returned.
std::vector<Status> LedgerErrors(std::string_view text, const std::string& source, std::string_view year,
                                 size_t max_errors = 100);

struct MonthPlanActual {
  Money plan_income, plan_expenditure;
  std::optional<Money> actual_income, actual_expenditure;  // once every line of the month is reported
};

struct CategoryPlanActual {
  std::string kind;  // "income" or "expenditure"
  std::string category;
  std::array<Money, 12> plan{};
  std::array<std::optional<Money>, 12> actual{};
  Money plan_total;
  Money ytd_plan, ytd_actual;  // over the organisation's months reported
};

struct OrganisationPlanActual {
  std::string year;
  std::string organisation;
  std::string name;
  int months_reported = 0;  // leading months with an actual on every line of the organisation
  std::array<MonthPlanActual, 12> months{};
  std::vector<CategoryPlanActual> categories;  // first-seen order
  Money plan_income, plan_expenditure;          // the year
  Money ytd_plan_expenditure, ytd_actual_expenditure;
  Money ytd_expenditure_variance;  // plan − actual: positive = under plan, negative = overspent
  Money forecast_expenditure;      // actual to date + plan for the remaining months
};

// One organisation's months. NotFound naming the organisation when the ledger has no line
// for it; InvalidArgument if amounts leave the range.
Result<OrganisationPlanActual> PlanActualFor(const Ledger& ledger, std::string_view organisation);

// The ICB's mental health spend from this year's and last year's ledgers (category
// "mental_health", kind expenditure): previous_spend = last year's outturn, spend = this
// year's forecast outturn, `where` = the first line of this year's series. NotFound (at the
// ledger's source) when either ledger has no such line for the ICB.
Result<MhisSpend> MhisSpendFromLedgers(const Ledger& current, const Ledger& previous, std::string_view icb);

// Month label "2025-04" of month index 0..11 of `year` ("2025/26").
std::string LedgerMonth(std::string_view year, int index);

}  // namespace ics::finance
