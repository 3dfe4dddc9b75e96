// Named rule-set presets. "mdc" is NHS England's Making Data Count XmR method as
// NHSRplotthedots implements it; "qicharts2" is the run/control-chart family of qicharts2
// with Anhøj rules; "life-qi" is the SPC and run chart with the rules Life QI documents
// (life_qi.h). A preset fixes the constants and rules; they are never mixed.
#pragma once

#include <string_view>

#include "base/status.h"
#include "improvement/life_qi.h"
#include "improvement/qic.h"

namespace ics::improvement {

enum class Preset { kMdc, kQicharts2, kLifeQi };

Result<Preset> ParsePreset(std::string_view name);  // "mdc", "qicharts2" or "life-qi"
std::string_view PresetName(Preset p);

// What a chart name means: "xmr" (or "mdc") is the MDC XmR chart; the qicharts2 names
// (run, i, mr, xbar, s, t, p, pp, c, u, up, g, ip) belong to the qicharts2 preset.
struct ChartChoice {
  Preset preset = Preset::kMdc;
  QicChart qic_chart = QicChart::kI;  // meaningful for the qicharts2 preset
  LifeQiChart life_qi_chart = LifeQiChart::kSpc;  // meaningful for the life-qi preset
};
// Without a preset: "xmr" is mdc, the qicharts2 names are qicharts2 (life-qi is never
// guessed: its charts share names with qicharts2).
Result<ChartChoice> ParseChart(std::string_view name);

// A chart named under a preset: mdc has "xmr"; qicharts2 its 13 families; life-qi "i" and
// "run". An empty name is the preset's default chart (xmr; run, as in qic(); i). A chart of
// another preset is an error that names the preset it belongs to.
Result<ChartChoice> ParseChartForPreset(Preset preset, std::string_view name);

// A chart chosen under an explicitly named preset must belong to it.
Status CheckPresetMatches(Preset requested, const ChartChoice& chart);

}  // namespace ics::improvement
