// What-ifs on the fair-shares method: change a policy parameter, the national quantum or a
// practice's weighted population, recompute every ICB's allocation, compare it with the
// published position (the unchanged policy, which reproduces the published tables to the
// £k) and project the path to target over several years.
//
// A WhatIfModel holds one loaded stream and year (policy, inputs, practices) and recomputes
// from it without touching text or files, so a recompute costs microseconds: fast enough to
// follow a slider. Pure; a WhatIfModel is immutable after Create, so Run may be called
// concurrently.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "finance/allocation.h"
#include "finance/money.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::finance {

// ---- Policy settings: "key=value" on the method ----
//
//   growth.basis                  own_target_growth | uniform
//   growth.rate                   uniform growth (needs growth.basis uniform)
//   growth.scale                  multiplier of own target growth
//   convergence.distance          before_growth | after_growth
//   convergence.above_target.factor, convergence.above_target.cap   (also convergence.above.*)
//   convergence.below_target.factor, convergence.below_target.cap   (also convergence.below.*)
//   convergence.factor, convergence.cap      both sides at once
//   rounding_thousands            whole £k
// Ratios are numbers or exact fractions ("1/15"); "2%" means 0.02.

// A ratio written as a number ("0.02"), an exact fraction ("1/15") or a percentage ("2%").
std::optional<double> ParseRatio(std::string_view text);

// The keys ApplySetting understands, for help text and "did you mean".
std::vector<std::string> SettingKeys();

// Applies one setting. InvalidArgument (where = `where`, e.g. "--set convergence.cap") for an
// unknown key (with a suggestion), a value that is not a number, fraction or allowed word,
// or a value out of range.
Status ApplySetting(MethodPolicy* method, std::string_view key, std::string_view value,
                    const std::string& where = {});

// Splits "key=value". InvalidArgument when there is no '=' or an empty side.
Result<std::pair<std::string, std::string>> SplitSetting(std::string_view text, const std::string& where = {});

// ---- A scenario ----

struct WhatIf {
  std::vector<std::pair<std::string, std::string>> settings;  // applied in order
  std::optional<Money> quantum;                                // national target quantum (£k)
  std::map<std::string, double, std::less<>> practice_weights; // practice code -> weighted population
};

// One ICB: the scenario against the published position.
struct IcbDifference {
  std::string code;
  std::string name;
  Money published_allocation;  // recurrent, under the unchanged policy (= the published £k)
  Money allocation;            // recurrent, under the scenario
  Money difference;            // allocation - published_allocation
  double difference_ratio = 0; // difference / published_allocation
  Money published_target, target;
  double published_post_distance = 0, post_distance = 0;
  double published_convergence = 0, convergence = 0;
};

struct WhatIfResult {
  MethodPolicy method;          // the scenario's method after the settings
  Money published_quantum;      // Σ targets under the unchanged inputs
  Money quantum;                // Σ targets under the scenario
  Allocation published;         // the unchanged policy
  Allocation scenario;
  std::vector<IcbDifference> icbs;  // in the allocation sheet's order
  Money total_difference;           // Σ differences
  std::vector<std::string> notes;   // how the scenario was applied (e.g. targets rescaled)
};

// ---- The path to target ----

struct PathOptions {
  int years = 5;                         // years projected after the allocation year (1..50)
  double threshold = 0.005;              // "within target": |A / T - 1| <= threshold
  std::optional<double> target_growth;   // yearly growth of every target; default below
};

struct IcbPath {
  std::string code;
  std::vector<Money> allocation;     // [0] the allocation year, then each projected year
  std::vector<Money> target;
  std::vector<double> distance;      // post-convergence distance A / T - 1, per year
  // Years after the allocation year from which |distance| <= threshold holds to the end of
  // the path (0 = within throughout); nullopt when not within in the last projected year.
  std::optional<int> years_to_threshold;
};

struct PathResult {
  std::string first_year;               // the allocation year ("2025/26")
  std::vector<std::string> years;       // labels: the allocation year and each projected year
  double target_growth = 0;             // the growth used
  double threshold = 0;
  std::vector<IcbPath> icbs;
  std::vector<int> within_by_year;      // number of ICBs within the threshold, per year
  // England per year: Σ of the ICBs' allocations and targets, exact in pence (nothing is
  // lost or made by rounding between the ICB rows and the total).
  std::vector<Money> total_allocation, total_target;
};

// Projects `start` forward: each year the baseline is the previous recurrent allocation (no
// further adjustments), every target grows by the target growth (default: the policy's
// uniform rate, or England's own target growth Σ T / Σ T_prev − 1 of the allocation year),
// base growth and convergence follow `method`, and allocations are rounded as published.
// InvalidArgument on years outside 1..50, a negative or non-finite threshold or a target
// growth <= -1.
Result<PathResult> ProjectPath(const MethodPolicy& method, const Allocation& start, std::string_view year,
                               const PathOptions& options);

// ---- The model ----

class WhatIfModel {
 public:
  // Takes one stream and year as loaded by LoadPublishedInputs (with its practices when the
  // policy reads them). Fails if the published position cannot be allocated.
  static Result<WhatIfModel> Create(AllocationPolicy policy, LoadedInputs inputs);

  const AllocationPolicy& policy() const { return policy_; }
  const LoadedInputs& inputs() const { return inputs_; }
  const Allocation& published() const { return published_; }

  // Recomputes every ICB under `what_if`. InvalidArgument (located at the setting, the
  // quantum or the practice code) for a bad setting, a quantum <= 0, an unknown practice
  // code, a negative or non-finite weighted population, or practice weights in a year
  // whose policy reads no practice file.
  Result<WhatIfResult> Run(const WhatIf& what_if) const;

 private:
  AllocationPolicy policy_;
  LoadedInputs inputs_;
  Allocation published_;
  Money published_quantum_;
  std::vector<double> icb_weight_;                             // per ICB (sheet order); empty if no practices
  std::map<std::string, std::pair<size_t, double>, std::less<>> practice_;  // code -> (ICB index, weight)
};

}  // namespace ics::finance
