#include "improvement/measure_chart.h"

#include <algorithm>
#include <cmath>

#include "improvement/qic.h"
#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

constexpr char kPtd[] = "NHSRplotthedots 0.2.2 (github.com/nhs-r-community/NHSRplotthedots), read from its source";
constexpr char kQic[] = "qicharts2 0.8.1 (github.com/anhoej/qicharts2), read from its source";

std::vector<RuleProvenance> MdcRules() {
  const RuleStatus d = RuleStatus::kDocumented;
  return {
      {"centre_line", "the mean of each rebase group", true, d, kPtd},
      {"limits",
       "mean +- 2.66 x mean moving range; moving ranges >= 3.267 x their mean screened out", true,
       d, kPtd},
      {"outside_limits", "a point beyond the process limits", true, d, kPtd},
      {"trend", "7 points in a row increasing (decreasing); a tie breaks the trend", true, d, kPtd},
      {"two_in_three",
       "2 of 3 points beyond the 2-sigma near limit, all 3 on the same side of the mean", true, d,
       kPtd},
      {"shift", "7 points in a row on one side of the mean; a point on the mean breaks the run",
       true, d, kPtd},
  };
}

std::vector<RuleProvenance> QicRules(QicChart chart) {
  const RuleStatus d = RuleStatus::kDocumented;
  std::vector<RuleProvenance> out;
  if (chart == QicChart::kRun) {
    out.push_back({"centre_line", "the median", true, d, kQic});
  } else {
    out.push_back({"centre_line", "the mean", true, d, kQic});
    out.push_back({"limits", "mean +- 3 / 1.128 x mean moving range (screened)", true, d, kQic});
    out.push_back({"sigma_signal", "a point outside the 3-sigma limits", true, d, kQic});
  }
  out.push_back({"runs_signal",
                 "Anhoej: the longest run > round(log2 n) + 3, or crossings < qbinom(0.05, n - 1, "
                 "0.5), n the points not on the centre line",
                 true, d, kQic});
  return out;
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

Result<MeasureChart> ChartMeasure(std::span<const MdcPoint> points, const MeasureChartOptions& o) {
  ICS_ASSIGN_OR_RETURN(ChartChoice choice, ParseChartForPreset(o.preset, o.chart));
  if (o.target && o.preset != Preset::kMdc) {
    return InvalidArgument("a target gives the assurance icon of the mdc preset only; the " +
                               std::string(PresetName(o.preset)) + " preset has none",
                           "target");
  }
  MeasureChart out;
  out.preset = o.preset;

  if (o.preset == Preset::kMdc) {
    MdcOptions mo;
    mo.direction = o.direction;
    mo.target = o.target;
    ICS_ASSIGN_OR_RETURN(MdcResult r, AnalyseMdc(points, mo));
    out.chart = "xmr";
    for (const MdcPointResult& p : r.points) {
      MeasurePoint m{p.date, p.value, p.mean, p.lpl, p.upl, {}, p.point_type};
      if (p.special_cause_flag) m.signals.push_back(std::string(SpecialCauseTypeLabel(p.special_cause_type)));
      out.points.push_back(std::move(m));
    }
    out.rules = MdcRules();
    out.variation_icon = r.variation_icon;
    out.assurance = r.assurance_type;
    out.warnings = std::move(r.warnings);
    return out;
  }

  if (o.preset == Preset::kLifeQi) {
    LifeQiOptions lo;
    lo.chart = choice.life_qi_chart;
    lo.direction = o.direction;
    ICS_ASSIGN_OR_RETURN(LifeQiResult r, AnalyseLifeQi(points, lo));
    out.chart = std::string(LifeQiChartName(r.chart));
    for (const LifeQiPoint& p : r.points) {
      out.points.push_back({p.date, p.value, p.centre, p.lcl, p.ucl, LifeQiSignalLabels(p), p.point_type});
    }
    out.rules = std::move(r.rules);
    out.warnings = std::move(r.warnings);
    return out;
  }

  // qicharts2: the two charts of a plain series of dated values.
  if (choice.qic_chart != QicChart::kRun && choice.qic_chart != QicChart::kI) {
    return InvalidArgument("a measure chart draws the qicharts2 run and i charts; '" +
                               std::string(QicChartName(choice.qic_chart)) +
                               "' needs subgroups or denominators (use AnalyseQic)",
                           "chart");
  }
  if (points.empty()) return InvalidArgument("the series has no points", "points");
  std::vector<MdcPoint> sorted(points.begin(), points.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const MdcPoint& a, const MdcPoint& b) { return a.date < b.date; });
  QicInput in;
  in.x_kind = XKind::kDate;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].date == sorted[i - 1].date) {
      return InvalidArgument("duplicate date " + sorted[i].date.ToIso(), "points");
    }
    QicRow row;
    row.x = static_cast<double>(sorted[i].date.DaysSinceEpoch());
    row.x_label = sorted[i].date.ToIso();
    row.y = std::isfinite(sorted[i].value) ? sorted[i].value : kNa;
    in.rows.push_back(std::move(row));
  }
  QicOptions qo;
  qo.chart = choice.qic_chart;
  ICS_ASSIGN_OR_RETURN(QicResult r, AnalyseQic(in, qo));
  if (r.subgroups.size() != sorted.size()) {
    return Internal("qicharts2 gave " + std::to_string(r.subgroups.size()) + " subgroups for " +
                    std::to_string(sorted.size()) + " dates");
  }
  out.chart = std::string(QicChartName(choice.qic_chart));
  for (size_t i = 0; i < sorted.size(); ++i) {
    const QicSubgroup& s = r.subgroups[i];
    MeasurePoint m{sorted[i].date, sorted[i].value, s.cl, s.lcl, s.ucl, {}, PointType::kCommonCause};
    if (choice.qic_chart == QicChart::kRun) m.lower = m.upper = kNa;
    if (s.sigma_signal) {
      m.signals.push_back(s.y > s.ucl ? "outside limits (above)" : "outside limits (below)");
      m.point_type = TypeFor(s.y > s.ucl, o.direction);
    }
    if (s.runs_signal) m.signals.push_back("runs signal (the part, not this point)");
    out.points.push_back(std::move(m));
  }
  out.rules = QicRules(choice.qic_chart);
  out.warnings = std::move(r.warnings);
  return out;
}

}  // namespace ics::improvement
