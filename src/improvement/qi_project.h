// QI projects as the engine sees them: the IHI progress scale (0.5-5.0 in steps of 0.5,
// set by the team, with what each level means), PDSA cycles as chart annotations, and the
// dashboard across projects (latest score and its trend, each measure's SPC signal and
// icon from ChartMeasure, PDSA cycles in progress). The store keeps the projects; this
// file only computes.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "improvement/measure_chart.h"

namespace ics::improvement {

// One level of the IHI progress scale (Life QI uses the same scale).
struct ProgressLevel {
  int tenths;                // 5, 10, ..., 50
  std::string_view label;    // "Charter and team established"
  std::string_view meaning;  // what a team at this level has done
};

// The ten levels, 0.5 to 5.0.
std::span<const ProgressLevel> ProgressScale();
// A score given as a number (2.5) in tenths (25); kInvalidArgument naming `field` unless it
// is 0.5..5.0 in steps of 0.5.
Result<int> ProgressScoreTenths(double score, std::string_view field = "score");
// The level of a valid score in tenths.
const ProgressLevel& ProgressLevelFor(int tenths);
// "2.5"
std::string FormatProgressScore(int tenths);

// A measure's chart settings as stored (preset name, chart name, direction name, target),
// checked the way ChartMeasure will use them; errors name the field.
Result<MeasureChartOptions> MeasureChartSettings(std::string_view preset, std::string_view chart,
                                                 std::string_view direction, std::optional<double> target);

struct QiPdsaInput {
  int64_t id = 0;
  std::string title;
  std::string status;  // planned | in_progress | completed | abandoned
  std::optional<Date> start, end;
  std::vector<int64_t> measure_ids;
};

// A PDSA cycle drawn on a measure's chart: at its start date, labelled with its title.
struct ChartAnnotation {
  Date date;
  std::string label;
  int64_t pdsa_id = 0;
};
// The cycles linked to `measure_id` that have a start date, by date.
std::vector<ChartAnnotation> PdsaAnnotations(int64_t measure_id, std::span<const QiPdsaInput> pdsas);

struct QiMeasureInput {
  int64_t id = 0;
  std::string name;
  std::string type;  // outcome | process | balancing
  MeasureChartOptions chart;
  std::vector<MdcPoint> points;
};

struct QiScoreInput {
  Date date;
  int tenths = 5;
};

struct QiProjectInput {
  int64_t id = 0;
  std::string title;
  std::string status;
  std::vector<std::string> organisations;
  std::vector<QiScoreInput> scores;  // any order
  std::vector<QiMeasureInput> measures;
  std::vector<QiPdsaInput> pdsas;
};

// A measure on the dashboard: its latest point and what the chart says now.
struct QiMeasureSummary {
  int64_t id = 0;
  std::string name;
  std::string type;
  int points = 0;
  std::optional<Date> latest_date;
  std::optional<double> latest_value;
  // The latest point's reading: "improvement", "concern", "neutral", "common_cause", or
  // "no_chart" (too few points or settings the chart refuses; `note` says which).
  std::string signal = "no_chart";
  std::optional<VariationIcon> variation_icon;  // mdc
  std::optional<AssuranceType> assurance;       // mdc with a target
  std::string note;
};

struct QiProjectSummary {
  int64_t id = 0;
  std::string title;
  std::string status;
  std::vector<std::string> organisations;
  std::optional<int> score_tenths;           // the latest score
  std::optional<Date> score_date;
  std::optional<int> previous_score_tenths;  // the one before it
  std::string score_trend = "none";          // up | down | steady | first | none
  std::vector<QiMeasureSummary> measures;
  int pdsas_total = 0, pdsas_in_progress = 0, pdsas_completed = 0;
  int measures_improving = 0, measures_concerning = 0;
};

struct QiDashboard {
  // By latest score (highest first; unscored last), then title.
  std::vector<QiProjectSummary> projects;
  std::vector<int> projects_per_level;  // ten counts, 0.5 .. 5.0
  int unscored = 0;
  int pdsas_in_progress = 0;
  int measures_improving = 0, measures_concerning = 0;
};

QiProjectSummary SummariseProject(const QiProjectInput& project);
QiDashboard SummariseProjects(std::span<const QiProjectInput> projects);

}  // namespace ics::improvement
