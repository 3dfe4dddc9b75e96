// Making Data Count XmR charts ("plot the dots") computed exactly as NHSRplotthedots 0.2.2:
// rebase groups, baseline fixing, moving-range screening, process and near limits, the
// four special-cause rules with their precedence, point types by improvement direction,
// and the variation and assurance icons.
//
// One call analyses one series (one facet). Missing values are NaN. Pure; thread-safe.
// Policy for inputs the peer package mishandles (see README.md): a missing value inside a
// 7-point trend window makes that window "no trend" (the package stops with an error);
// constant series and single-point groups give missing (NaN) limits, so every point is
// common cause; each case adds a warning to the result.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"

namespace ics::improvement {

enum class ImprovementDirection { kIncrease = 1, kDecrease = -1, kNeutral = 0 };

// "increase", "decrease", "neutral" (also accepted: "neither").
Result<ImprovementDirection> ParseImprovementDirection(std::string_view text);
std::string_view ImprovementDirectionName(ImprovementDirection d);

// The special-cause label of a point, in precedence order.
enum class SpecialCauseType : uint8_t {
  kCommonCause,
  kAboveUcl,
  kBelowLcl,
  kTrendIncreasing,
  kTrendDecreasing,
  kTwoInThreeAbove,
  kTwoInThreeBelow,
  kShiftAbove,
  kShiftBelow,
};
// The package's labels: "Common Cause", "Above UCL", "7 Point Trend (Increasing)", ...
std::string_view SpecialCauseTypeLabel(SpecialCauseType t);

enum class PointType : uint8_t {
  kCommonCause,
  kImprovement,
  kConcern,
  kNeutralHigh,
  kNeutralLow,
};
// "common_cause", "special_cause_improvement", ..., "special_cause_neutral_low".
std::string_view PointTypeName(PointType t);

enum class VariationIcon {
  kCommonCause,
  kImprovementHigh,
  kImprovementLow,
  kConcernHigh,
  kConcernLow,
  kNeutralHigh,
  kNeutralLow,
};
std::string_view VariationIconName(VariationIcon i);  // "improvement_high", ...

enum class AssuranceType { kConsistentPass, kConsistentFail, kInconsistent };
std::string_view AssuranceTypeName(AssuranceType a);  // "consistent_pass", ...

// The constants of the MDC preset.
struct MdcConstants {
  double limit = 2.66;                       // process limits: mean ± 2.66 × mean MR
  double limit_close = 2 * (2.66 / 3);       // near limits ("2 sigma")
  double screen_multiplier = 3.267;          // MRs >= 3.267 × mean MR are screened out
  int short_group_threshold = 13;            // groups with fewer points get a warning
  int min_fix_after_n_points = 12;           // smallest baseline the package accepts
};

struct MdcOptions {
  ImprovementDirection direction = ImprovementDirection::kIncrease;
  bool screen_outliers = true;
  std::optional<int> fix_after_n_points;  // baseline length within each rebase group
  std::vector<Date> rebase_dates;         // a point on one of these dates starts a group
  std::optional<double> target;
  MdcConstants constants;
};

struct MdcPoint {
  Date date;
  double value = 0;  // NaN = missing
};

// One point of the chart: 80 bytes, fields ordered so that no byte is padding (the engine
// writes millions of these; read the fields by name).
struct MdcPointResult {
  Date date;
  int rebase_group = 0;
  double value = 0;
  double mean = 0, lpl = 0, upl = 0, nlpl = 0, nupl = 0;  // NaN when undefined
  // R's three-valued logic: nullopt is NA (a missing value or undefined limits).
  std::optional<int> relative_to_mean;  // -1, 0, +1
  std::optional<bool> outside_limits;
  std::optional<bool> close_to_limits;
  SpecialCauseType special_cause_type = SpecialCauseType::kCommonCause;
  bool special_cause_flag = false;
  PointType point_type = PointType::kCommonCause;
  bool short_group_warning = false;
};

struct MdcGroup {
  int rebase_group = 0;
  size_t first_index = 0;  // 0-based index of the group's first point (in date order)
  size_t n = 0;
  double mean = 0, amr = 0, lpl = 0, upl = 0, nlpl = 0, nupl = 0;
  // Counts for the package's summary().
  size_t common_cause = 0, improvement = 0, concern = 0;
  PointType variation_type = PointType::kCommonCause;  // point type of the last point
};

struct MdcResult {
  std::vector<MdcPointResult> points;  // sorted by date
  std::vector<MdcGroup> groups;
  std::optional<VariationIcon> variation_icon;   // absent only for an empty series
  std::optional<AssuranceType> assurance_type;   // absent without target or when neutral
  std::vector<std::string> warnings;
};

// Analyses one series. Errors: no points, duplicate dates, fix_after_n_points below the
// preset's minimum.
Result<MdcResult> AnalyseMdc(std::span<const MdcPoint> points, const MdcOptions& options);

// Icons from a point type / limits (exposed for tests and for other renderers).
VariationIcon VariationIconFor(PointType last_point_type, ImprovementDirection d);
std::optional<AssuranceType> AssuranceFor(std::optional<double> target, double lpl, double upl,
                                          ImprovementDirection d);

// The package's rule helpers, one by one, on R-style numeric vectors (NaN = NA). They
// return 0/1 (or -1/0/+1 for the trend); NaN where R would yield NA.
namespace mdc_rules {
std::vector<double> SevenPointOneSideMean(std::span<const double> relative_to_mean);
std::vector<double> PartOfSeven(std::span<const double> v);
// Trend windows containing a missing value are 0 (the package stops with an error);
// `had_missing_window` is set when that happened.
std::vector<double> SevenPointTrend(std::span<const double> y, bool* had_missing_window = nullptr);
std::vector<double> TwoInThree(std::span<const double> close, std::span<const double> rtm);
std::vector<double> PartOfTwoInThree(std::span<const double> two_in_three,
                                     std::span<const double> close);
// Labels from the rule parts, with the package's precedence and trend direction.
std::vector<SpecialCauseType> SpecialCauseTypes(std::span<const double> y,
                                                std::span<const double> relative_to_mean,
                                                std::span<const double> close_to_limits,
                                                std::span<const double> outside_limits,
                                                bool* had_missing_window = nullptr);
PointType PointTypeFor(SpecialCauseType t, ImprovementDirection d);
}  // namespace mdc_rules

}  // namespace ics::improvement
