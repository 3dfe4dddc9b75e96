// The Making Data Count XmR engine as it was before the single-pass fast path: kept
// verbatim as the reference the optimised AnalyseMdc must match bit for bit (see
// mdc_equivalence_test.cc). Test-only; not part of the library.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "improvement/mdc.h"
#include "improvement/r_stats.h"

namespace ics::improvement::reference {
namespace detail {

// R logical/numeric values as doubles: 1 = TRUE, 0 = FALSE, NaN = NA.
inline double Lgl(bool b) { return b ? 1.0 : 0.0; }
inline double Eq(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a == b); }
inline double Gt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a > b); }
inline double Lt(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a < b); }
inline double Ge(double a, double b) { return (IsNa(a) || IsNa(b)) ? kNa : Lgl(a >= b); }
// Numeric -> logical coercion: 0 is FALSE, anything else TRUE.
inline double AsLgl(double a) { return IsNa(a) ? kNa : Lgl(a != 0); }
inline double And(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 0 || b == 0) return 0;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 1;
}
inline double Or(double a, double b) {
  a = AsLgl(a);
  b = AsLgl(b);
  if (a == 1 || b == 1) return 1;
  if (IsNa(a) || IsNa(b)) return kNa;
  return 0;
}
inline double Not(double a) { return IsNa(a) ? kNa : Lgl(a == 0); }
inline double AllOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 0) return 0;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 1;
}
inline double AnyOf(const std::vector<double>& v) {
  bool na = false;
  for (double x : v) {
    double l = AsLgl(x);
    if (l == 1) return 1;
    if (IsNa(l)) na = true;
  }
  return na ? kNa : 0;
}
// sum() without na.rm: NA if any element is NA.
inline double SumNa(std::initializer_list<double> v) {
  double s = 0;
  for (double x : v) {
    if (IsNa(x)) return kNa;
    s += x;
  }
  return s;
}
inline bool IsTrue(double a) { return !IsNa(a) && a != 0; }
inline std::optional<bool> ToOptBool(double a) {
  if (IsNa(a)) return std::nullopt;
  return a != 0;
}

}  // namespace detail
using namespace detail;

// R's two-pass long-double mean(x, na.rm = TRUE), as r_stats.cc computed it before the
// fast path: the reference for MeanNaRm too.
inline double ReferenceMeanNaRm(std::span<const double> x) {
  long double s = 0.0L;
  size_t n = 0;
  for (double v : x) {
    if (!IsNa(v)) {
      s += v;
      ++n;
    }
  }
  if (n == 0) return kNa;
  long double t = s / static_cast<long double>(n);
  if (std::isfinite(static_cast<double>(t))) {
    long double r = 0.0L;
    for (double v : x) {
      if (!IsNa(v)) r += (v - t);
    }
    t += r / static_cast<long double>(n);
  }
  return static_cast<double>(t);
}

using namespace mdc_rules;

inline Result<MdcResult> ReferenceAnalyseMdc(std::span<const MdcPoint> input, const MdcOptions& options) {
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
    g.mean = ReferenceMeanNaRm(fix_y);
    std::vector<double> mr(n, kNa);
    for (size_t i = 1; i < n; ++i) mr[i] = std::fabs(fix_y[i] - fix_y[i - 1]);  // NaN propagates
    double amr = ReferenceMeanNaRm(mr);
    if (options.screen_outliers) {
      const double cutoff = k.screen_multiplier * amr;
      for (double& m : mr) {
        if (!(m < cutoff)) m = kNa;  // strict "<"; NA comparisons drop the MR too
      }
      amr = ReferenceMeanNaRm(mr);
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

}  // namespace ics::improvement::reference
