#include "improvement/qic.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>

#include "improvement/r_stats.h"
#include "improvement/runs.h"

namespace ics::improvement {
namespace {

constexpr double kD2 = 1.128;          // d2 for moving ranges of two
constexpr double kMrLimit = 3.267;     // D4 for moving ranges of two; MR screening cut-off
constexpr double kIpScreen = 3.2665;   // qicharts2's cut-off for the I' chart

bool AnyNa(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return IsNa(x); });
}

std::optional<double> ParseNumber(const std::string& s) {
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto r = std::from_chars(b, e, v);
  if (r.ec != std::errc() || r.ptr != e) return std::nullopt;
  return v;
}

// One (facet, part) slice of subgroups, as the chart functions see it.
struct Part {
  std::vector<double> y, cl, n, y_sum, y_length, y_mean, y_sd;
  std::vector<bool> base, include;
  std::vector<double> lcl, ucl, lcl95, ucl95;
  bool categorical = false;

  size_t size() const { return y.size(); }
  std::vector<double> Base(const std::vector<double>& v) const {
    std::vector<double> out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (base[i]) out.push_back(v[i]);
    }
    return out;
  }
  void SetCl(double c) { std::fill(cl.begin(), cl.end(), c); }
  // lcl/ucl = cl -/+ 3 sd and the 2-sigma lines, with a per-point or constant sd.
  void SetLimits(const std::vector<double>& sd) {
    for (size_t i = 0; i < size(); ++i) {
      lcl[i] = cl[i] - 3 * sd[i];
      lcl95[i] = cl[i] - 2 * sd[i];
      ucl[i] = cl[i] + 3 * sd[i];
      ucl95[i] = cl[i] + 2 * sd[i];
    }
  }
  void FloorLower() {  // x$lcl[x$lcl < 0 & is.finite(x$lcl)] <- 0
    for (size_t i = 0; i < size(); ++i) {
      if (std::isfinite(lcl[i]) && lcl[i] < 0) lcl[i] = 0;
      if (std::isfinite(lcl95[i]) && lcl95[i] < 0) lcl95[i] = 0;
    }
  }
  void CapUpper() {  // x$ucl[x$ucl > 1 & is.finite(x$ucl)] <- 1
    for (size_t i = 0; i < size(); ++i) {
      if (std::isfinite(ucl[i]) && ucl[i] > 1) ucl[i] = 1;
      if (std::isfinite(ucl95[i]) && ucl95[i] > 1) ucl95[i] = 1;
    }
  }
};

// Mean moving range of `v`, screened once at 3.267 x the mean when asked (Nelson 1982).
double AverageMovingRange(const std::vector<double>& v, bool screened) {
  std::vector<double> mr;
  for (size_t i = 1; i < v.size(); ++i) mr.push_back(std::fabs(v[i] - v[i - 1]));
  double amr = MeanNaRm(mr);
  if (screened) {
    const double cutoff = kMrLimit * amr;
    std::vector<double> kept;
    for (double m : mr) {
      if (m < cutoff) kept.push_back(m);  // NaN comparisons drop the MR
    }
    amr = MeanNaRm(kept);
  }
  return amr;
}

void ChartRun(Part& d) {
  if (AnyNa(d.cl)) d.SetCl(MedianNaRm(d.Base(d.y)));
  std::fill(d.lcl.begin(), d.lcl.end(), kNa);
  std::fill(d.ucl.begin(), d.ucl.end(), kNa);
  std::fill(d.lcl95.begin(), d.lcl95.end(), kNa);
  std::fill(d.ucl95.begin(), d.ucl95.end(), kNa);
}

void ChartI(Part& d, bool screened) {
  if (AnyNa(d.cl)) d.SetCl(MeanNaRm(d.Base(d.y)));
  std::vector<double> dev;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.base[i]) dev.push_back(d.y[i] - d.cl[i]);
  }
  const double stdev = AverageMovingRange(dev, screened) / kD2;
  d.SetLimits(std::vector<double>(d.size(), stdev));
}

void ChartMr(Part& d) {
  std::vector<double> mr(d.size(), kNa);
  for (size_t i = 1; i < d.size(); ++i) mr[i] = std::fabs(d.y[i] - d.y[i - 1]);
  d.y = mr;
  if (AnyNa(d.cl)) d.SetCl(MeanNaRm(d.Base(d.y)));
  for (size_t i = 0; i < d.size(); ++i) {
    d.lcl[i] = 0;
    d.lcl95[i] = 0;
    d.ucl[i] = kMrLimit * d.cl[i];
    d.ucl95[i] = (kMrLimit / 3) * 2 * d.cl[i];
  }
}

bool VariableSubgroupSize(const Part& d) {
  std::set<double> sizes(d.y_length.begin(), d.y_length.end());
  return sizes.size() > 1;
}

// Pooled standard deviation over the baseline: sqrt(sum((n-1) s^2) / sum(n-1)).
double PooledSd(const Part& d) {
  std::vector<double> num, den;
  for (size_t i = 0; i < d.size(); ++i) {
    if (!d.base[i]) continue;
    num.push_back((d.y_length[i] - 1) * d.y_sd[i] * d.y_sd[i]);
    den.push_back(d.y_length[i] - 1);
  }
  return std::sqrt(SumNaRm(num) / SumNaRm(den));
}

void ChartXbar(Part& d) {
  const bool var_n = VariableSubgroupSize(d);
  if (AnyNa(d.cl)) {
    std::vector<double> weighted;
    for (size_t i = 0; i < d.size(); ++i) {
      if (d.base[i]) weighted.push_back(d.y_length[i] * d.y_mean[i]);
    }
    d.SetCl(SumNaRm(weighted) / SumNaRm(d.Base(d.y_length)));
  }
  const double stdev = var_n ? PooledSd(d) : MeanNaRm(d.Base(d.y_sd));
  for (size_t i = 0; i < d.size(); ++i) {
    const double a3 = A3(d.y_length[i], 3), a3_95 = A3(d.y_length[i], 2);
    d.ucl[i] = d.cl[i] + a3 * stdev;
    d.ucl95[i] = d.cl[i] + a3_95 * stdev;
    d.lcl[i] = d.cl[i] - a3 * stdev;
    d.lcl95[i] = d.cl[i] - a3_95 * stdev;
  }
}

void ChartS(Part& d) {
  const bool var_n = VariableSubgroupSize(d);
  d.y = d.y_sd;
  if (AnyNa(d.cl)) d.SetCl(var_n ? PooledSd(d) : MeanNaRm(d.Base(d.y_sd)));
  for (size_t i = 0; i < d.size(); ++i) {
    d.ucl[i] = B4(d.y_length[i], 3) * d.cl[i];
    d.ucl95[i] = B4(d.y_length[i], 2) * d.cl[i];
    d.lcl[i] = B3(d.y_length[i], 3) * d.cl[i];
    d.lcl95[i] = B3(d.y_length[i], 2) * d.cl[i];
  }
}

Status ChartT(Part& d, bool screened) {
  double min_y = std::numeric_limits<double>::infinity();
  for (double v : d.y) {
    if (!IsNa(v)) min_y = std::min(min_y, v);
  }
  if (min_y <= 0) {
    return InvalidArgument("t chart: time between events must be greater than zero", "y");
  }
  for (double& v : d.y) v = std::pow(v, 1 / 3.6);
  ChartI(d, screened);
  for (size_t i = 0; i < d.size(); ++i) {
    d.y[i] = std::pow(d.y[i], 3.6);
    d.cl[i] = std::pow(d.cl[i], 3.6);
    d.ucl[i] = std::pow(d.ucl[i], 3.6);
    d.ucl95[i] = std::pow(d.ucl95[i], 3.6);
    d.lcl[i] = std::pow(d.lcl[i], 3.6);
    d.lcl95[i] = std::pow(d.lcl95[i], 3.6);
    if (d.lcl[i] < 0 || std::isnan(d.lcl[i])) d.lcl[i] = 0;
  }
  return Status::Ok();
}

// Centre line sum(y.sum) / sum(n) over the baseline (p, pp, u, up).
double RatioCentre(const Part& d) { return SumNaRm(d.Base(d.y_sum)) / SumNaRm(d.Base(d.n)); }

// Laney's sigma_z: the spread of the standardised baseline points.
double LaneySigmaZ(const Part& d, const std::vector<double>& stdev, bool screened) {
  std::vector<double> z;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.base[i]) z.push_back((d.y[i] - d.cl[i]) / stdev[i]);
  }
  if (d.categorical) return Sd(z);
  return AverageMovingRange(z, screened) / kD2;
}

void ChartP(Part& d, bool prime, bool screened) {
  if (AnyNa(d.cl)) d.SetCl(RatioCentre(d));
  std::vector<double> stdev(d.size());
  for (size_t i = 0; i < d.size(); ++i) stdev[i] = std::sqrt(d.cl[i] * (1 - d.cl[i]) / d.n[i]);
  if (prime) {
    const double sigma_z = LaneySigmaZ(d, stdev, screened);
    for (double& s : stdev) s *= sigma_z;
  }
  d.SetLimits(stdev);
  d.CapUpper();
  d.FloorLower();
}

void ChartU(Part& d, bool prime, bool screened) {
  if (AnyNa(d.cl)) d.SetCl(RatioCentre(d));
  std::vector<double> stdev(d.size());
  for (size_t i = 0; i < d.size(); ++i) stdev[i] = std::sqrt(d.cl[i] / d.n[i]);
  if (prime) {
    const double sigma_z = LaneySigmaZ(d, stdev, screened);
    for (double& s : stdev) s *= sigma_z;
  }
  d.SetLimits(stdev);
  d.FloorLower();
}

void ChartC(Part& d) {
  d.y = d.y_sum;
  if (AnyNa(d.cl)) d.SetCl(MeanNaRm(d.Base(d.y)));
  std::vector<double> stdev(d.size());
  for (size_t i = 0; i < d.size(); ++i) stdev[i] = std::sqrt(d.cl[i]);
  d.SetLimits(stdev);
  d.FloorLower();
}

void ChartG(Part& d) {
  const bool compute_cl = AnyNa(d.cl);
  if (compute_cl) d.SetCl(MeanNaRm(d.Base(d.y)));
  std::vector<double> stdev(d.size());
  for (size_t i = 0; i < d.size(); ++i) stdev[i] = std::sqrt(d.cl[i] * (d.cl[i] + 1));
  d.SetLimits(stdev);
  for (size_t i = 0; i < d.size(); ++i) {  // x$lcl[x$lcl < 0] <- 0
    if (d.lcl[i] < 0) d.lcl[i] = 0;
    if (d.lcl95[i] < 0) d.lcl95[i] = 0;
  }
  // The centre shown is the median (or the theoretical median 0.693 x a given mean).
  if (compute_cl) {
    d.SetCl(MedianNaRm(d.Base(d.y)));
  } else {
    for (double& c : d.cl) c *= 0.693;
  }
}

void ChartIp(Part& d, bool screened) {
  if (std::all_of(d.n.begin(), d.n.end(), [](double v) { return IsNa(v); })) d.n = d.y_length;
  if (AnyNa(d.cl)) {
    std::vector<double> yn;
    for (size_t i = 0; i < d.size(); ++i) {
      if (d.base[i]) yn.push_back(d.y[i] * d.n[i]);
    }
    d.SetCl(SumNaRm(yn) / SumNaRm(d.Base(d.n)));
  }
  // Moving "s" over all points of the part (not only the baseline), as qicharts2 does.
  std::vector<double> s;
  for (size_t i = 1; i < d.size(); ++i) {
    const double d1 = std::fabs(d.y[i] - d.y[i - 1]);
    const double d2 = std::sqrt((1 / d.n[i - 1]) + (1 / d.n[i]));
    s.push_back(std::sqrt(std::numbers::pi / 2) * d1 / d2);
  }
  if (screened) {
    const double uls = MeanNaRm(s) * kIpScreen;
    std::vector<double> kept;
    for (double v : s) {
      if (v < uls) kept.push_back(v);
    }
    s = kept;
  }
  const double as = MeanNaRm(s);
  std::vector<double> stdev(d.size());
  for (size_t i = 0; i < d.size(); ++i) stdev[i] = as * std::sqrt(1 / d.n[i]);
  d.SetLimits(stdev);
}

Status RunChart(QicChart chart, Part& d, const QicOptions& o) {
  switch (chart) {
    case QicChart::kRun: ChartRun(d); break;
    case QicChart::kI: ChartI(d, o.screened_mr); break;
    case QicChart::kMr: ChartMr(d); break;
    case QicChart::kXbar: ChartXbar(d); break;
    case QicChart::kS: ChartS(d); break;
    case QicChart::kT: return ChartT(d, o.screened_mr);
    case QicChart::kP: ChartP(d, false, o.screened_mr); break;
    case QicChart::kPp: ChartP(d, true, o.screened_mr); break;
    case QicChart::kC: ChartC(d); break;
    case QicChart::kU: ChartU(d, false, o.screened_mr); break;
    case QicChart::kUp: ChartU(d, true, o.screened_mr); break;
    case QicChart::kG: ChartG(d); break;
    case QicChart::kIp: ChartIp(d, o.screened_mr); break;
  }
  return Status::Ok();
}

// qicharts2's makeparts(): part numbers for n points from the last index of each part.
std::vector<int> MakeParts(const std::vector<int64_t>& breaks, int64_t n) {
  std::set<int64_t> cuts{0};
  for (int64_t b : breaks) {
    if (b >= 0 && b < n) cuts.insert(b);
  }
  std::vector<int64_t> c(cuts.begin(), cuts.end());
  c.push_back(n);
  std::vector<int> parts;
  for (size_t i = 0; i + 1 < c.size(); ++i) {
    for (int64_t k = c[i]; k < c[i + 1]; ++k) parts.push_back(static_cast<int>(i + 1));
  }
  return parts;
}

double Aggregate(AggFun f, const std::vector<double>& v) {
  switch (f) {
    case AggFun::kMean: return MeanNaRm(v);
    case AggFun::kMedian: return MedianNaRm(v);
    case AggFun::kSum: return SumNaRm(v);
    case AggFun::kSd: return SdNaRm(v);
  }
  return kNa;
}

std::string JoinNotes(const std::vector<std::string>& notes) {
  std::vector<std::string> seen;
  for (const std::string& s : notes) {
    if (s.empty() || std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
    seen.push_back(s);
  }
  std::string out;
  for (const std::string& s : seen) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

}  // namespace

Result<QicChart> ParseQicChart(std::string_view name) {
  static constexpr std::pair<std::string_view, QicChart> kNames[] = {
      {"run", QicChart::kRun}, {"i", QicChart::kI},   {"mr", QicChart::kMr},
      {"xbar", QicChart::kXbar}, {"s", QicChart::kS}, {"t", QicChart::kT},
      {"p", QicChart::kP},     {"pp", QicChart::kPp}, {"c", QicChart::kC},
      {"u", QicChart::kU},     {"up", QicChart::kUp}, {"g", QicChart::kG},
      {"ip", QicChart::kIp},
  };
  for (const auto& [n, c] : kNames) {
    if (n == name) return c;
  }
  return InvalidArgument("unknown chart '" + std::string(name) +
                             "' (run, i, mr, xbar, s, t, p, pp, c, u, up, g, ip)",
                         "chart");
}

std::string_view QicChartName(QicChart c) {
  switch (c) {
    case QicChart::kRun: return "run";
    case QicChart::kI: return "i";
    case QicChart::kMr: return "mr";
    case QicChart::kXbar: return "xbar";
    case QicChart::kS: return "s";
    case QicChart::kT: return "t";
    case QicChart::kP: return "p";
    case QicChart::kPp: return "pp";
    case QicChart::kC: return "c";
    case QicChart::kU: return "u";
    case QicChart::kUp: return "up";
    case QicChart::kG: return "g";
    case QicChart::kIp: return "ip";
  }
  return "run";
}

Result<AggFun> ParseAggFun(std::string_view name) {
  if (name == "mean") return AggFun::kMean;
  if (name == "median") return AggFun::kMedian;
  if (name == "sum") return AggFun::kSum;
  if (name == "sd") return AggFun::kSd;
  return InvalidArgument("agg.fun must be mean, median, sum or sd, not '" + std::string(name) + "'",
                         "agg.fun");
}

bool FacetLess(const std::string& a, const std::string& b, bool numeric) {
  if (numeric) {
    auto x = ParseNumber(a), y = ParseNumber(b);
    if (x && y) return *x < *y;
  }
  return a < b;
}

Result<QicResult> AnalyseQic(const QicInput& input, const QicOptions& options) {
  const QicChart chart = options.chart;
  const bool needs_n = chart == QicChart::kP || chart == QicChart::kPp ||
                       chart == QicChart::kU || chart == QicChart::kUp;
  if (needs_n && !input.has_n) {
    return InvalidArgument("a " + std::string(QicChartName(chart)) +
                               " chart needs a denominator (n) for every subgroup",
                           "n");
  }
  if (!std::isfinite(options.multiply) || options.multiply == 0) {
    return InvalidArgument("multiply must be a finite, non-zero number", "multiply");
  }
  QicResult result;
  const bool categorical = input.x_kind == XKind::kCategory;

  // Part breaks from labels: the first row of each new label, counted over distinct x
  // values in input order (qic() does this before aggregation).
  std::vector<int64_t> part_breaks = options.part;
  if (options.part_labels) {
    part_breaks.clear();
    std::vector<std::string> firsts;  // part label of each first occurrence of an x
    std::set<std::string> seen_x;
    for (const QicRow& r : input.rows) {
      std::string key = r.x_missing ? std::string("\x01NA") : r.x_label;
      if (seen_x.insert(key).second) firsts.push_back(r.part_label);
    }
    std::vector<std::string> labels;
    for (const std::string& l : firsts) {
      if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
    }
    for (size_t i = 1; i < labels.size(); ++i) {
      auto at = std::find(firsts.begin(), firsts.end(), labels[i]) - firsts.begin();
      part_breaks.push_back(static_cast<int64_t>(at));  // match() - 1
    }
  }
  const bool has_parts = options.part_labels || !options.part.empty();
  const double freeze = (!options.freeze || has_parts)
                            ? std::numeric_limits<double>::infinity()
                            : static_cast<double>(*options.freeze);
  const std::set<int64_t> exclude(options.exclude.begin(), options.exclude.end());

  // Aggregate rows into subgroups keyed by (facet1, facet2, x).
  bool numeric_f1 = true, numeric_f2 = true;
  size_t dropped_x = 0, missing_y = 0;
  for (const QicRow& r : input.rows) {
    numeric_f1 = numeric_f1 && ParseNumber(r.facet1).has_value();
    numeric_f2 = numeric_f2 && ParseNumber(r.facet2).has_value();
  }
  auto facet_less = [&](const QicRow* a, const QicRow* b) {
    if (a->facet1 != b->facet1) return FacetLess(a->facet1, b->facet1, numeric_f1);
    if (a->facet2 != b->facet2) return FacetLess(a->facet2, b->facet2, numeric_f2);
    return false;
  };
  std::vector<const QicRow*> rows;
  for (const QicRow& r : input.rows) {
    if (r.x_missing || IsNa(r.x)) {
      ++dropped_x;
      continue;
    }
    rows.push_back(&r);
  }
  if (rows.empty()) return InvalidArgument("no rows with an x value to chart", "x");
  std::stable_sort(rows.begin(), rows.end(), [&](const QicRow* a, const QicRow* b) {
    if (facet_less(a, b)) return true;
    if (facet_less(b, a)) return false;
    return a->x < b->x;
  });

  std::vector<QicSubgroup>& subs = result.subgroups;
  for (size_t i = 0; i < rows.size();) {
    size_t j = i;
    while (j < rows.size() && rows[j]->facet1 == rows[i]->facet1 &&
           rows[j]->facet2 == rows[i]->facet2 && rows[j]->x == rows[i]->x) {
      ++j;
    }
    std::vector<double> ys, ns;
    std::vector<std::string> notes;
    for (size_t k = i; k < j; ++k) {
      double y = rows[k]->y, n = input.has_n ? rows[k]->n : kNa;
      if (input.has_n && (IsNa(y) || IsNa(n))) y = n = kNa;  // complete.cases(y, n)
      if (IsNa(y)) ++missing_y;
      ys.push_back(y);
      ns.push_back(n);
      notes.push_back(rows[k]->notes);
    }
    QicSubgroup s;
    s.facet1 = rows[i]->facet1;
    s.facet2 = rows[i]->facet2;
    s.x = rows[i]->x;
    s.x_label = rows[i]->x_label;
    s.y_sum = (ys.size() == 1 && IsNa(ys[0])) ? kNa : SumNaRm(ys);
    s.y_length = static_cast<double>(CountPresent(ys));
    s.y_mean = MeanNaRm(ys);
    s.y_sd = SdNaRm(ys);
    s.n = input.has_n ? SumNaRm(ns) : kNa;
    s.y = input.has_n ? SumNaRm(ys) / SumNaRm(ns) : Aggregate(options.agg_fun, ys);
    s.cl = rows[i]->cl;
    s.target = rows[i]->target;
    s.notes = JoinNotes(notes);
    subs.push_back(std::move(s));
    i = j;
  }
  if (dropped_x > 0) {
    result.warnings.push_back(std::to_string(dropped_x) + " row(s) without an x value were left out");
  }
  if (missing_y > 0) {
    result.warnings.push_back(std::to_string(missing_y) +
                              " missing value(s): left out of the subgroup statistics");
  }

  // Per facet: parts, positions, baseline and exclusions; then each part's chart.
  bool undefined_limits = false;
  bool no_useful_points = false;
  for (size_t f = 0; f < subs.size();) {
    size_t fe = f;
    while (fe < subs.size() && subs[fe].facet1 == subs[f].facet1 &&
           subs[fe].facet2 == subs[f].facet2) {
      ++fe;
    }
    const std::vector<int> parts = MakeParts(part_breaks, static_cast<int64_t>(fe - f));
    for (size_t i = f; i < fe; ++i) {
      subs[i].part = parts[i - f];
      subs[i].xx = static_cast<int64_t>(i - f + 1);
      subs[i].baseline = static_cast<double>(subs[i].xx) <= freeze;
      subs[i].include = !exclude.count(subs[i].xx);
    }
    for (size_t p = f; p < fe;) {
      size_t pe = p;
      while (pe < fe && subs[pe].part == subs[p].part) ++pe;
      Part d;
      d.categorical = categorical;
      for (size_t i = p; i < pe; ++i) {
        const QicSubgroup& s = subs[i];
        d.y.push_back(s.y);
        d.cl.push_back(s.cl);
        d.n.push_back(s.n);
        d.y_sum.push_back(s.y_sum);
        d.y_length.push_back(s.y_length);
        d.y_mean.push_back(s.y_mean);
        d.y_sd.push_back(s.y_sd);
        d.base.push_back(s.baseline && s.include);
        d.include.push_back(s.include);
      }
      d.lcl = d.ucl = d.lcl95 = d.ucl95 = std::vector<double>(d.size(), kNa);
      ICS_RETURN_IF_ERROR(RunChart(chart, d, options));

      std::vector<double> ry, rcl;
      for (size_t i = 0; i < d.size(); ++i) {
        if (d.include[i]) {
          ry.push_back(d.y[i]);
          rcl.push_back(d.cl[i]);
        }
      }
      const RunsAnalysis runs = AnalyseRuns(ry, rcl);
      if (runs.n_useful == 0) no_useful_points = true;
      bool any_limit = false;
      for (size_t i = p; i < pe; ++i) {
        QicSubgroup& s = subs[i];
        const size_t k = i - p;
        s.y = d.y[k] * options.multiply;
        s.cl = d.cl[k] * options.multiply;
        s.lcl = d.lcl[k] * options.multiply;
        s.lcl_95 = d.lcl95[k] * options.multiply;
        s.ucl_95 = d.ucl95[k] * options.multiply;
        s.ucl = d.ucl[k] * options.multiply;
        s.n_obs = runs.n_obs;
        s.n_useful = runs.n_useful;
        s.longest_run = runs.longest_run;
        s.longest_run_max = runs.longest_run_max;
        s.n_crossings = runs.n_crossings;
        s.n_crossings_min = runs.n_crossings_min;
        s.runs_signal = runs.signal;
        any_limit = any_limit || std::isfinite(s.ucl) || std::isfinite(s.lcl);
      }
      if (chart != QicChart::kRun && !any_limit) undefined_limits = true;
      p = pe;
    }
    f = fe;
  }
  if (undefined_limits) {
    result.warnings.push_back(
        "some parts have no control limits (too few points, a constant series or subgroups "
        "of one): no sigma signal is raised there");
  }

  if (no_useful_points) {
    result.warnings.push_back(
        "some parts have no point off the centre line: their runs statistics are missing and "
        "they raise no runs signal");
  }

  // Clean-up as qic.agg does it.
  double min_y = std::numeric_limits<double>::infinity();
  for (const QicSubgroup& s : subs) {
    if (!IsNa(s.y)) min_y = std::min(min_y, s.y);
  }
  for (QicSubgroup& s : subs) {
    for (double* v : {&s.ucl, &s.ucl_95, &s.lcl, &s.lcl_95}) {
      if (!std::isfinite(*v)) *v = kNa;
    }
    s.sigma_signal = (!IsNa(s.y) && !IsNa(s.ucl) && s.y > s.ucl) ||
                     (!IsNa(s.y) && !IsNa(s.lcl) && s.y < s.lcl);
    if (categorical || chart == QicChart::kMr) s.runs_signal = false;
    if (!options.y_neg && min_y >= 0) {
      if (s.lcl < 0) s.lcl = 0;
      if (s.lcl_95 < 0) s.lcl_95 = 0;
    }
  }

  // summary.qic().
  for (size_t p = 0; p < subs.size();) {
    size_t pe = p;
    while (pe < subs.size() && subs[pe].facet1 == subs[p].facet1 &&
           subs[pe].facet2 == subs[p].facet2 && subs[pe].part == subs[p].part) {
      ++pe;
    }
    QicSummary row;
    row.facet1 = subs[p].facet1;
    row.facet2 = subs[p].facet2;
    row.part = subs[p].part;
    row.n_obs = subs[p].n_obs;
    row.n_useful = subs[p].n_useful;
    row.longest_run = subs[p].longest_run;
    row.longest_run_max = subs[p].longest_run_max;
    row.n_crossings = subs[p].n_crossings;
    row.n_crossings_min = subs[p].n_crossings_min;
    std::vector<double> lcl, lcl95, cl, ucl95, ucl;
    for (size_t i = p; i < pe; ++i) {
      row.runs_signal = std::max(row.runs_signal, subs[i].runs_signal ? 1 : 0);
      row.sigma_signal += subs[i].sigma_signal ? 1 : 0;
      lcl.push_back(subs[i].lcl);
      lcl95.push_back(subs[i].lcl_95);
      cl.push_back(subs[i].cl);
      ucl95.push_back(subs[i].ucl_95);
      ucl.push_back(subs[i].ucl);
    }
    row.a_lcl = MeanNaRm(lcl);
    row.a_lcl_95 = MeanNaRm(lcl95);
    row.cl = MeanNaRm(cl);
    row.a_ucl_95 = MeanNaRm(ucl95);
    row.a_ucl = MeanNaRm(ucl);
    result.summary.push_back(row);
    p = pe;
  }
  return result;
}

}  // namespace ics::improvement
