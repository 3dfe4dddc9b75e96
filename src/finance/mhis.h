// The Mental Health Investment Standard and the running cost allowance.
//
// MHIS: each ICB must increase its spend on mental health services by at least its core
// programme allocation's base growth, before convergence (the `g` of the allocation table):
//   minimum_t = MH spend_{t-1} × (1 + g_t);  compliant when MH spend_t ≥ minimum_t.
// Spend is the MHIS categories only (no SDF, spending-review money, COVID, learning
// disability and autism, or ADHD), as the ICB's MHIS statement reports it.
//
// Running cost allowance (RCA): an ICB's running (administration) costs must not exceed its
// allowance, a published table per year.
//
// Pure functions on text and values, thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/allocation.h"
#include "finance/findings.h"
#include "finance/money.h"

namespace ics::finance {

// One ICB's mental health spend (MHIS categories, £k): the previous year's outturn and this
// year's plan or outturn.
struct MhisSpend {
  std::string icb;
  Money previous_spend;
  Money spend;
  std::string where;  // "file:line"
};

// Reads CSV with columns icb, previous_spend_k, spend_k (others ignored). InvalidArgument at
// "file:line" for an empty, non-numeric or negative figure or an ICB listed twice.
Result<std::vector<MhisSpend>> ParseMhisSpend(std::string_view text, std::string source);

struct MhisResult {
  std::string icb;
  std::string name;
  double base_growth = 0;     // g: the core allocation's base growth, before convergence
  Money previous_spend;
  Money minimum;              // previous_spend × (1 + g), to the penny
  Money spend;
  Money headroom;             // spend − minimum (negative = shortfall)
  double spend_growth = 0;    // spend / previous_spend − 1
  double share_of_allocation = 0;  // spend / the core recurrent allocation
  bool compliant = false;
};

// Checks each ICB's spend against the standard, using `core`'s base growth and recurrent
// allocation for the year. With `pmc`, the growth is that of core and primary medical care
// together, g = Σ B (1 + g) / Σ B − 1 over the two streams (whether the standard's
// "programme allocation" includes PMC is unconfirmed; core alone is the default).
// InvalidArgument at the spend line for an ICB that is not in `core` (or `pmc`), or a
// previous spend of zero. Appends one MHIS-001 finding per breach.
Result<std::vector<MhisResult>> CheckMhis(std::span<const MhisSpend> spend, const Allocation& core,
                                          std::string_view year, std::vector<Finding>* findings,
                                          const Allocation* pmc = nullptr);

// ---- Running cost allowance ----

struct RunningCostAllowance {
  std::string icb;
  std::string name;
  Money allowance;
  std::string where;
};

// Reads the published RCA table: rows whose row_type column is "icb", the ICB code from
// `code_column` and the allowance (£k) from `column`. If the table has an england_total
// row, the ICB rows must add up to it (within £1k, as the published totals are rounded):
// InvalidArgument at that row if not. Other failures are located as in the allocation
// tables (empty, non-numeric or negative figures, an ICB twice).
Result<std::vector<RunningCostAllowance>> ParseRunningCostAllowances(std::string_view text, std::string source,
                                                                     std::string_view code_column,
                                                                     std::string_view name_column,
                                                                     std::string_view column);

// RCA-001 when planned running costs exceed the allowance; RCA-002 (warning) when the
// actual running costs of the first `months_reported` months exceed that share of the
// allowance. `actual_year_to_date` may be absent (no actuals yet).
void CheckRunningCosts(const RunningCostAllowance& rca, Money planned, std::optional<Money> actual_year_to_date,
                       int months_reported, std::string_view year, std::vector<Finding>* findings);

}  // namespace ics::finance
