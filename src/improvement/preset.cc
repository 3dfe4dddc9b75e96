#include "improvement/preset.h"

#include <string>

namespace ics::improvement {

Result<Preset> ParsePreset(std::string_view name) {
  if (name == "mdc") return Preset::kMdc;
  if (name == "qicharts2") return Preset::kQicharts2;
  if (name == "life-qi") return Preset::kLifeQi;
  return InvalidArgument("unknown preset '" + std::string(name) + "' (mdc, qicharts2 or life-qi)",
                         "preset");
}

std::string_view PresetName(Preset p) {
  switch (p) {
    case Preset::kMdc: return "mdc";
    case Preset::kQicharts2: return "qicharts2";
    case Preset::kLifeQi: return "life-qi";
  }
  return "";
}

Result<ChartChoice> ParseChart(std::string_view name) {
  if (name == "xmr" || name == "mdc") return ChartChoice{Preset::kMdc, QicChart::kI};
  Result<QicChart> chart = ParseQicChart(name);
  if (!chart.ok()) {
    return InvalidArgument("unknown chart '" + std::string(name) +
                               "' (xmr for Making Data Count; run, i, mr, xbar, s, t, p, pp, "
                               "c, u, up, g, ip for qicharts2; i and run for life-qi)",
                           "chart");
  }
  return ChartChoice{Preset::kQicharts2, *chart};
}

Result<ChartChoice> ParseChartForPreset(Preset preset, std::string_view name) {
  if (preset == Preset::kLifeQi) {
    if (name.empty()) name = "i";
    Result<LifeQiChart> chart = ParseLifeQiChart(name);
    if (chart.ok()) return ChartChoice{Preset::kLifeQi, QicChart::kI, *chart};
    Result<ChartChoice> other = ParseChart(name);
    if (!other.ok()) return other.status();
    return InvalidArgument(
        "the life-qi preset has two charts, i (the SPC chart) and run; '" + std::string(name) +
            "' belongs to the " + std::string(PresetName(other->preset)) +
            " preset (its constants and rules are not mixed into life-qi)",
        "chart");
  }
  if (name.empty()) name = preset == Preset::kMdc ? "xmr" : "run";  // qic()'s default
  ICS_ASSIGN_OR_RETURN(ChartChoice choice, ParseChart(name));
  ICS_RETURN_IF_ERROR(CheckPresetMatches(preset, choice));
  return choice;
}

Status CheckPresetMatches(Preset requested, const ChartChoice& chart) {
  if (requested == chart.preset) return Status::Ok();
  if (requested == Preset::kMdc) {
    return InvalidArgument("the mdc preset has one chart, xmr; '" +
                               std::string(chart.preset == Preset::kLifeQi
                                               ? LifeQiChartName(chart.life_qi_chart)
                                               : QicChartName(chart.qic_chart)) +
                               "' belongs to the " + std::string(PresetName(chart.preset)) +
                               " preset",
                           "chart");
  }
  if (requested == Preset::kLifeQi) {
    return InvalidArgument("the life-qi preset has two charts, i (the SPC chart) and run; this "
                           "chart belongs to the " +
                               std::string(PresetName(chart.preset)) + " preset",
                           "chart");
  }
  return InvalidArgument(
      "the qicharts2 preset has no xmr chart; use --chart i for its individuals chart "
      "(limits 3/1.128 x mean MR) or --preset mdc",
      "chart");
}

}  // namespace ics::improvement
