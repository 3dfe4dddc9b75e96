// Reading one stream and year of NHS England's published allocation tables from a data
// directory: the policy (built-in for the stream and year, or a policy file), the CSV files
// it names, parsed by the pure loader in finance/published_inputs.h. The one place the
// finance adapters (`ics allocate|budget|mhis|envelope`, the finance API routes) read these
// files; the engine itself never touches files.
//
//   Result<LoadedYear> y = LoadYear("core", "2025/26", "data/finance");
//   if (!y.ok()) ...;                       // a Status naming the file:line:column or field
//   Result<Allocation> a = Allocate(y->policy.method, y->inputs.icbs);  // e.g. base growth per ICB
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "finance/mhis.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::finance::io {

inline constexpr size_t kMaxFileBytes = 256u << 20;  // 256 MiB per input file

// The whole file. NotFound (cannot open or read), InvalidArgument (a directory) or
// ResourceExhausted (over kMaxFileBytes); `where` is the path.
Result<std::string> ReadFile(const std::string& path);

// A policy and the text it was parsed from.
struct PolicySource {
  AllocationPolicy policy;
  std::string text;    // the JSON as read
  std::string source;  // the file given, or "<stream>_<YYYY>_<YY>.json" for a built-in one
};

// The built-in policy for `stream` and `year` ("2025/26"), or the one in `policy_file` when
// given (then `stream` and `year`, when not empty, must match it). Errors about the year or
// stream are located at `flag_prefix` + "year" / "stream" ("--" for the command line).
Result<PolicySource> LoadPolicy(const std::string& stream, const std::string& year,
                                const std::string& policy_file = {}, const std::string& flag_prefix = {});

// Reads every file the policy names from `data_dir` (errors as ReadFile, located at the path).
Result<InputFiles> ReadInputFiles(const AllocationPolicy& policy, const std::string& data_dir);

// ReadInputFiles, then LoadPublishedInputs (errors located at "<file name>:line:column").
Result<LoadedInputs> LoadInputs(const AllocationPolicy& policy, const std::string& data_dir);

// One stream and year, ready for Allocate or WhatIfModel::Create.
struct LoadedYear {
  AllocationPolicy policy;
  std::string policy_text, policy_source;
  LoadedInputs inputs;
};

// LoadPolicy, then LoadInputs from `data_dir` (InvalidArgument at "data" when empty).
Result<LoadedYear> LoadYear(const std::string& stream, const std::string& year, const std::string& data_dir,
                            const std::string& policy_file = {});

// The running cost allowances of every ICB for `year`, from the published table that year
// has in `data_dir` (2023/24 and 2024/25 from the v1.2 table, 2025/26 from v1.4).
struct RunningCostAllowances {
  std::string file;    // the table's file name
  std::string column;  // the column read, e.g. "2025/26 (£k)"
  std::vector<RunningCostAllowance> allowances;
};
// nullopt when no published table covers `year`; errors as ReadFile, or located in the table.
Result<std::optional<RunningCostAllowances>> LoadRunningCostAllowances(const std::string& year,
                                                                       const std::string& data_dir);

}  // namespace ics::finance::io
