// Anhøj runs analysis for run and control charts (qicharts2 `runs.analysis`): longest run
// and number of crossings of the centre line against their critical values.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace ics::improvement {

// Critical values for `n_useful` useful observations (points not on the centre line).
// longest_run_max = round(log2(n)) + 3 (Schilling 2012);
// n_crossings_min = qbinom(0.05, n - 1, 0.5) (Chen 2010). REQUIRES: n_useful >= 1.
int64_t LongestRunMax(int64_t n_useful);
int64_t CrossingsMin(int64_t n_useful);

struct RunsAnalysis {
  int64_t n_obs = 0;     // points analysed (included points, missing values counted)
  int64_t n_useful = 0;  // points neither missing nor on the centre line
  // The statistics are absent when no point is useful (the peers report NA).
  std::optional<int64_t> longest_run;
  std::optional<int64_t> longest_run_max;
  std::optional<int64_t> n_crossings;
  std::optional<int64_t> n_crossings_min;
  bool signal = false;  // longest_run > longest_run_max || n_crossings < n_crossings_min
};

// Runs analysis of y against the centre line cl (same length; NaN = missing). Points with
// y == cl or a missing value neither break nor extend a run.
RunsAnalysis AnalyseRuns(std::span<const double> y, std::span<const double> cl);

}  // namespace ics::improvement
