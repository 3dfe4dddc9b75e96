// The finance routes: NHS England's fair-shares allocations per year and stream (the same
// rows and numbers as `ics allocate --json`), an ICB's waterfall from baseline to
// allocation, what-ifs against the published position, and place budgets for the served
// ICS, each also as an XLSX workbook in the layout of `ics allocate --xlsx`.
//
// Access: the published allocations and an ICB's waterfall are public (they restate NHS
// England's published tables). What-ifs and place budgets are for the roles that set and
// scrutinise budgets: finance, analyst and board_member. A what-if computes and returns;
// it stores nothing.
//
// The published tables are read from the data directory once per stream and year, on the
// first request that needs them, and shared by every later request (a what-if recomputes
// from values in microseconds). Thread-safe.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/http.h"
#include "base/status.h"
#include "finance/whatif.h"

namespace ics::api {

// $ICS_FINANCE_DATA when set, else the source tree's data/finance as configured at build
// time (the directory `ics allocate --data` is given in the examples).
std::string DefaultFinanceDataDir();

// One stream and year loaded from the data directory, under its built-in policy.
class FinanceData {
 public:
  explicit FinanceData(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  const std::string& data_dir() const { return data_dir_; }
  // InvalidArgument naming `year`/`stream` for a stream and year with no built-in policy;
  // NotFound or InvalidArgument with the file's location when the data cannot be read.
  Result<std::shared_ptr<const finance::WhatIfModel>> Model(const std::string& stream, const std::string& year) const;

 private:
  struct State;
  std::string data_dir_;
  std::shared_ptr<State> state_ = MakeState();
  static std::shared_ptr<State> MakeState();
};

// `ics allocate --year Y --stream S --json`, byte for byte.
std::string AllocationsJson(const finance::WhatIfModel& model);
// `ics allocate ... --set/--quantum/--practice-wp [--path N] --json`, byte for byte; `path`
// may be null (no path).
std::string WhatIfJson(const finance::WhatIfModel& model, const finance::WhatIf& what_if,
                       const finance::WhatIfResult& result, const finance::PathResult* path = nullptr);
// A what-if from a request body: {"settings": {"key": value} or ["key=value", ...],
// "quantum_k": "123.4" or number, "practice_weights": {"CODE": number}}. InvalidArgument
// naming the field for anything else.
Result<finance::WhatIf> ParseWhatIf(const nlohmann::json& body);

void AddFinanceRoutes(Router& router, std::shared_ptr<const LoadedDefinition> definition, std::string data_dir);

}  // namespace ics::api
