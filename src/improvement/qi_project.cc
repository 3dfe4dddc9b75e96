#include "improvement/qi_project.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "improvement/preset.h"

namespace ics::improvement {
namespace {

// The IHI scale as Life QI shows it (reference notes spc.md section 4; the labels beyond
// 1.0 follow the standard IHI wording).
constexpr std::array<ProgressLevel, 10> kScale = {{
    {5, "Intent to participate", "The project has been proposed; the charter is not yet done."},
    {10, "Charter and team established", "The charter and the team are in place."},
    {15, "Planning for the project has begun", "Planning has begun: the team is gathering baseline information."},
    {20, "Activity, but no changes", "Initial learning cycles have started and baseline data is being collected."},
    {25, "Changes tested, but no improvement",
     "Changes are being tested; most goals have measures, charted with their targets."},
    {30, "Modest improvement",
     "Tests have been successful and some changes implemented at small scale; about 20% of the expected results."},
    {35, "Improvement", "The measures show further improvement."},
    {40, "Significant improvement",
     "Major subsystems have changed and implementation has begun; half or more of the goals are met."},
    {45, "Sustainable improvement", "Improvement is being sustained."},
    {50, "Outstanding sustainable results", "All goals are met and the organisation's changes are made."},
}};

}  // namespace

std::span<const ProgressLevel> ProgressScale() { return kScale; }

Result<int> ProgressScoreTenths(double score, std::string_view field) {
  const double tenths = score * 10;
  const double rounded = std::round(tenths);
  if (!std::isfinite(score) || std::fabs(tenths - rounded) > 1e-6 || rounded < 5 || rounded > 50 ||
      static_cast<int>(rounded) % 5 != 0) {
    return InvalidArgument("a progress score is 0.5 to 5.0 in steps of 0.5 (0.5, 1.0, 1.5, ... 5.0)",
                           std::string(field));
  }
  return static_cast<int>(rounded);
}

const ProgressLevel& ProgressLevelFor(int tenths) {
  int i = std::clamp(tenths / 5 - 1, 0, 9);
  return kScale[i];
}

std::string FormatProgressScore(int tenths) {
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

Result<MeasureChartOptions> MeasureChartSettings(std::string_view preset, std::string_view chart,
                                                 std::string_view direction, std::optional<double> target) {
  MeasureChartOptions o;
  auto p = ParsePreset(preset);
  if (!p.ok()) return InvalidArgument(p.status().message(), "preset");
  o.preset = *p;
  auto c = ParseChartForPreset(o.preset, chart);
  if (!c.ok()) return InvalidArgument(c.status().message(), "chart");
  o.chart = std::string(chart);
  auto d = ParseImprovementDirection(direction);
  if (!d.ok()) return InvalidArgument(d.status().message(), "direction");
  o.direction = *d;
  if (target && o.preset != Preset::kMdc)
    return InvalidArgument("a target is drawn (with its assurance icon) by the mdc preset only: remove the target "
                           "or chart the measure with preset mdc",
                           "target");
  if (target && !std::isfinite(*target)) return InvalidArgument("the target must be a finite number", "target");
  o.target = target;
  return o;
}

std::vector<ChartAnnotation> PdsaAnnotations(int64_t measure_id, std::span<const QiPdsaInput> pdsas) {
  std::vector<ChartAnnotation> out;
  for (const auto& p : pdsas) {
    if (!p.start) continue;
    if (std::find(p.measure_ids.begin(), p.measure_ids.end(), measure_id) == p.measure_ids.end()) continue;
    out.push_back({*p.start, p.title, p.id});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
}

namespace {

QiMeasureSummary SummariseMeasure(const QiMeasureInput& m) {
  QiMeasureSummary s;
  s.id = m.id;
  s.name = m.name;
  s.type = m.type;
  std::vector<MdcPoint> points = m.points;
  std::sort(points.begin(), points.end(), [](const MdcPoint& a, const MdcPoint& b) { return a.date < b.date; });
  s.points = static_cast<int>(points.size());
  if (points.empty()) {
    s.note = "no data yet";
    return s;
  }
  s.latest_date = points.back().date;
  s.latest_value = points.back().value;
  if (points.size() < 2) {
    s.note = "one point: a chart needs at least two";
    return s;
  }
  auto chart = ChartMeasure(points, m.chart);
  if (!chart.ok()) {
    s.note = chart.status().message();
    return s;
  }
  s.variation_icon = chart->variation_icon;
  s.assurance = chart->assurance;
  switch (chart->points.back().point_type) {
    case PointType::kImprovement: s.signal = "improvement"; break;
    case PointType::kConcern: s.signal = "concern"; break;
    case PointType::kNeutralHigh:
    case PointType::kNeutralLow: s.signal = "neutral"; break;
    case PointType::kCommonCause: s.signal = "common_cause"; break;
  }
  return s;
}

}  // namespace

QiProjectSummary SummariseProject(const QiProjectInput& p) {
  QiProjectSummary s;
  s.id = p.id;
  s.title = p.title;
  s.status = p.status;
  s.organisations = p.organisations;
  std::vector<QiScoreInput> scores = p.scores;
  std::stable_sort(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  if (!scores.empty()) {
    s.score_tenths = scores.back().tenths;
    s.score_date = scores.back().date;
    if (scores.size() >= 2) {
      s.previous_score_tenths = scores[scores.size() - 2].tenths;
      s.score_trend = *s.score_tenths > *s.previous_score_tenths   ? "up"
                      : *s.score_tenths < *s.previous_score_tenths ? "down"
                                                                   : "steady";
    } else {
      s.score_trend = "first";
    }
  }
  for (const auto& m : p.measures) {
    s.measures.push_back(SummariseMeasure(m));
    s.measures_improving += s.measures.back().signal == "improvement";
    s.measures_concerning += s.measures.back().signal == "concern";
  }
  for (const auto& c : p.pdsas) {
    ++s.pdsas_total;
    s.pdsas_in_progress += c.status == "in_progress";
    s.pdsas_completed += c.status == "completed";
  }
  return s;
}

QiDashboard SummariseProjects(std::span<const QiProjectInput> projects) {
  QiDashboard d;
  d.projects_per_level.assign(10, 0);
  for (const auto& p : projects) {
    QiProjectSummary s = SummariseProject(p);
    if (s.score_tenths) {
      ++d.projects_per_level[std::clamp(*s.score_tenths / 5 - 1, 0, 9)];
    } else {
      ++d.unscored;
    }
    d.pdsas_in_progress += s.pdsas_in_progress;
    d.measures_improving += s.measures_improving;
    d.measures_concerning += s.measures_concerning;
    d.projects.push_back(std::move(s));
  }
  std::stable_sort(d.projects.begin(), d.projects.end(), [](const QiProjectSummary& a, const QiProjectSummary& b) {
    int sa = a.score_tenths.value_or(0), sb = b.score_tenths.value_or(0);
    if (sa != sb) return sa > sb;
    return a.title < b.title;
  });
  return d;
}

}  // namespace ics::improvement
