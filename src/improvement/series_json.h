// The JSON of a Making Data Count XmR chart of an ordinary series, as `ics spc FILE --json`
// prints it and as the HTTP API answers for a metric's series: the options, every point
// with its limits, flags and point type, the rebase groups, the variation and assurance
// icons and the warnings. Undefined numbers are null.
//
// Header-only, like case_json.h, so that the ics_improvement library stays free of JSON.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "improvement/case_json.h"
#include "improvement/mdc.h"

namespace ics::improvement {

inline nlohmann::json MdcSeriesJson(const MdcResult& r, ImprovementDirection direction, std::optional<double> target) {
  using nlohmann::json;
  json points = json::array();
  for (const auto& p : r.points) {
    points.push_back({{"date", p.date.ToIso()},
                      {"value", case_json::Num(p.value)},
                      {"rebase_group", p.rebase_group},
                      {"mean", case_json::Num(p.mean)},
                      {"lpl", case_json::Num(p.lpl)},
                      {"upl", case_json::Num(p.upl)},
                      {"nlpl", case_json::Num(p.nlpl)},
                      {"nupl", case_json::Num(p.nupl)},
                      {"outside_limits", case_json::Opt(p.outside_limits)},
                      {"relative_to_mean", case_json::Opt(p.relative_to_mean)},
                      {"close_to_limits", case_json::Opt(p.close_to_limits)},
                      {"special_cause_type", std::string(SpecialCauseTypeLabel(p.special_cause_type))},
                      {"special_cause_flag", p.special_cause_flag},
                      {"point_type", std::string(PointTypeName(p.point_type))},
                      {"short_group_warning", p.short_group_warning}});
  }
  json e = case_json::MdcToJson(r);
  return {{"preset", "mdc"},
          {"chart", "xmr"},
          {"improvement_direction", std::string(ImprovementDirectionName(direction))},
          {"target", target ? json(*target) : json(nullptr)},
          {"points", points},
          {"groups", e["groups"]},
          {"variation_icon", e["variation_icon"]},
          {"assurance_type", e["assurance_type"]},
          {"warnings", r.warnings}};
}

}  // namespace ics::improvement
