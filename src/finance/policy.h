// AllocationPolicy: how one stream's allocations for one year are computed (the method:
// growth, convergence, rounding) and where each input figure is found in NHS England's
// published tables (the inputs). Written as JSON files in data/finance/policies/ and
// compiled into the library as the defaults (BuiltinPolicy); a what-if is a copy with
// other numbers. Parsing takes text, never a file. Thread-safety: values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/allocation.h"
#include "finance/money.h"

namespace ics::finance {

// The published "Allocations" sheet of the year (one row per ICB plus total rows).
struct AllocationsInput {
  std::string file;
  std::string row_type_column = "row_type";
  std::string icb_row_type = "icb";           // rows of other types (totals) are skipped
  std::string code_column;                    // "ICB23"
  std::string name_column;
  std::string baseline_column;                // must agree with the baseline construction
  std::string previous_target_column;
  std::vector<std::string> add_on_columns;    // non-recurrent / ring-fenced lines
  std::string total_label;                    // what A + add-ons is called in the sheet
};

// The published "Baseline" sheet: adjusted = opening + Σ adjustments.
struct BaselineInput {
  std::string file;
  std::string code_column;
  std::string row_type_column = "row_type";
  std::string icb_row_type = "icb";
  std::string opening_column;                 // the previous recurrent allocation
  std::vector<std::string> adjustment_columns;
  std::string adjusted_column;                // checked against the construction
};

// GP-practice weighted populations (NHS England's place-based allocation tool files).
struct PracticesInput {
  std::string file;
  std::string code_column;
  std::string icb_column;
  std::vector<std::string> sub_icb_columns;   // first non-empty one names the sub-ICB
  std::string population_column;
  std::string weight_column;
};

enum class TargetMethod {
  kWeightedPopulationShare,         // T = quantum × ICB share of the practices' weights
  kPreviousTargetGrowth,            // T = T_prev × (1 + published own-target growth)
  kImpliedByPostConvergenceDistance // T = A_published / (1 + published post-convergence D)
};

struct TargetInput {
  TargetMethod method = TargetMethod::kWeightedPopulationShare;
  Money quantum;                        // kWeightedPopulationShare
  std::string growth_column;            // kPreviousTargetGrowth
  std::string allocation_column;        // kImpliedByPostConvergenceDistance
  std::string post_distance_column;     // kImpliedByPostConvergenceDistance
};

enum class PopulationMethod {
  kPractices,       // Σ practice populations
  kImpliedByPerHead // P = A_published × 1000 / published £/head
};

struct PopulationInput {
  PopulationMethod method = PopulationMethod::kPractices;
  std::string allocation_column;
  std::string per_head_column;
};

struct AllocationPolicy {
  std::string year;     // "2023/24"
  std::string stream;   // "core", "pmc"
  std::string title;
  std::vector<std::string> notes;  // provenance, empirical factors; shown with --json
  MethodPolicy method;
  AllocationsInput allocations;
  BaselineInput baseline;
  TargetInput target;
  std::optional<PracticesInput> practices;  // required by practice-based targets/populations
  PopulationInput population;

  // The input files this policy reads, each once.
  std::vector<std::string> Files() const;
};

// Parses a policy from JSON text. Errors are InvalidArgument with `where` = "source:line:col"
// for malformed JSON, or "source: /json/pointer" for a missing, mistyped, unknown or
// out-of-range field (unknown keys get a "did you mean"). Ratios may be numbers or exact
// fractions written as strings ("1/15"); money is a decimal string in £k.
Result<AllocationPolicy> ParseAllocationPolicy(std::string_view json_text, std::string_view source);

// "2025/26" -> "2025_26"; validates the "YYYY/YY" form with consecutive years.
Result<std::string> YearKey(std::string_view year);

// The default policy text for a stream and year, compiled from data/finance/policies/
// (<stream>_<YYYY>_<YY>.json), or NotFound listing what exists.
Result<std::string_view> BuiltinPolicyText(std::string_view stream, std::string_view year);
// Names of the compiled-in policy files ("core_2023_24.json", ...).
std::vector<std::string> BuiltinPolicyNames();

}  // namespace ics::finance
