// The "life-qi" preset: the SPC chart (individuals / XmR) and the run chart with exactly the
// special-cause rules Life QI documents (help.lifeqisystem.com, see the reference notes,
// spc.md sections 3 and 4), each rule carrying its provenance: documented, assumed (a
// constant Life QI does not state), value unconfirmed (a rule shown but whose N was not
// confirmed on a Life QI page), unverified (a rule whose text was not fully retrieved; off
// unless asked for) or not implemented (not retrieved, or a judgement with no numeric rule).
//
// Documented and on: SPC outlier beyond +-3 sigma; SPC shift of 8 in a row on one side of
// the centre line, a point on the centre line ignored; SPC trend of 6 in a row, a point
// equal to the previous one ignored. Run chart (centre line the median): the IHI shift (6)
// and trend (5) with the same tie rules, their N values configurable. Off unless asked for:
// "two out of three" beyond 2 sigma (text cut off in the source). Never computed: the fifth
// SPC rule (not retrieved), too few / too many runs (table not retrieved; the number of runs
// is reported), the astronomical point (a judgement).
//
// Missing values are NaN: left out of the centre line and the moving ranges (an MR next to
// a missing value is missing), and skipped by the shift and trend rules (they neither break
// nor extend a run). Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "improvement/mdc.h"

namespace ics::improvement {

enum class LifeQiChart { kSpc, kRun };
// "i" (the SPC chart: individuals with moving-range sigma) and "run".
Result<LifeQiChart> ParseLifeQiChart(std::string_view name);
std::string_view LifeQiChartName(LifeQiChart c);

// How far a rule (or constant) of the preset is backed by the Life QI pages.
enum class RuleStatus {
  kDocumented,         // stated on a Life QI page, implemented as stated
  kAssumed,            // not stated by Life QI; the textbook choice, named
  kValueUnconfirmed,   // the rule is shown in Life QI's context; its N was not confirmed
  kUnverified,         // the rule's text was only partly retrieved; off unless asked for
  kNotImplemented,     // not retrieved, or a judgement: never computed
};
// "documented", "assumed", "value_unconfirmed", "unverified", "not_implemented".
std::string_view RuleStatusName(RuleStatus s);

struct RuleProvenance {
  std::string id;          // "centre_line", "sigma", "outlier", "shift", "trend", ...
  std::string definition;  // what is computed (or why nothing is)
  bool enabled = false;
  RuleStatus status = RuleStatus::kDocumented;
  std::string source;      // where the rule is stated
};

struct LifeQiOptions {
  LifeQiChart chart = LifeQiChart::kSpc;
  ImprovementDirection direction = ImprovementDirection::kIncrease;
  // SPC only, unverified: 2 of 3 consecutive points beyond 2 sigma on the same side.
  bool two_of_three = false;
  // Run chart only: the IHI lengths (6 and 5) unless set; Life QI's own values are not
  // confirmed. Between 3 and 50.
  std::optional<int> run_shift_length;
  std::optional<int> run_trend_length;
};

// Life QI advises at least this many baseline points; fewer gives a warning.
inline constexpr int kLifeQiAdvisedPoints = 10;

struct LifeQiPoint {
  Date date;
  double value = 0;  // NaN = missing
  // Centre line, 3-sigma limits and 2-sigma lines (the SPC chart; NaN on a run chart or
  // when undefined).
  double centre = 0, lcl = 0, ucl = 0, lower_2sigma = 0, upper_2sigma = 0;
  int side = 0;  // +1 above the centre line, -1 below, 0 on it or missing
  bool outlier = false, shift = false, trend = false, two_of_three = false;
  int trend_direction = 0;  // +1 rising, -1 falling (the first trend the point belongs to)
  bool signal = false;      // any enabled rule
  bool high = false;        // the signal's side, by the rule order outlier, shift, trend, 2 of 3
  PointType point_type = PointType::kCommonCause;
};

struct LifeQiResult {
  LifeQiChart chart = LifeQiChart::kSpc;
  ImprovementDirection direction = ImprovementDirection::kIncrease;
  std::vector<LifeQiPoint> points;  // sorted by date
  double centre = 0, sigma = 0, lcl = 0, ucl = 0;  // NaN when undefined (sigma: SPC only)
  int shift_length = 0, trend_length = 0;         // the lengths applied
  size_t n_present = 0;  // points with a value
  size_t n_useful = 0;   // points with a value not on the centre line
  size_t n_runs = 0;     // runs of useful points on one side (0 without useful points)
  std::vector<RuleProvenance> rules;
  std::vector<std::string> warnings;
};

// Analyses one series under the life-qi preset. Errors: no points, duplicate dates,
// options that do not apply to the chart, lengths out of range.
Result<LifeQiResult> AnalyseLifeQi(std::span<const MdcPoint> points, const LifeQiOptions& options);

// A point's signals as words, in rule order: "outlier above", "shift below", "trend up",
// "two of three above"; empty for none.
std::vector<std::string> LifeQiSignalLabels(const LifeQiPoint& p);

}  // namespace ics::improvement
