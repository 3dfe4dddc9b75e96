// Named rule-set presets. "mdc" is NHS England's Making Data Count XmR method as
// NHSRplotthedots implements it; "qicharts2" is the run/control-chart family of qicharts2
// with Anhøj rules. A preset fixes the constants and rules; they are never mixed.
#pragma once

#include <string_view>

#include "base/status.h"
#include "improvement/qic.h"

namespace ics::improvement {

enum class Preset { kMdc, kQicharts2 };

Result<Preset> ParsePreset(std::string_view name);  // "mdc" or "qicharts2"
std::string_view PresetName(Preset p);

// What a chart name means: "xmr" (or "mdc") is the MDC XmR chart; the qicharts2 names
// (run, i, mr, xbar, s, t, p, pp, c, u, up, g, ip) belong to the qicharts2 preset.
struct ChartChoice {
  Preset preset = Preset::kMdc;
  QicChart qic_chart = QicChart::kI;  // meaningful for the qicharts2 preset
};
Result<ChartChoice> ParseChart(std::string_view name);

// A chart chosen under an explicitly named preset must belong to it.
Status CheckPresetMatches(Preset requested, const ChartChoice& chart);

}  // namespace ics::improvement
