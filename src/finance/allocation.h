// The NHS England fair-shares allocation method for one funding stream and year:
//   target      T_i  = Q × W_i / Σ W            (national quantum Q, weighted population W)
//   distance    D_i  = B_i / T_prev,i − 1       (B: adjusted recurrent baseline)
//   base growth g_i  = own target growth T_i / T_prev,i − 1, or a uniform rate
//   convergence c_i  = rule(D) or rule(D*), D* = B_i (1 + g_i) / T_i − 1, per policy
//   allocation  A_i  = round_£k(B_i (1 + g_i)(1 + c_i))
//   £/head = A_i / P_i;  post-convergence distance = A_i / T_i − 1;  total = A_i + add-ons.
// The rule parameters are data (MethodPolicy, read from policy files), never code branches.
// Money is summed in integer pence; ratios are doubles. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "finance/money.h"

namespace ics::finance {

enum class GrowthBasis {
  kOwnTargetGrowth,  // g = scale × T / T_prev − 1
  kUniform,          // g = rate for every ICB
};

struct GrowthPolicy {
  GrowthBasis basis = GrowthBasis::kOwnTargetGrowth;
  double rate = 0;     // kUniform
  double scale = 1.0;  // kOwnTargetGrowth: multiplies T / T_prev (1 unless empirical)
};

enum class DistanceBasis {
  kBeforeGrowth,  // D  = B / T_prev − 1
  kAfterGrowth,   // D* = B (1 + g) / T − 1: the gap to the allocation year's target
};

// One side of the convergence rule: |c| = min(cap, factor × |distance|).
struct ConvergenceSide {
  double factor = 0;  // share of the gap closed (1 = all of it)
  double cap = 0;     // largest |c|
};

struct ConvergencePolicy {
  DistanceBasis distance = DistanceBasis::kBeforeGrowth;
  ConvergenceSide above;  // distance > 0: c = −min(cap, factor × D)
  ConvergenceSide below;  // distance < 0: c = +min(cap, factor × |D|)
};

struct MethodPolicy {
  GrowthPolicy growth;
  ConvergencePolicy convergence;
  int64_t rounding_thousands = 1;  // recurrent allocations are published to the nearest £k
};

// One ICB's inputs for the allocation year.
struct IcbInput {
  std::string code;             // "QOQ"
  std::string name;
  Money baseline;               // adjusted recurrent baseline (previous year)
  Money previous_target;        // fair-shares target the baseline is compared with
  Money target;                 // fair-shares target for the allocation year
  double population = 0;        // registered population for £/head
  std::vector<Money> add_ons;   // non-recurrent or ring-fenced lines, in a fixed order
};

struct IcbAllocation {
  std::string code;
  std::string name;
  Money baseline;
  Money previous_target;
  Money target;
  double distance_from_target = 0;         // B / T_prev − 1
  double base_growth = 0;
  double convergence_distance = 0;         // the distance the convergence rule acted on
  double convergence = 0;
  Money recurrent_allocation;              // rounded per MethodPolicy
  double recurrent_growth = 0;             // A / B − 1
  double population = 0;
  double per_head = 0;                     // £ per head: A × 1000 / P
  double post_convergence_distance = 0;    // A / T − 1
  std::vector<Money> add_ons;
  Money total_allocation;                  // A + Σ add-ons
};

// England: sums of the ICB figures (the published total rows are rounded; these are exact).
struct AllocationTotals {
  Money baseline, previous_target, target, recurrent_allocation, total_allocation;
  std::vector<Money> add_ons;
  double population = 0;
  double distance_from_target = 0;       // Σ B / Σ T_prev − 1
  double recurrent_growth = 0;           // Σ A / Σ B − 1
  double per_head = 0;
  double post_convergence_distance = 0;  // Σ A / Σ T − 1
};

struct Allocation {
  std::vector<IcbAllocation> icbs;  // input order
  AllocationTotals england;
};

// ---- The steps, each usable on its own ----

// T_i = Q × W_i / Σ W, to the nearest penny. Fails if a weight is negative or not finite,
// or Σ W is not positive.
Result<std::vector<Money>> TargetsFromQuantum(Money quantum, std::span<const double> weights);

// B / T − 1. REQUIRES: target > 0.
double DistanceFromTarget(Money baseline, Money target);

double BaseGrowth(const GrowthPolicy& policy, Money previous_target, Money target);

// The convergence rate c for a distance (positive distance = above target).
double Convergence(const ConvergencePolicy& policy, double distance);

// round(B (1 + g)(1 + c)) to a multiple of `rounding_thousands` £k, halves away from zero.
Money GrowAndConverge(Money baseline, double growth, double convergence, int64_t rounding_thousands);

// An adjusted recurrent baseline: the opening figure (the previous recurrent allocation)
// plus the listed adjustments, in exact pence (saturating at the int64 range, far beyond
// kMaxThousands, so a caller's range check catches an overflow).
Money AdjustedBaseline(Money opening, std::span<const Money> adjustments);

// Checks a policy's numbers (caps and factors ≥ 0 and finite, rounding ≥ 1, scale > 0).
// `where` prefixes the field paths in messages.
Status ValidateMethod(const MethodPolicy& policy, const std::string& where = {});

// Runs every step for every ICB. Fails with InvalidArgument (where = the ICB code) on an
// empty or duplicate code, a baseline < 0, a target or previous target ≤ 0, a population
// ≤ 0, add-on lists of different lengths, or an invalid policy.
Result<Allocation> Allocate(const MethodPolicy& policy, std::span<const IcbInput> icbs);

}  // namespace ics::finance
