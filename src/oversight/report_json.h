// The JSON documents of oversight results, shared by every face that prints them: `ics
// oversight ... --json` writes them and the HTTP API answers with them, so a figure is the
// same text on each. Each function returns the document as the CLI prints it (two-space
// indent, a final newline). Undefined numbers are null. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "oversight/league.h"
#include "oversight/metric.h"
#include "oversight/provenance.h"
#include "oversight/quality.h"
#include "oversight/rule_set.h"
#include "oversight/segmentation.h"
#include "oversight/series.h"

namespace ics::oversight {

// How the rule set's reporting values are taken, for SegmentationResult::reporting: "latest
// month present", "mean of the three months ending with the latest month on or before 2025-03".
std::string ReportingText(const SegmentationRuleSet& rules, std::optional<Date> as_of);

// {"metrics": [{id, name, definition, polarity, unit, frequency, theme, source, applies_to,
// target: {value, by, basis, status} | null}]}
std::string MetricsJson(const MetricRegistry& registry);

// {"series": [{org, metric, points, first, last, latest, mean, lpl, upl, variation_icon,
// assurance, latest_special_cause, special_cause_points, chart: [{period, value, mean, lpl,
// upl, special_cause, point_type}]}], "warnings": [...]}
std::string SummaryJson(std::span<const SeriesReading> readings, const std::vector<std::string>& warnings);

// {framework, year, method, reporting_value, ranking, organisations: [...], unconfirmed, warnings}
std::string SegmentationJson(const SegmentationResult& result);

// {title, order, ties, rows: [{rank, tied, org, name, peer_group, value, period | segment,
// average}], unranked, warnings[, unconfirmed]}. `segmentation`: a table from
// SegmentationLeague (rows carry segment and average, and the unconfirmed values are listed).
std::string LeagueJson(const LeagueTable& table, bool segmentation, std::span<const UsedValue> unconfirmed,
                       const std::vector<std::string>& warnings);

// {title, levels: {level: meaning}, organisations: [{org, name, level, fired: [{id, level,
// description, reason}]}], unconfirmed, warnings}
std::string EscalationJson(const QualityRules& rules, const EscalationResult& result,
                           std::span<const UsedValue> unconfirmed, const std::vector<std::string>& warnings);

}  // namespace ics::oversight
