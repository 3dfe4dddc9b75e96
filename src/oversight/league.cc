#include "oversight/league.h"

#include <algorithm>
#include <cmath>

#include "improvement/r_stats.h"

namespace ics::oversight {
namespace {

// Competition ranks over rows already sorted best first, `same` saying whether two
// neighbours tie.
template <typename Same>
void Rank(std::vector<LeagueRow>& rows, Same same) {
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].rank = (i > 0 && same(rows[i - 1], rows[i])) ? rows[i - 1].rank : static_cast<int>(i) + 1;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].tied = (i > 0 && rows[i - 1].rank == rows[i].rank) || (i + 1 < rows.size() && rows[i + 1].rank == rows[i].rank);
  }
}

const char* kTies = "equal values (to 1e-9) share the best rank of their group: 1, 2, 2, 4";

}  // namespace

Result<LeagueTable> MetricLeague(const MetricDefinition& metric, std::span<const MetricValue> values,
                                 std::span<const Organisation> organisations, const LeagueOptions& options) {
  bool highest_first = metric.polarity == Polarity::kHigherIsBetter;
  if (options.highest_first) {
    highest_first = *options.highest_first;
  } else if (metric.polarity == Polarity::kNeutral) {
    return InvalidArgument(metric.id + " is neutral (neither higher nor lower is better): give the order");
  }
  LeagueTable t;
  t.title = metric.name + " (" + metric.id + ")" + (options.peer_group ? ", " + *options.peer_group + " peers" : "");
  t.order = std::string(highest_first ? "highest first" : "lowest first") +
            (options.highest_first ? " (as asked)"
                                   : std::string(" (") + (highest_first ? "higher" : "lower") + " is better)");
  t.ties = kTies;
  for (const MetricValue& v : values) {
    if (v.metric != metric.id) continue;
    const Organisation* o = FindOrganisation(organisations, v.org);
    if (options.peer_group && (!o || o->peer_group != *options.peer_group)) continue;
    if (std::isnan(v.value)) {
      t.unranked.push_back(v.org + ": no value");
      continue;
    }
    LeagueRow row;
    row.org = v.org;
    row.name = o ? o->name : "";
    row.peer_group = o ? o->peer_group : "";
    row.value = v.value;
    row.period = v.period.ToIso().substr(0, 7);
    t.rows.push_back(std::move(row));
  }
  if (options.peer_group && t.rows.empty() && t.unranked.empty()) {
    return InvalidArgument("no organisation in peer group \"" + *options.peer_group + "\" has a value of " + metric.id);
  }
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const LeagueRow& a, const LeagueRow& b) {
    if (NearlyEqual(a.value, b.value)) return a.org < b.org;
    return highest_first ? a.value > b.value : a.value < b.value;
  });
  Rank(t.rows, [](const LeagueRow& a, const LeagueRow& b) { return NearlyEqual(a.value, b.value); });
  return t;
}

LeagueTable SegmentationLeague(const SegmentationResult& seg, std::optional<std::string> peer_group) {
  LeagueTable t;
  t.title = seg.framework + (peer_group ? ", " + *peer_group + " peers" : ", all organisations");
  t.order = seg.method == "scored" ? "by segment, then by average score (lower is better)" : "by recorded segment";
  t.ties = seg.method == "scored" ? "equal segment and average (to 1e-9) share the best rank of their group: 1, 2, 2, 4"
                                  : "equal segments share the best rank of their group: 1, 2, 2, 4";
  for (const OrganisationSegment& o : seg.organisations) {
    if (peer_group && o.peer_group != *peer_group) continue;
    if (!o.segment) {
      t.unranked.push_back(o.org + ": no segment");
      continue;
    }
    LeagueRow row;
    row.org = o.org;
    row.name = o.name;
    row.peer_group = o.peer_group;
    row.segment = o.segment;
    row.value = o.average ? *o.average : improvement::kNa;
    t.rows.push_back(std::move(row));
  }
  const bool scored = seg.method == "scored";
  auto same = [&](const LeagueRow& a, const LeagueRow& b) {
    if (*a.segment != *b.segment) return false;
    if (!scored) return true;
    if (std::isnan(a.value) || std::isnan(b.value)) return std::isnan(a.value) && std::isnan(b.value);
    return NearlyEqual(a.value, b.value);
  };
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const LeagueRow& a, const LeagueRow& b) {
    if (*a.segment != *b.segment) return *a.segment < *b.segment;
    if (same(a, b)) return a.org < b.org;
    if (std::isnan(a.value) != std::isnan(b.value)) return std::isnan(b.value);  // no average last
    return a.value < b.value;
  });
  Rank(t.rows, same);
  return t;
}

}  // namespace ics::oversight
