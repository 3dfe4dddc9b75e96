// qicharts2-style run and control charts computed exactly as qicharts2 0.8.1 `qic()`:
// aggregation per subgroup, parts, freeze, exclude, multiply, the chart families run, i,
// mr, xbar, s, t, p, pp (Laney), c, u, up (Laney), g and ip, Anhøj runs analysis and the
// per-facet, per-part summary.
//
// Missing values are NaN. Pure; thread-safe. Undefined limits (too few points, constant
// series, subgroups of one for xbar/s) are NaN in the result with a warning; they never
// raise a sigma signal.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ics::improvement {

enum class QicChart { kRun, kI, kMr, kXbar, kS, kT, kP, kPp, kC, kU, kUp, kG, kIp };
Result<QicChart> ParseQicChart(std::string_view name);  // "run", "i", "mr", ..., "ip"
std::string_view QicChartName(QicChart c);

enum class AggFun { kMean, kMedian, kSum, kSd };
Result<AggFun> ParseAggFun(std::string_view name);

// How the x values are read. Numbers and dates (days since epoch) give a connected
// time series with runs analysis; categories (a funnel plot) disable the runs signal.
enum class XKind { kNumber, kDate, kCategory };

// One input row. Rows sharing (facet1, facet2, x) form one subgroup.
struct QicRow {
  double x = 0;           // sort key: the number, the day number, or the category's level
  std::string x_label;    // how x is shown ("2015-01-01", "AHH", "3")
  bool x_missing = false; // rows without x are dropped, as in qic()
  double y = 0;           // NaN = missing
  double n = 0;           // denominator; ignored unless QicInput::has_n
  std::string notes;
  std::string facet1 = "1", facet2 = "1";
  double cl = std::numeric_limits<double>::quiet_NaN();      // user centre line
  double target = std::numeric_limits<double>::quiet_NaN();
  std::string part_label;  // when QicOptions::part_labels is set
};

struct QicInput {
  std::vector<QicRow> rows;
  bool has_n = false;
  XKind x_kind = XKind::kNumber;
};

struct QicOptions {
  QicChart chart = QicChart::kRun;
  AggFun agg_fun = AggFun::kMean;
  double multiply = 1;
  std::optional<int64_t> freeze;  // last baseline point (1-based); ignored with parts
  std::vector<int64_t> part;      // last point (1-based) of each part but the last
  bool part_labels = false;       // parts from QicRow::part_label instead of `part`
  std::vector<int64_t> exclude;   // 1-based points left out of centre and limits
  bool screened_mr = true;        // qic.screenedmr (TRUE when qicharts2 is attached)
  bool y_neg = true;              // FALSE: negative lower limits become 0 if all y >= 0
};

struct QicSubgroup {
  std::string facet1, facet2;
  double x = 0;
  std::string x_label;
  int part = 1;
  int64_t xx = 0;  // 1-based position within the facet
  bool baseline = true, include = true;
  double y_sum = 0, y_length = 0, y_mean = 0, y_sd = 0, n = 0, y = 0;
  double cl = 0, lcl = 0, lcl_95 = 0, ucl_95 = 0, ucl = 0, target = 0;
  bool sigma_signal = false, runs_signal = false;
  int64_t n_obs = 0, n_useful = 0;
  std::optional<int64_t> longest_run, longest_run_max, n_crossings, n_crossings_min;
  std::string notes;  // empty = none
};

// summary.qic(): one row per facet and part.
struct QicSummary {
  std::string facet1, facet2;
  int part = 1;
  int64_t n_obs = 0, n_useful = 0;
  std::optional<int64_t> longest_run, longest_run_max, n_crossings, n_crossings_min;
  int runs_signal = 0;
  double a_lcl = 0, a_lcl_95 = 0, cl = 0, a_ucl_95 = 0, a_ucl = 0;  // means over the part
  int64_t sigma_signal = 0;                                          // count
};

struct QicResult {
  std::vector<QicSubgroup> subgroups;  // by facet1, facet2, then x
  std::vector<QicSummary> summary;     // by facet1, facet2, part
  std::vector<std::string> warnings;
};

// Errors: no rows; a t chart with a time <= 0; a denominator chart (p, pp, u, up) without n.
Result<QicResult> AnalyseQic(const QicInput& input, const QicOptions& options);

// Orders facet values as R orders factor levels: numerically when every value is a number,
// otherwise as text.
bool FacetLess(const std::string& a, const std::string& b, bool numeric);

}  // namespace ics::improvement
