// Loader for NHS England's published allocation tables (CSV exports of the "Allocations"
// and "Baseline" sheets and the place-based tool's GP-practice weighted populations). It
// takes the files' text, never opens a file: the caller reads the files a policy names
// (AllocationPolicy::Files) and passes them in. Every bad figure is an InvalidArgument at
// "file:line" naming the column: missing ICBs, duplicate practice codes, practices mapped to
// unknown ICBs, non-numeric, empty or negative figures, baselines that do not add up.
// Pure functions, thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/allocation.h"
#include "finance/policy.h"
#include "finance/population.h"

namespace ics::finance {

// File name -> file text.
using InputFiles = std::map<std::string, std::string, std::less<>>;

// How one ICB's adjusted recurrent baseline was built.
struct BaselineConstruction {
  std::string code;
  Money opening;                   // previous recurrent allocation (opening column)
  std::vector<Money> adjustments;  // in the policy's column order
  Money adjusted;                  // opening + Σ adjustments (exact)
  Money published_adjusted;        // the sheet's own adjusted-baseline figure
};

struct LoadedInputs {
  std::vector<IcbInput> icbs;                   // in the allocations sheet's order
  std::vector<std::string> add_on_labels;       // column names of IcbInput::add_ons
  std::vector<BaselineConstruction> baselines;  // same order as icbs
  std::optional<WeightedPopulations> weighted;  // when practices were read
  std::vector<PracticeWeights> practices;       // the practice rows, when read (what-ifs)
};

// Largest gap, in pence per summed term, between a published adjusted baseline and
// opening + adjustments (the sheets carry sub-penny fractions; each term rounds to ±½p).
inline constexpr int64_t kBaselineTolerancePencePerTerm = 1;

Result<LoadedInputs> LoadPublishedInputs(const AllocationPolicy& policy, const InputFiles& files);

// One published amount per ICB (a running cost allowance, a delegated stream's allocation).
struct IcbAmount {
  std::string icb;
  std::string name;
  Money amount;
  std::string where;  // "file:line"
};

// Reads one column of a published sheet: the rows whose row_type is "icb", the code from
// `code_column`, the amount (£k, may be negative) from `column`. When the sheet has an
// england_total row, the ICB rows plus any nhse_held_by_region rows (amounts NHS England
// holds) must add up to it within £1k (the published totals are rounded): InvalidArgument
// at that row if not. Empty or non-numeric figures and an ICB listed twice are located
// errors as in the allocation tables.
Result<std::vector<IcbAmount>> ParseIcbAmounts(std::string_view text, std::string source,
                                               std::string_view code_column, std::string_view name_column,
                                               std::string_view column);

// Practice rows of a weighted-population file, checked (codes, numbers) but not aggregated.
// `known_icbs`, when not empty, is the set every practice's ICB must belong to;
// `known_icbs_source` names where that set came from in messages.
Result<std::vector<PracticeWeights>> ReadPractices(const PracticesInput& spec, std::string_view text,
                                                   const std::vector<std::string>& known_icbs = {},
                                                   const std::string& known_icbs_source = {});

}  // namespace ics::finance
