// The JSON of a life-qi chart, as `ics spc FILE --preset life-qi --json` prints it: the
// preset and chart, the centre line and limits, every point with its side, signals and
// point type, the runs counts, each rule's provenance (documented / assumed /
// value_unconfirmed / unverified / not_implemented) and the warnings. Undefined numbers are
// null.
//
// Also the life-qi case-file format (tests/data/spc_vectors/life_qi, see its README), run
// by `ics spc --case` and the golden test.
//
// Header-only, like series_json.h, so that the ics_improvement library stays free of JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "improvement/case_json.h"
#include "improvement/life_qi.h"
#include "improvement/preset.h"

namespace ics::improvement {

inline nlohmann::json LifeQiRulesJson(const std::vector<RuleProvenance>& rules) {
  nlohmann::json out = nlohmann::json::array();
  for (const RuleProvenance& r : rules) {
    out.push_back({{"id", r.id},
                   {"enabled", r.enabled},
                   {"status", std::string(RuleStatusName(r.status))},
                   {"definition", r.definition},
                   {"source", r.source}});
  }
  return out;
}

inline nlohmann::json LifeQiJson(const LifeQiResult& r) {
  using nlohmann::json;
  const bool spc = r.chart == LifeQiChart::kSpc;
  json points = json::array();
  for (const LifeQiPoint& p : r.points) {
    json j = {{"date", p.date.ToIso()},
              {"value", case_json::Num(p.value)},
              {"centre", case_json::Num(p.centre)}};
    if (spc) {
      j["lcl"] = case_json::Num(p.lcl);
      j["ucl"] = case_json::Num(p.ucl);
    }
    j["side"] = p.side;
    j["signals"] = LifeQiSignalLabels(p);
    j["point_type"] = std::string(PointTypeName(p.point_type));
    points.push_back(std::move(j));
  }
  json out = {{"preset", "life-qi"},
              {"chart", std::string(LifeQiChartName(r.chart))},
              {"improvement_direction", std::string(ImprovementDirectionName(r.direction))},
              {"centre", case_json::Num(r.centre)}};
  if (spc) {
    out["sigma"] = case_json::Num(r.sigma);
    out["lcl"] = case_json::Num(r.lcl);
    out["ucl"] = case_json::Num(r.ucl);
  }
  out["shift_length"] = r.shift_length;
  out["trend_length"] = r.trend_length;
  out["n_present"] = r.n_present;
  out["n_useful"] = r.n_useful;
  out["n_runs"] = r.n_runs;
  out["points"] = std::move(points);
  out["rules"] = LifeQiRulesJson(r.rules);
  out["warnings"] = r.warnings;
  return out;
}

// A case file is a life-qi case when it names the preset.
inline bool IsLifeQiCase(const nlohmann::json& c) {
  return c.is_object() && c.contains("preset") && c["preset"] == "life-qi";
}

// The series of a life-qi case: `points` rows [date, value, ...] (null = missing).
inline Result<std::vector<MdcPoint>> LifeQiCasePoints(const nlohmann::json& c) {
  if (!c.contains("points") || !c["points"].is_array()) {
    return InvalidArgument("expected an array of [date, value] rows", "points");
  }
  std::vector<MdcPoint> out;
  for (size_t i = 0; i < c["points"].size(); ++i) {
    const nlohmann::json& row = c["points"][i];
    const std::string at = "points[" + std::to_string(i) + "]";
    if (!row.is_array() || row.size() < 2) return InvalidArgument("expected a [date, value] row", at);
    ICS_ASSIGN_OR_RETURN(Date d, case_json::DateFrom(row[0], at + "[0]"));
    ICS_ASSIGN_OR_RETURN(double v, case_json::NumberOrNa(row[1], at + "[1]"));
    out.push_back({d, v});
  }
  return out;
}

// The options of a life-qi case (the chart, improvement and `options`); an option of
// another preset is refused, naming it.
inline Result<LifeQiOptions> LifeQiCaseOptions(const nlohmann::json& c) {
  LifeQiOptions o;
  if (c.contains("chart") && !c["chart"].is_string()) return InvalidArgument("expected a string", "chart");
  ICS_ASSIGN_OR_RETURN(ChartChoice chart,
                       ParseChartForPreset(Preset::kLifeQi, c.value("chart", std::string())));
  o.chart = chart.life_qi_chart;
  if (c.contains("improvement")) {
    if (!c["improvement"].is_string()) return InvalidArgument("expected a string", "improvement");
    auto d = ParseImprovementDirection(c["improvement"].get<std::string>());
    if (!d.ok()) return Status(d.status().code(), d.status().message(), "improvement");
    o.direction = *d;
  }
  const nlohmann::json opts = c.value("options", nlohmann::json::object());
  if (!opts.is_object()) return InvalidArgument("expected an object", "options");
  for (auto it = opts.begin(); it != opts.end(); ++it) {
    const std::string where = "options." + it.key();
    if (it.key() == "two_of_three") {
      if (!it->is_boolean()) return InvalidArgument("expected true or false", where);
      o.two_of_three = it->get<bool>();
    } else if (it.key() == "run_shift_length" || it.key() == "run_trend_length") {
      if (!it->is_number_integer()) return InvalidArgument("expected a whole number", where);
      (it.key() == "run_shift_length" ? o.run_shift_length : o.run_trend_length) = it->get<int>();
    } else {
      return InvalidArgument("'" + it.key() +
                                 "' is not an option of the life-qi preset (two_of_three, "
                                 "run_shift_length, run_trend_length)",
                             where);
    }
  }
  return o;
}

// Runs a life-qi case; the result is LifeQiJson of the chart.
inline Result<nlohmann::json> RunLifeQiCase(const nlohmann::json& c) {
  try {
    ICS_ASSIGN_OR_RETURN(std::vector<MdcPoint> points, LifeQiCasePoints(c));
    ICS_ASSIGN_OR_RETURN(LifeQiOptions o, LifeQiCaseOptions(c));
    ICS_ASSIGN_OR_RETURN(LifeQiResult r, AnalyseLifeQi(points, o));
    return LifeQiJson(r);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("the case file does not have the expected shape: ") + e.what(),
                           "case");
  }
}

}  // namespace ics::improvement
