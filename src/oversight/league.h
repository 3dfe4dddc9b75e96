// League tables: organisations ranked on one metric (best first by the metric's polarity)
// or on a segmentation (segment, then average score), within a peer group or across all.
// Ties share the best rank of their group (competition ranking: 1, 2, 2, 4); values within
// 1e-9 (relative) are equal. Every table states its order and tie rule. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/segmentation.h"

namespace ics::oversight {

struct LeagueRow {
  int rank = 0;
  bool tied = false;
  std::string org;
  std::string name;
  std::string peer_group;
  double value = 0;              // metric tables: the value; segmentation: the average (NaN if none)
  std::optional<int> segment;    // segmentation tables
  std::string period;            // "2025-03" for metric tables
};

struct LeagueTable {
  std::string title;
  std::string order;      // "highest first (higher is better)"
  std::string ties;       // the tie rule
  std::vector<LeagueRow> rows;
  std::vector<std::string> unranked;  // "RXM: no segment", "RY8: no value"
};

struct LeagueOptions {
  std::optional<std::string> peer_group;  // only this peer group
  std::optional<bool> highest_first;      // required for a neutral metric
};

// Ranks the organisations with a value of `metric` in `values`. `organisations` (may be
// empty) supplies names and peer groups; with a peer group filter, only listed
// organisations of that group are ranked. InvalidArgument for a neutral metric without an
// order, or a filter no organisation matches.
Result<LeagueTable> MetricLeague(const MetricDefinition& metric, std::span<const MetricValue> values,
                                 std::span<const Organisation> organisations, const LeagueOptions& options = {});

// The segmentation's league: by segment, then average (lower first); organisations without
// a segment are listed as unranked. With a peer group filter, that group only; otherwise
// every organisation in one table (the ranks in `segmentation` are within peer groups).
LeagueTable SegmentationLeague(const SegmentationResult& segmentation, std::optional<std::string> peer_group = {});

}  // namespace ics::oversight
