// Weighted populations: GP-practice registered populations (projected to the allocation
// year) and needs-weighted populations, aggregated to sub-ICB location and ICB. NHS England
// publishes the practice-level weighted populations; this module sums them, it does not
// re-estimate the need models. Pure functions, thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/status.h"

namespace ics::finance {

struct PracticeWeights {
  std::string code;      // GP practice code ("A81001")
  std::string icb;       // ICB code ("QHM")
  std::string sub_icb;   // sub-ICB location code ("16C"); may be empty
  double population = 0; // projected registered population
  double weighted = 0;   // weighted population for the stream (core "Final WP", ...)
  std::string where;     // "file:line" for messages; may be empty
};

struct AreaWeights {
  std::string code;        // ICB or sub-ICB location code
  std::string icb;         // the ICB it belongs to (== code for an ICB)
  int practices = 0;
  double population = 0;
  double weighted = 0;
  // Need index relative to England: (weighted / population) / (England weighted / population).
  double need_index = 0;
  // Share of England's weighted population.
  double share = 0;
};

struct WeightedPopulations {
  std::vector<AreaWeights> icbs;      // in order of first appearance
  std::vector<AreaWeights> sub_icbs;  // keyed by (ICB, sub-ICB), in order of first appearance
  double population = 0;              // England
  double weighted = 0;                // England
};

// Sums practices to sub-ICB and ICB (compensated summation, in input order). Fails with
// InvalidArgument at the practice's `where` on an empty code or ICB, a duplicate practice
// code, or a negative or non-finite figure; fails if the weighted total is not positive.
Result<WeightedPopulations> AggregateWeightedPopulations(std::span<const PracticeWeights> practices);

// Primary medical care: Final PMC WP = (1 − w) × PMC WP + w × health-inequalities WP, with
// w = 0.15 for 2023/24 and 2024/25 (exact to 1e-12 on every practice in the published files).
inline double FinalPmcWeightedPopulation(double pmc_wp, double health_inequalities_wp,
                                         double inequalities_weight = 0.15) {
  return (1.0 - inequalities_weight) * pmc_wp + inequalities_weight * health_inequalities_wp;
}

}  // namespace ics::finance
