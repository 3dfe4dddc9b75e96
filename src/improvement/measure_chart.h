// One entry point for charting a measure (QI projects, dashboards): dates and values, a
// preset, a chart name and an improvement direction in; one list of points with centre
// line, limits, signal labels and point types, the rules' provenance and the warnings out,
// whichever preset drew it. The preset's own engine (AnalyseMdc, AnalyseLifeQi, AnalyseQic)
// does the work; nothing is mixed between presets.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "improvement/life_qi.h"
#include "improvement/mdc.h"
#include "improvement/preset.h"

namespace ics::improvement {

struct MeasureChartOptions {
  Preset preset = Preset::kMdc;
  std::string chart;  // "" = the preset's default: xmr (mdc), run (qicharts2), i (life-qi)
  ImprovementDirection direction = ImprovementDirection::kIncrease;
  std::optional<double> target;  // mdc: the assurance icon; refused by the other presets
};

struct MeasurePoint {
  Date date;
  double value = 0;                          // NaN = missing
  double centre = 0, lower = 0, upper = 0;   // NaN when undefined (a run chart has no limits)
  std::vector<std::string> signals;          // the preset's own labels; empty = common cause
  PointType point_type = PointType::kCommonCause;
};

struct MeasureChart {
  Preset preset = Preset::kMdc;
  std::string chart;                    // the chart drawn: "xmr", "run", "i"
  std::vector<MeasurePoint> points;     // sorted by date
  std::vector<RuleProvenance> rules;    // what each rule is and how far it is backed
  std::optional<VariationIcon> variation_icon;  // mdc only
  std::optional<AssuranceType> assurance;       // mdc with a target only
  std::vector<std::string> warnings;
};

// Errors: no points, duplicate dates, a chart of another preset, a chart this entry point
// does not draw (qicharts2 charts other than run and i need subgroups or denominators: use
// AnalyseQic), a target outside mdc.
Result<MeasureChart> ChartMeasure(std::span<const MdcPoint> points, const MeasureChartOptions& options);

}  // namespace ics::improvement
