#include "improvement/preset.h"

#include <string>

namespace ics::improvement {

Result<Preset> ParsePreset(std::string_view name) {
  if (name == "mdc") return Preset::kMdc;
  if (name == "qicharts2") return Preset::kQicharts2;
  return InvalidArgument("unknown preset '" + std::string(name) + "' (mdc or qicharts2)", "preset");
}

std::string_view PresetName(Preset p) { return p == Preset::kMdc ? "mdc" : "qicharts2"; }

Result<ChartChoice> ParseChart(std::string_view name) {
  if (name == "xmr" || name == "mdc") return ChartChoice{Preset::kMdc, QicChart::kI};
  Result<QicChart> chart = ParseQicChart(name);
  if (!chart.ok()) {
    return InvalidArgument("unknown chart '" + std::string(name) +
                               "' (xmr for Making Data Count; run, i, mr, xbar, s, t, p, pp, "
                               "c, u, up, g, ip for qicharts2)",
                           "chart");
  }
  return ChartChoice{Preset::kQicharts2, *chart};
}

Status CheckPresetMatches(Preset requested, const ChartChoice& chart) {
  if (requested == chart.preset) return Status::Ok();
  if (requested == Preset::kMdc) {
    return InvalidArgument("the mdc preset has one chart, xmr; '" +
                               std::string(QicChartName(chart.qic_chart)) +
                               "' belongs to the qicharts2 preset",
                           "chart");
  }
  return InvalidArgument(
      "the qicharts2 preset has no xmr chart; use --chart i for its individuals chart "
      "(limits 3/1.128 x mean MR) or --preset mdc",
      "chart");
}

}  // namespace ics::improvement
