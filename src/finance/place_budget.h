// Place and provider budgets within an ICB from need, as NHS England's ICB place-based
// allocation tool computes them: a place's share of the ICB's weighted population (its GP
// practices' weighted populations summed), its need index relative to the ICB
//   need index_p = (WP_p / P_p) / (WP_icb / P_icb)
// (and the same per need component), and its budget = the ICB budget × WP_p / WP_icb, in
// exact pence that add up to the ICB budget.
//
// A "place" is a set of practices: every value of one column of the practice file (local
// authority, sub-ICB location, PCN, the practice itself), or a place map naming each place's
// footprint as codes of such a column (a place's local authorities; a provider's practices).
// Pure functions on text, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "finance/money.h"

namespace ics::finance {

// Which columns of a GP-practice weighted-population file to read.
struct NeedTableSpec {
  std::string code_column = "Practice_Code";
  std::string name_column;                 // practice name; optional
  std::string icb_column = "ICS22";
  std::string population_column = "pop 2022/23";
  std::string weight_column = "Final WP";  // the stream's overall weighted population
  // The column places are built from, and the column holding each value's name (optional).
  std::string area_column = "LAD21";
  std::string area_name_column;
  // Need components reported as indices (e.g. "G&A WP", "MH WP"); columns the file does
  // not have are left out and listed in NeedTable::missing_components.
  std::vector<std::string> component_columns;
};

struct NeedPractice {
  std::string code;
  std::string name;
  std::string area;       // value of the area column (may be empty)
  std::string area_name;
  double population = 0;
  double weighted = 0;
  std::vector<double> components;  // per NeedTable::components
  std::string where;               // "file:line"
};

struct NeedTable {
  std::string source;
  std::string icb;
  NeedTableSpec spec;
  std::vector<std::string> components;          // component columns found
  std::vector<std::string> missing_components;  // asked for but not in the file
  std::vector<NeedPractice> practices;          // the ICB's practices, in file order
  std::vector<std::string> icbs;                // every ICB code in the file, first-seen order
};

// Reads the practices of one ICB. InvalidArgument at "file:line" for a missing column,
// a duplicate practice code (anywhere in the file), an empty code or ICB, a non-numeric or
// negative population or weight; NotFound (with a "did you mean") when no practice belongs
// to `icb`.
Result<NeedTable> ReadNeedTable(std::string_view text, std::string source, const NeedTableSpec& spec,
                                std::string_view icb);

// A place map: CSV with columns place (or provider), code and optionally name, one row per
// footprint code (e.g. "north,E07000034,Chesterfield ..."). Codes are matched against the
// need table's area column.
struct PlaceDefinition {
  std::string id;
  std::string name;
  std::vector<std::string> footprint;
  std::vector<std::string> where;  // "file:line" of each footprint code
};

struct PlaceMap {
  std::string source;
  std::vector<PlaceDefinition> places;  // first-seen order
};

// InvalidArgument at "file:line" for a missing place or code column, an empty cell, a code
// in two places (overlapping footprints: "first at file:line") or twice in one place, or a
// place given two different names.
Result<PlaceMap> ParsePlaceMap(std::string_view text, std::string source);

struct PlaceBudget {
  std::string id;
  std::string name;
  int practices = 0;
  double population = 0;
  double weighted = 0;
  double share = 0;                     // WP_p / WP_icb
  double need_index = 0;                // (WP_p / P_p) / (WP_icb / P_icb)
  std::vector<double> component_index;  // per NeedTable::components
  Money budget;                         // exact pence; Σ over places = the ICB budget
  double per_head = 0;                  // £ per registered patient
  double per_weighted_head = 0;         // £ per weighted patient (equal for every place)
};

struct PlaceBudgets {
  std::string icb;
  std::string area_column;
  Money budget;
  int practices = 0;
  double population = 0;
  double weighted = 0;
  std::vector<std::string> components;
  std::vector<PlaceBudget> places;
};

// One place per distinct value of the area column (in first-seen order). InvalidArgument at
// the practice's line when its area cell is empty.
Result<PlaceBudgets> BudgetsByArea(const NeedTable& need, Money budget);

// One place per place of the map. InvalidArgument at the map's line for a footprint code no
// practice of the ICB has; at the practice's line for a practice in no place (unless
// `unmapped_place` names a place to collect them).
Result<PlaceBudgets> BudgetsByPlaceMap(const NeedTable& need, const PlaceMap& map, Money budget,
                                       const std::string& unmapped_place = {});

// Splits `total` in proportion to `weights` in whole pence, the remainders going to the
// largest fractional parts, so the parts add up to `total` exactly. REQUIRES: weights ≥ 0
// with a positive sum.
std::vector<Money> Apportion(Money total, const std::vector<double>& weights);

}  // namespace ics::finance
