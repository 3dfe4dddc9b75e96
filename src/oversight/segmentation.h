// Oversight segmentation of a framework year (rule_set.h) for a set of organisations, and
// the quartile and ranking rules it shares with the league tables.
//
// Scored years: each applicable metric is scored 1 (best) to 4, the scores are averaged
// (an organisation with fewer than the minimum scored metrics gets no segment), the average
// becomes a segment by quartile among peers or by thresholds, an organisation in financial
// deficit is capped (segment no better than the cap), and a Provider Improvement Programme
// organisation is segment 5. Judgement years: the recorded segment, with metric flags as
// decision support. Every configured value used that is not confirmed is listed.
//
// Ties: organisations ordered by a number share the best rank of their group (competition
// ranking, 1, 2, 2, 4); numbers within 1e-9 (relative) are equal. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/provenance.h"
#include "oversight/rule_set.h"
#include "oversight/series.h"

namespace ics::oversight {

// One organisation's value of one metric at the reporting point.
struct MetricValue {
  std::string org;
  std::string metric;
  double value = 0;
  Date period;                  // the (latest) month the value is for
  std::optional<double> score;  // a published score, when the data carries one
  std::string where;
};

// The value of every (organisation, metric) series at the reporting point: the latest month
// on or before `as_of` (all months without it), or the mean of the months present in the
// three calendar months ending with that month. Series with no value by then are left out.
std::vector<MetricValue> ReportingValues(const MetricData& data, ReportingValue rule,
                                         std::optional<Date> as_of = std::nullopt);

// Equal within 1e-9 relative (1e-9 absolute below 1).
bool NearlyEqual(double a, double b);

// Competition ranks (1 = best) of `badness` (lower is better): equal values share the best
// rank of their group.
std::vector<int> CompetitionRanks(std::span<const double> badness);

// The quartile (1 = best) of each entry of `badness` among all of them, by `rule`:
// kRank: floor(4 (r - 1) / N) + 1 with r the competition rank; kQuantile: 1 up to R's type-7
// first quartile of the values, 2 up to the median, 3 up to the third quartile, else 4.
std::vector<int> Quartiles(std::span<const double> badness, QuartileRule rule);

struct ScoredMetric {
  std::string metric;
  double value = 0;
  Date period;
  std::optional<double> score;  // absent: not scored (see `how`)
  std::string how;              // "bands 78 / 74 / 70: 76.1 scores 2", "contextual (not scored)"
  bool flagged = false;         // judgement years
  std::vector<std::string> flags;
};

struct OrganisationSegment {
  std::string org;
  std::string name;
  std::string peer_group;
  std::vector<ScoredMetric> metrics;
  size_t scored = 0;
  std::optional<double> average;
  std::optional<int> segment_from_average;  // before the financial adjustment
  std::optional<int> segment;
  std::optional<int> rank;  // league position within the peer group
  size_t ranked_in_group = 0;
  bool tied = false;
  std::vector<std::string> reasons;
  std::vector<std::string> warnings;
};

struct SegmentationResult {
  std::string framework;
  std::string year;
  std::string method;  // "scored" or "judgement"
  std::string reporting;  // "latest month on or before 2025-03"
  std::vector<OrganisationSegment> organisations;  // in the organisations' order
  std::vector<UsedValue> unconfirmed;
  std::vector<std::string> warnings;
  std::string ranking_rule;
};

// REQUIRES: every value's organisation is in `organisations` (else InvalidArgument naming
// it). An organisation whose peer group is "all" is scored on every metric of the year.
Result<SegmentationResult> Segment(const SegmentationRuleSet& rules, const MetricRegistry& registry,
                                   std::span<const Organisation> organisations,
                                   std::span<const MetricValue> values);

}  // namespace ics::oversight
