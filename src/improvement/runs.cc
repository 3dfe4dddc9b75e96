#include "improvement/runs.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "improvement/r_stats.h"

namespace ics::improvement {

int64_t LongestRunMax(int64_t n_useful) {
  return static_cast<int64_t>(RoundHalfEven(std::log2(static_cast<double>(n_useful)))) + 3;
}

int64_t CrossingsMin(int64_t n_useful) {
  return BinomialQuantile(0.05, std::max<int64_t>(n_useful - 1, 0), 0.5);
}

RunsAnalysis AnalyseRuns(std::span<const double> y, std::span<const double> cl) {
  RunsAnalysis r;
  r.n_obs = static_cast<int64_t>(y.size());
  std::vector<int> signs;
  for (size_t i = 0; i < y.size(); ++i) {
    double s = Sign(y[i] - cl[i]);
    if (IsNa(s) || s == 0) continue;
    signs.push_back(s > 0 ? 1 : -1);
  }
  r.n_useful = static_cast<int64_t>(signs.size());
  if (signs.empty()) return r;
  int64_t runs = 1, current = 1, longest = 1;
  for (size_t i = 1; i < signs.size(); ++i) {
    if (signs[i] == signs[i - 1]) {
      ++current;
    } else {
      ++runs;
      current = 1;
    }
    longest = std::max(longest, current);
  }
  r.longest_run = longest;
  r.longest_run_max = LongestRunMax(r.n_useful);
  r.n_crossings = runs - 1;
  r.n_crossings_min = CrossingsMin(r.n_useful);
  r.signal = *r.longest_run > *r.longest_run_max || *r.n_crossings < *r.n_crossings_min;
  return r;
}

}  // namespace ics::improvement
