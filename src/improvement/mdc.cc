#include "improvement/mdc.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

// R logical/numeric values as doubles: 1 = TRUE, 0 = FALSE, NaN = NA.
double Lgl(bool b) { return b ? 1.0 : 0.0; }
double Eq(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a == b); }
double Gt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a > b); }
double Lt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a < b); }
double Ge(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a >= b); }
// Numeric -> logical coercion: 0 is FALSE, anything else TRUE.
double AsLgl(double a) { return IsNa(a) ? kNa : Lgl(a != 0); }
double And(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 0 || b == 0) return 0;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 1;
}
double Or(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 1 || b == 1) return 1;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 0;
}
double Not(double a) { return IsNa(a) ? kNa : Lgl(a == 0); }
double AllOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 0) return 0;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 1;
}
double AnyOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 1) return 1;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 0;
}
// sum() without na.rm: NA if any element is NA.
double SumNa(std::initializer_list<double> v) {
  double s = 0;
  for (double x : v) {
    if (IsNa(x)) return kNa;
    s += x;
  }
  return s;
}
bool IsTrue(double a) { return !IsNa(a) && a != 0; }
std::optional<bool> ToOptBool(double a) {
  if (IsNa(a)) return std::nullopt;
  return a != 0;
}

}  // namespace

Result<ImprovementDirection> ParseImprovementDirection(std::string_view text) {
  if (text == "increase") return ImprovementDirection::kIncrease;
  if (text == "decrease") return ImprovementDirection::kDecrease;
  if (text == "neutral" || text == "neither") return ImprovementDirection::kNeutral;
  return InvalidArgument("improvement direction must be increase, decrease or neutral, not '" +
                         std::string(text) + "'");
}

std::string_view ImprovementDirectionName(ImprovementDirection d) {
  switch (d) {
    case ImprovementDirection::kIncrease: return "increase";
    case ImprovementDirection::kDecrease: return "decrease";
    case ImprovementDirection::kNeutral: return "neutral";
  }
  return "neutral";
}

std::string_view SpecialCauseTypeLabel(SpecialCauseType t) {
  switch (t) {
    case SpecialCauseType::kCommonCause: return "Common Cause";
    case SpecialCauseType::kAboveUcl: return "Above UCL";
    case SpecialCauseType::kBelowLcl: return "Below LCL";
    case SpecialCauseType::kTrendIncreasing: return "7 Point Trend (Increasing)";
    case SpecialCauseType::kTrendDecreasing: return "7 Point Trend (Decreasing)";
    case SpecialCauseType::kTwoInThreeAbove: return "2 in 3 Above CL";
    case SpecialCauseType::kTwoInThreeBelow: return "2 in 3 Below CL";
    case SpecialCauseType::kShiftAbove: return "7 Points Above CL";
    case SpecialCauseType::kShiftBelow: return "7 Points Below CL";
  }
  return "Common Cause";
}

std::string_view PointTypeName(PointType t) {
  switch (t) {
    case PointType::kCommonCause: return "common_cause";
    case PointType::kImprovement: return "special_cause_improvement";
    case PointType::kConcern: return "special_cause_concern";
    case PointType::kNeutralHigh: return "special_cause_neutral_high";
    case PointType::kNeutralLow: return "special_cause_neutral_low";
  }
  return "common_cause";
}

std::string_view VariationIconName(VariationIcon i) {
  switch (i) {
    case VariationIcon::kCommonCause: return "common_cause";
    case VariationIcon::kImprovementHigh: return "improvement_high";
    case VariationIcon::kImprovementLow: return "improvement_low";
    case VariationIcon::kConcernHigh: return "concern_high";
    case VariationIcon::kConcernLow: return "concern_low";
    case VariationIcon::kNeutralHigh: return "neutral_high";
    case VariationIcon::kNeutralLow: return "neutral_low";
  }
  return "common_cause";
}

std::string_view AssuranceTypeName(AssuranceType a) {
  switch (a) {
    case AssuranceType::kConsistentPass: return "consistent_pass";
    case AssuranceType::kConsistentFail: return "consistent_fail";
    case AssuranceType::kInconsistent: return "inconsistent";
  }
  return "inconsistent";
}

namespace mdc_rules {

std::vector<double> SevenPointOneSideMean(std::span<const double> v) {
  std::vector<double> out(v.size());
  auto at = [&](ptrdiff_t i) { return i < 0 ? 0.0 : v[static_cast<size_t>(i)]; };  // 6 leading 0s
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<double> eq;
    for (ptrdiff_t k = 1; k <= 6; ++k) eq.push_back(Eq(v[i], at(static_cast<ptrdiff_t>(i) - k)));
    double non_zero = IsNa(v[i]) ? kNa : Lgl(v[i] != 0);
    out[i] = And(AllOf(eq), non_zero);
  }
  return out;
}

std::vector<double> PartOfSeven(std::span<const double> v) {
  std::vector<double> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    std::vector<double> hits;
    for (size_t k = 0; k <= 6; ++k) {
      double x = i + k < v.size() ? v[i + k] : 0.0;  // 6 trailing 0s
      hits.push_back(IsNa(x) ? kNa : Lgl(std::fabs(x) == 1));
    }
    out[i] = AnyOf(hits);
  }
  return out;
}

std::vector<double> SevenPointTrend(std::span<const double> y, bool* had_missing_window) {
  std::vector<double> out(y.size(), 0.0);
  if (y.size() < 7) return out;
  for (size_t i = 6; i < y.size(); ++i) {
    std::vector<double> up, down;
    for (size_t k = 0; k <= 5; ++k) {
      double d = Sign(y[i - k] - y[i - k - 1]);
      up.push_back(Eq(d, 1));
      down.push_back(Eq(d, -1));
    }
    double all_up = AllOf(up);
    double all_down = AllOf(down);
    if (IsNa(all_up) || (all_up == 0 && IsNa(all_down))) {
      // The package stops here ("missing value where TRUE/FALSE needed"). Policy: a
      // window with a missing value is not a trend.
      if (had_missing_window) *had_missing_window = true;
      out[i] = 0;
    } else if (all_up == 1) {
      out[i] = 1;
    } else if (all_down == 1) {
      out[i] = -1;
    }
  }
  return out;
}

std::vector<double> TwoInThree(std::span<const double> close, std::span<const double> rtm) {
  std::vector<double> out(close.size());
  const ptrdiff_t n = static_cast<ptrdiff_t>(close.size());
  auto c = [&](ptrdiff_t i) { return (i < 0 || i >= n) ? 0.0 : close[static_cast<size_t>(i)]; };
  auto r = [&](ptrdiff_t i) { return (i < 0 || i >= n) ? 0.0 : rtm[static_cast<size_t>(i)]; };
  for (ptrdiff_t i = 0; i < n; ++i) {
    double result = 0;
    for (ptrdiff_t start = i - 2; start <= i; ++start) {
      double close_sum = SumNa({c(start), c(start + 1), c(start + 2)});
      double rtm_sum = SumNa({r(start), r(start + 1), r(start + 2)});
      double window = And(Ge(close_sum, 2), IsNa(rtm_sum) ? kNa : Lgl(std::fabs(rtm_sum) == 3));
      result = Or(result, window);
    }
    out[static_cast<size_t>(i)] = result;
  }
  return out;
}

std::vector<double> PartOfTwoInThree(std::span<const double> v, std::span<const double> close) {
  std::vector<double> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    double abs_close = IsNa(close[i]) ? kNa : std::fabs(close[i]);
    out[i] = And(Eq(v[i], 1), Eq(abs_close, 1));
  }
  return out;
}

std::vector<SpecialCauseType> SpecialCauseTypes(std::span<const double> y,
                                                std::span<const double> rtm,
                                                std::span<const double> close,
                                                std::span<const double> outside,
                                                bool* had_missing_window) {
  const size_t n = y.size();
  std::vector<double> trend = PartOfSeven(SevenPointTrend(y, had_missing_window));
  std::vector<double> two3 = PartOfTwoInThree(TwoInThree(close, rtm), close);
  std::vector<double> shift = PartOfSeven(SevenPointOneSideMean(rtm));

  std::vector<SpecialCauseType> out(n, SpecialCauseType::kCommonCause);
  for (size_t i = 0; i < n; ++i) {
    // Direction of a trend point: the right-hand difference when this and the next point
    // are both part of a trend, otherwise the left-hand one.
    double next = i + 1 < n ? trend[i + 1] : 0.0;
    double use_right = And(next, trend[i]);
    double sdy;
    if (IsNa(use_right)) {
      sdy = kNa;
    } else if (use_right == 1) {
      size_t j = i + 1 < n ? i : (n >= 2 ? n - 2 : 0);  // c(sdy, tail(sdy, 1))
      sdy = n >= 2 ? Sign(y[j + 1] - y[j]) : kNa;
    } else {
      sdy = i == 0 ? 0.0 : Sign(y[i] - y[i - 1]);  // c(0, sdy)
    }
    const bool above = !IsNa(rtm[i]) && rtm[i] > 0;
    const bool rtm_known = !IsNa(rtm[i]);
    if (!IsNa(outside[i]) && outside[i] != 0 && rtm_known) {
      out[i] = rtm[i] == 1 ? SpecialCauseType::kAboveUcl : SpecialCauseType::kBelowLcl;
    } else if (IsTrue(trend[i]) && !IsNa(sdy)) {
      out[i] = sdy == 1 ? SpecialCauseType::kTrendIncreasing : SpecialCauseType::kTrendDecreasing;
    } else if (IsTrue(two3[i]) && rtm_known) {
      out[i] = above ? SpecialCauseType::kTwoInThreeAbove : SpecialCauseType::kTwoInThreeBelow;
    } else if (IsTrue(shift[i]) && rtm_known) {
      out[i] = above ? SpecialCauseType::kShiftAbove : SpecialCauseType::kShiftBelow;
    }
  }
  return out;
}

PointType PointTypeFor(SpecialCauseType t, ImprovementDirection d) {
  int v = 0;
  switch (t) {
    case SpecialCauseType::kAboveUcl:
    case SpecialCauseType::kTrendIncreasing:
    case SpecialCauseType::kTwoInThreeAbove:
    case SpecialCauseType::kShiftAbove: v = 1; break;
    case SpecialCauseType::kBelowLcl:
    case SpecialCauseType::kTrendDecreasing:
    case SpecialCauseType::kTwoInThreeBelow:
    case SpecialCauseType::kShiftBelow: v = -1; break;
    case SpecialCauseType::kCommonCause: v = 0; break;
  }
  if (d == ImprovementDirection::kNeutral) {
    if (v > 0) return PointType::kNeutralHigh;
    if (v < 0) return PointType::kNeutralLow;
    return PointType::kCommonCause;
  }
  v *= static_cast<int>(d);
  if (v > 0) return PointType::kImprovement;
  if (v < 0) return PointType::kConcern;
  return PointType::kCommonCause;
}

}  // namespace mdc_rules

VariationIcon VariationIconFor(PointType t, ImprovementDirection d) {
  const bool increase = d == ImprovementDirection::kIncrease;
  switch (t) {
    case PointType::kCommonCause: return VariationIcon::kCommonCause;
    case PointType::kImprovement:
      return increase ? VariationIcon::kImprovementHigh : VariationIcon::kImprovementLow;
    case PointType::kConcern:
      return increase ? VariationIcon::kConcernLow : VariationIcon::kConcernHigh;
    case PointType::kNeutralHigh: return VariationIcon::kNeutralHigh;
    case PointType::kNeutralLow: return VariationIcon::kNeutralLow;
  }
  return VariationIcon::kCommonCause;
}

std::optional<AssuranceType> AssuranceFor(std::optional<double> target, double lpl, double upl,
                                          ImprovementDirection d) {
  if (!target || IsNa(*target) || d == ImprovementDirection::kNeutral) return std::nullopt;
  const bool increase = d == ImprovementDirection::kIncrease;
  // Comparisons with an undefined limit are NA in R and fall through to "inconsistent".
  if (!IsNa(upl) && *target > upl)
    return increase ? AssuranceType::kConsistentFail : AssuranceType::kConsistentPass;
  if (!IsNa(lpl) && *target < lpl)
    return increase ? AssuranceType::kConsistentPass : AssuranceType::kConsistentFail;
  return AssuranceType::kInconsistent;
}

Result<MdcResult> AnalyseMdc(std::span<const MdcPoint> input, const MdcOptions& options) {
  const MdcConstants& k = options.constants;
  if (input.empty()) return InvalidArgument("the series has no points");
  if (options.fix_after_n_points && *options.fix_after_n_points < k.min_fix_after_n_points) {
    return InvalidArgument("fix_after_n_points must be at least " +
                               std::to_string(k.min_fix_after_n_points) + ", not " +
                               std::to_string(*options.fix_after_n_points),
                           "fix_after_n_points");
  }
  if (options.target && !std::isfinite(*options.target)) {
    return InvalidArgument("target must be a finite number", "target");
  }

  std::vector<size_t> order(input.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return input[a].date < input[b].date; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (input[order[i]].date == input[order[i - 1]].date) {
      return InvalidArgument("duplicate date " + input[order[i]].date.ToIso() +
                                 " (points " + std::to_string(order[i - 1] + 1) + " and " +
                                 std::to_string(order[i] + 1) + ")",
                             "dates");
    }
  }
  const std::set<Date> rebase(options.rebase_dates.begin(), options.rebase_dates.end());

  MdcResult result;
  result.points.resize(input.size());
  int group = 0;
  size_t missing = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    MdcPointResult& p = result.points[i];
    p.date = input[order[i]].date;
    p.value = input[order[i]].value;
    if (IsNa(p.value)) ++missing;
    if (rebase.count(p.date)) ++group;
    p.rebase_group = group;
  }
  if (missing > 0) {
    result.warnings.push_back(std::to_string(missing) +
                              " missing value(s): left out of the mean and the moving ranges "
                              "and shown as common cause");
  }

  bool missing_trend_window = false;
  bool short_groups = false;
  for (size_t start = 0; start < result.points.size();) {
    size_t end = start;
    while (end < result.points.size() &&
           result.points[end].rebase_group == result.points[start].rebase_group) {
      ++end;
    }
    const size_t n = end - start;
    MdcGroup g;
    g.rebase_group = result.points[start].rebase_group;
    g.first_index = start;
    g.n = n;

    std::vector<double> y(n), fix_y(n);
    for (size_t i = 0; i < n; ++i) {
      y[i] = result.points[start + i].value;
      const bool in_baseline =
          !options.fix_after_n_points || static_cast<int64_t>(i) < *options.fix_after_n_points;
      fix_y[i] = in_baseline ? y[i] : kNa;
    }
    g.mean = MeanNaRm(fix_y);
    std::vector<double> mr(n, kNa);
    for (size_t i = 1; i < n; ++i) mr[i] = std::fabs(fix_y[i] - fix_y[i - 1]);  // NaN propagates
    double amr = MeanNaRm(mr);
    if (options.screen_outliers) {
      const double cutoff = k.screen_multiplier * amr;
      for (double& m : mr) {
        if (!(m < cutoff)) m = kNa;  // strict "<"; NA comparisons drop the MR too
      }
      amr = MeanNaRm(mr);
    }
    g.amr = amr;
    g.lpl = g.mean - (k.limit * amr);
    g.upl = g.mean + (k.limit * amr);
    g.nlpl = g.mean - (k.limit_close * amr);
    g.nupl = g.mean + (k.limit_close * amr);
    if (amr == 0) {
      result.warnings.push_back("rebase group " + std::to_string(g.rebase_group) +
                                ": no variation between successive points; the process "
                                "limits equal the mean");
    }
    if (IsNa(g.upl) && !IsNa(g.mean)) {
      result.warnings.push_back(
          "rebase group " + std::to_string(g.rebase_group) +
          ": process limits are undefined (" +
          (n < 2 ? std::string("a single point") : std::string("no usable moving range: constant or too few values")) +
          "); every point is common cause");
    }

    std::vector<double> rtm(n), close(n), outside(n);
    for (size_t i = 0; i < n; ++i) {
      outside[i] = Or(Gt(y[i], g.upl), Lt(y[i], g.lpl));
      rtm[i] = Sign(y[i] - g.mean);
      close[i] = And(Not(outside[i]), Or(Lt(y[i], g.nlpl), Gt(y[i], g.nupl)));
    }
    std::vector<SpecialCauseType> types =
        mdc_rules::SpecialCauseTypes(y, rtm, close, outside, &missing_trend_window);
    const bool short_group = static_cast<int>(n) < k.short_group_threshold;
    short_groups = short_groups || short_group;
    for (size_t i = 0; i < n; ++i) {
      MdcPointResult& p = result.points[start + i];
      p.mean = g.mean;
      p.lpl = g.lpl;
      p.upl = g.upl;
      p.nlpl = g.nlpl;
      p.nupl = g.nupl;
      p.outside_limits = ToOptBool(outside[i]);
      if (!IsNa(rtm[i])) p.relative_to_mean = static_cast<int>(rtm[i]);
      p.close_to_limits = ToOptBool(close[i]);
      p.special_cause_type = types[i];
      p.special_cause_flag = types[i] != SpecialCauseType::kCommonCause;
      p.point_type = mdc_rules::PointTypeFor(types[i], options.direction);
      p.short_group_warning = short_group;
      if (!p.special_cause_flag) ++g.common_cause;
      if (p.point_type == PointType::kImprovement) ++g.improvement;
      if (p.point_type == PointType::kConcern) ++g.concern;
    }
    g.variation_type = result.points[end - 1].point_type;
    result.groups.push_back(g);
    start = end;
  }
  if (short_groups) {
    result.warnings.push_back("some rebase groups have fewer than " +
                              std::to_string(k.short_group_threshold) +
                              " points: their limits are trial limits");
  }
  if (missing_trend_window) {
    result.warnings.push_back(
        "a 7-point trend window contains a missing value: it is treated as no trend");
  }

  const MdcPointResult& last = result.points.back();
  result.variation_icon = VariationIconFor(last.point_type, options.direction);
  result.assurance_type = AssuranceFor(options.target, last.lpl, last.upl, options.direction);
  return result;
}

}  // namespace ics::improvement
