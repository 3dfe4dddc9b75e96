// An allocation, a what-if and its path to target as JSON and as tables: the shapes
// `ics allocate --json/--csv/--xlsx` prints and the finance API serves, byte for byte the
// same, so a figure in the terminal, in the API and on a web page is one number.
// Money is £ thousands (pence kept as decimals), ratios are fractions (0.0071 = 0.71%).
#pragma once

#include <nlohmann/json.hpp>

#include "finance/allocation.h"
#include "finance/io/tables.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"
#include "finance/whatif.h"

namespace ics::finance::io {

nlohmann::json MoneyJson(Money m);  // £k as a number
nlohmann::json MethodJson(const MethodPolicy& m);

// One ICB's figures, baseline to total (no code, name, baseline construction or add-ons).
nlohmann::json IcbFiguresJson(const IcbAllocation& r);

// {year, stream, title, notes, method, icbs: [...], england: {...}}: `ics allocate --json`.
nlohmann::json AllocationJson(const AllocationPolicy& p, const Allocation& a, const LoadedInputs& in);

// One row per ICB (and an England row when `england_row`), add-on columns as published.
Table AllocationTable(const AllocationPolicy& p, const Allocation& a, const LoadedInputs& in, bool england_row);

// {year, stream, title, what_if, published_method, method, published_quantum_k, quantum_k,
//  total_difference_k, notes, icbs: [...], path?}: `ics allocate --set ... [--path N] --json`.
// `path` may be null.
nlohmann::json WhatIfJson(const AllocationPolicy& p, const WhatIf& w, const WhatIfResult& r, const PathResult* path);

// The path alone: {years, target_growth, threshold, within_by_year, england:
// {recurrent_allocation_k[], target_k[]}, icbs: [{icb_code, years_to_threshold,
// recurrent_allocation_k[], target_k[], distance[]}]}.
nlohmann::json PathJson(const PathResult& path);

// Per ICB: published against scenario, and with a path, years_to_threshold and distance_<year>
// columns. `changed` = the scenario changes something (else the sheet is "Path to target").
Table WhatIfTable(const AllocationPolicy& p, const WhatIfResult& r, const PathResult* path, bool changed);

}  // namespace ics::finance::io
