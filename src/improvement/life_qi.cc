#include "improvement/life_qi.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

constexpr char kSpcPage[] = "help.lifeqisystem.com/measures-and-charts/interpreting-an-spc-chart";
constexpr char kRunPage[] =
    "help.lifeqisystem.com/measures-and-charts/understanding-run-charts-and-spc-charts; IHI "
    "run-chart rules as shown in Life QI's context "
    "(cnwl.franktesting.co.uk/ia/resources/interpreting-qi-run-charts)";
constexpr double kD2 = 1.128;  // E[range of 2] / sigma: the individuals-chart constant
constexpr int kSpcShift = 8, kSpcTrend = 6, kIhiShift = 6, kIhiTrend = 5;
constexpr int kMinLength = 3, kMaxLength = 50;

std::vector<RuleProvenance> SpcRules(bool two_of_three) {
  return {
      {"centre_line", "the mean of the values (missing values left out)", true,
       RuleStatus::kAssumed,
       std::string(kSpcPage) + " (a \"centreline\"; the statistic is not stated)"},
      {"sigma",
       "the mean moving range / 1.128; a moving range next to a missing value is left out; "
       "moving ranges are not screened",
       true, RuleStatus::kAssumed, "not stated by Life QI: the textbook individuals (XmR) chart"},
      {"outlier", "a point beyond the 3-sigma limits (above the upper or below the lower)", true,
       RuleStatus::kDocumented, kSpcPage},
      {"shift",
       "8 or more points in a row on one side of the centre line; a point on the centre line "
       "is ignored (neither breaks nor counts)",
       true, RuleStatus::kDocumented, kSpcPage},
      {"trend",
       "6 or more points in a row each higher (or each lower) than the one before; a point "
       "equal to the previous one is ignored (neither breaks nor counts)",
       true, RuleStatus::kDocumented, kSpcPage},
      {"two_of_three",
       "2 of 3 consecutive points beyond the 2-sigma line on the same side (the Western "
       "Electric reading); the source text is cut off after \"High variation - Two o\"",
       two_of_three, RuleStatus::kUnverified, kSpcPage},
      {"fifth_rule",
       "Life QI lists five special-cause types; the fifth was not retrieved (possibly low "
       "variation); not computed",
       false, RuleStatus::kNotImplemented, kSpcPage},
  };
}

std::vector<RuleProvenance> RunRules(int shift, bool shift_set, int trend, bool trend_set) {
  auto n = [](int v, bool set, int ihi) {
    return std::to_string(v) + (set ? " (set by the user; the IHI value is " + std::to_string(ihi) + ")"
                                    : " (the IHI value)");
  };
  return {
      {"centre_line", "the median of the values (missing values left out)", true,
       RuleStatus::kDocumented, kRunPage},
      {"shift",
       n(shift, shift_set, kIhiShift) +
           " or more points in a row on one side of the median; a point on the median is "
           "ignored (neither breaks nor counts)",
       true, RuleStatus::kValueUnconfirmed, kRunPage},
      {"trend",
       n(trend, trend_set, kIhiTrend) +
           " or more points in a row each higher (or each lower) than the one before; a point "
           "equal to the previous one is ignored (neither breaks nor counts)",
       true, RuleStatus::kValueUnconfirmed, kRunPage},
      {"runs",
       "too few or too many runs: needs the IHI table of run limits, which was not retrieved; "
       "not computed (the number of runs and of useful points are reported)",
       false, RuleStatus::kNotImplemented, kRunPage},
      {"astronomical_point",
       "an obviously different value: a judgement with no numeric rule; not computed", false,
       RuleStatus::kNotImplemented, kRunPage},
  };
}

// Flags every member of a run of `length` or more useful points on one side.
void MarkShifts(std::vector<LifeQiPoint>& pts, int length) {
  std::vector<size_t> run;
  int run_side = 0;
  auto close = [&] {
    if (static_cast<int>(run.size()) >= length) {
      for (size_t i : run) pts[i].shift = true;
    }
    run.clear();
  };
  for (size_t i = 0; i < pts.size(); ++i) {
    const int s = pts[i].side;
    if (s == 0) continue;  // on the centre line or missing: ignored
    if (s != run_side) {
      close();
      run_side = s;
    }
    run.push_back(i);
  }
  close();
}

// Flags every counted member of a run of `length` or more points each higher (lower) than
// the last counted one. A point equal to the previous value, or missing, is not counted.
void MarkTrends(std::vector<LifeQiPoint>& pts, int length) {
  std::vector<size_t> counted;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (IsNa(pts[i].value)) continue;
    if (!counted.empty() && pts[counted.back()].value == pts[i].value) continue;
    counted.push_back(i);
  }
  size_t k = 1;
  while (k < counted.size()) {
    const int dir = pts[counted[k]].value > pts[counted[k - 1]].value ? 1 : -1;
    size_t end = k;  // last step of this direction
    while (end + 1 < counted.size() &&
           (pts[counted[end + 1]].value > pts[counted[end]].value ? 1 : -1) == dir) {
      ++end;
    }
    const size_t first = k - 1, n = end - first + 1;  // points counted[first..end]
    if (static_cast<int>(n) >= length) {
      for (size_t j = first; j <= end; ++j) {
        LifeQiPoint& p = pts[counted[j]];
        p.trend = true;
        if (p.trend_direction == 0) p.trend_direction = dir;
      }
    }
    k = end + 1;
  }
}

// 2 of 3 consecutive points (missing values skipped) beyond the 2-sigma line on one side.
void MarkTwoOfThree(std::vector<LifeQiPoint>& pts) {
  std::vector<size_t> present;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (!IsNa(pts[i].value)) present.push_back(i);
  }
  auto beyond = [&](size_t i, int s) {
    const LifeQiPoint& p = pts[i];
    return s > 0 ? p.value > p.upper_2sigma : p.value < p.lower_2sigma;
  };
  for (size_t w = 0; w + 3 <= present.size(); ++w) {
    for (int s : {1, -1}) {
      int count = 0;
      for (size_t j = w; j < w + 3; ++j) count += beyond(present[j], s) ? 1 : 0;
      if (count < 2) continue;
      for (size_t j = w; j < w + 3; ++j) {
        if (beyond(present[j], s)) pts[present[j]].two_of_three = true;
      }
    }
  }
}

PointType TypeFor(bool high, ImprovementDirection d) {
  switch (d) {
    case ImprovementDirection::kIncrease: return high ? PointType::kImprovement : PointType::kConcern;
    case ImprovementDirection::kDecrease: return high ? PointType::kConcern : PointType::kImprovement;
    case ImprovementDirection::kNeutral: return high ? PointType::kNeutralHigh : PointType::kNeutralLow;
  }
  return PointType::kCommonCause;
}

}  // namespace

Result<LifeQiChart> ParseLifeQiChart(std::string_view name) {
  if (name == "i") return LifeQiChart::kSpc;
  if (name == "run") return LifeQiChart::kRun;
  return InvalidArgument("the life-qi preset has two charts, i (the SPC chart) and run; '" +
                             std::string(name) + "' is not one of them",
                         "chart");
}

std::string_view LifeQiChartName(LifeQiChart c) { return c == LifeQiChart::kSpc ? "i" : "run"; }

std::string_view RuleStatusName(RuleStatus s) {
  switch (s) {
    case RuleStatus::kDocumented: return "documented";
    case RuleStatus::kAssumed: return "assumed";
    case RuleStatus::kValueUnconfirmed: return "value_unconfirmed";
    case RuleStatus::kUnverified: return "unverified";
    case RuleStatus::kNotImplemented: return "not_implemented";
  }
  return "";
}

std::vector<std::string> LifeQiSignalLabels(const LifeQiPoint& p) {
  std::vector<std::string> out;
  if (p.outlier) out.push_back(p.value > p.ucl ? "outlier above" : "outlier below");
  if (p.shift) out.push_back(p.side > 0 ? "shift above" : "shift below");
  if (p.trend) out.push_back(p.trend_direction > 0 ? "trend up" : "trend down");
  if (p.two_of_three) {
    out.push_back(p.value > p.upper_2sigma ? "two of three above" : "two of three below");
  }
  return out;
}

Result<LifeQiResult> AnalyseLifeQi(std::span<const MdcPoint> input, const LifeQiOptions& o) {
  if (input.empty()) return InvalidArgument("the series has no points", "points");
  const bool spc = o.chart == LifeQiChart::kSpc;
  if (spc && o.run_shift_length) {
    return InvalidArgument("a shift length can be set for the life-qi run chart only; the SPC "
                           "chart's shift of 8 is documented",
                           "run_shift_length");
  }
  if (spc && o.run_trend_length) {
    return InvalidArgument("a trend length can be set for the life-qi run chart only; the SPC "
                           "chart's trend of 6 is documented",
                           "run_trend_length");
  }
  if (!spc && o.two_of_three) {
    return InvalidArgument("the two-of-three rule needs sigma lines: it applies to the life-qi "
                           "SPC chart (i), not the run chart",
                           "two_of_three");
  }
  for (auto [value, field] : {std::pair{o.run_shift_length, "run_shift_length"},
                              std::pair{o.run_trend_length, "run_trend_length"}}) {
    if (value && (*value < kMinLength || *value > kMaxLength)) {
      return InvalidArgument(std::string(field) + " must be between " + std::to_string(kMinLength) +
                                 " and " + std::to_string(kMaxLength) + ", not " +
                                 std::to_string(*value),
                             field);
    }
  }

  // Date order; duplicates refused.
  std::vector<size_t> order(input.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return input[a].date < input[b].date; });
  for (size_t i = 1; i < order.size(); ++i) {
    if (input[order[i]].date == input[order[i - 1]].date) {
      return InvalidArgument("duplicate date " + input[order[i]].date.ToIso() + " (points " +
                                 std::to_string(order[i - 1] + 1) + " and " +
                                 std::to_string(order[i] + 1) + ")",
                             "points[" + std::to_string(order[i]) + "].date");
    }
  }

  LifeQiResult r;
  r.chart = o.chart;
  r.direction = o.direction;
  r.shift_length = spc ? kSpcShift : o.run_shift_length.value_or(kIhiShift);
  r.trend_length = spc ? kSpcTrend : o.run_trend_length.value_or(kIhiTrend);
  r.rules = spc ? SpcRules(o.two_of_three)
                : RunRules(r.shift_length, o.run_shift_length.has_value(), r.trend_length,
                           o.run_trend_length.has_value());

  std::vector<double> y(input.size());
  for (size_t i = 0; i < order.size(); ++i) y[i] = input[order[i]].value;
  for (double& v : y) {
    if (!std::isfinite(v)) v = kNa;  // infinities are no more a value than NaN
  }
  r.n_present = CountPresent(y);
  const size_t missing = y.size() - r.n_present;

  r.centre = spc ? MeanNaRm(y) : MedianNaRm(y);
  r.sigma = r.lcl = r.ucl = kNa;
  double lower2 = kNa, upper2 = kNa;
  if (spc) {
    std::vector<double> mr;
    mr.reserve(y.size());
    for (size_t i = 1; i < y.size(); ++i) {
      if (!IsNa(y[i]) && !IsNa(y[i - 1])) mr.push_back(std::fabs(y[i] - y[i - 1]));
    }
    if (!mr.empty()) {
      r.sigma = MeanNaRm(mr) / kD2;
      r.lcl = r.centre - 3 * r.sigma;
      r.ucl = r.centre + 3 * r.sigma;
      lower2 = r.centre - 2 * r.sigma;
      upper2 = r.centre + 2 * r.sigma;
    }
  }

  r.points.resize(y.size());
  int last_side = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    LifeQiPoint& p = r.points[i];
    p.date = input[order[i]].date;
    p.value = y[i];
    p.centre = r.centre;
    p.lcl = r.lcl;
    p.ucl = r.ucl;
    p.lower_2sigma = lower2;
    p.upper_2sigma = upper2;
    if (!IsNa(p.value) && !IsNa(p.centre)) p.side = p.value > p.centre ? 1 : p.value < p.centre ? -1 : 0;
    if (p.side != 0) {
      ++r.n_useful;
      if (p.side != last_side) ++r.n_runs;
      last_side = p.side;
    }
    if (spc && !IsNa(p.value) && !IsNa(r.sigma)) p.outlier = p.value > r.ucl || p.value < r.lcl;
  }
  MarkShifts(r.points, r.shift_length);
  MarkTrends(r.points, r.trend_length);
  if (spc && o.two_of_three && !IsNa(r.sigma)) MarkTwoOfThree(r.points);

  for (LifeQiPoint& p : r.points) {
    p.signal = p.outlier || p.shift || p.trend || p.two_of_three;
    if (!p.signal) continue;
    p.high = p.outlier ? p.value > p.ucl
             : p.shift ? p.side > 0
             : p.trend ? p.trend_direction > 0
                       : p.value > p.upper_2sigma;
    p.point_type = TypeFor(p.high, o.direction);
  }

  if (missing > 0) {
    r.warnings.push_back(std::to_string(missing) +
                         " missing value(s): left out of the centre line" +
                         (spc ? " and the moving ranges" : std::string()) +
                         "; the shift and trend rules skip them (they neither break nor extend a run)");
  }
  if (r.n_present == 0) {
    r.warnings.push_back("no point has a value: no centre line, limits or signals");
  } else if (r.n_present < static_cast<size_t>(kLifeQiAdvisedPoints)) {
    r.warnings.push_back("only " + std::to_string(r.n_present) +
                         " point(s) with a value: Life QI advises at least " +
                         std::to_string(kLifeQiAdvisedPoints) +
                         " baseline points; treat the centre line" +
                         (spc ? " and limits" : std::string()) + " as provisional");
  }
  if (spc && r.n_present > 0 && IsNa(r.sigma)) {
    r.warnings.push_back("no moving range (no two consecutive values): the limits are "
                         "undefined, so no point can be an outlier");
  } else if (spc && r.sigma == 0) {
    r.warnings.push_back("every moving range is 0 (a constant series): the limits equal the "
                         "centre line and no point is beyond them");
  }
  if (r.n_present > 0 && r.n_useful == 0) {
    r.warnings.push_back("every value is on the centre line: no shift or trend can be found");
  }
  if (o.two_of_three) {
    r.warnings.push_back("the two-of-three rule is unverified: Life QI's text was cut off after "
                         "\"Two o\"; it is computed as 2 of 3 consecutive points beyond the "
                         "2-sigma line on the same side");
  }
  return r;
}

}  // namespace ics::improvement
