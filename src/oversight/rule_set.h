// A segmentation rule set: how one framework year turns metric values into oversight
// segments, read from JSON text (data/oversight/nof_<yyyy>_<yy>.json are compiled in).
// Every configurable value keeps its provenance; the parts the reference marks as recalled
// or not found are placeholders in the files and are reported whenever they are used.
//
//   scored (2025/26 on):   each metric scored 1..4 (bands, linear, peer quartile, or a
//                          published score), averaged, the average turned into a segment by
//                          quartile among peers (2025/26) or by thresholds (2026/27), then
//                          capped for financial deficit; segment 5 is recorded.
//   judgement (to 2024/25): the segment is recorded with its rationale; metrics are
//                          flagged (worse than target, worst peer quartile) as decision
//                          support only.
//
// Thread-safety: values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "oversight/metric.h"
#include "oversight/provenance.h"

namespace ics::oversight {

enum class SegmentationMethod { kScored, kJudgement };
enum class SegmentBasis { kQuartile, kThresholds };
enum class QuartileRule { kRank, kQuantile };
enum class ScoringMethod { kBands, kLinear, kPeerQuartile, kProvided };
enum class ReportingValue { kLatest, kQuarterMean };

// A configured value with its provenance and where it is configured.
template <typename T>
struct Setting {
  T value{};
  Provenance status = Provenance::kPlaceholder;
  std::string note;
  std::string path;  // "nof_2025_26.json: /quartile_rule"
};

struct MetricScoring {
  std::string metric;
  std::vector<std::string> peer_groups;  // the organisation types it is scored for
  ScoringMethod method = ScoringMethod::kProvided;
  std::vector<double> cuts;  // bands: three cut points from best to worst
  double best = 0, worst = 0;  // linear
  Provenance status = Provenance::kPlaceholder;
  std::string note;
  std::string path;

  bool AppliesTo(std::string_view peer_group) const;
  std::string Describe() const;  // "bands 78 / 74 / 70", "linear 85 (1) to 65 (4)", ...
};

struct SegmentationRuleSet {
  std::string source;  // file name
  std::string framework;
  std::string year;  // "2025/26"
  std::string applies_to;
  SegmentationMethod method = SegmentationMethod::kScored;

  // Scored method.
  Setting<SegmentBasis> basis;
  Setting<QuartileRule> quartile_rule;
  Setting<std::vector<double>> thresholds;  // kThresholds: three ascending cut points
  Setting<int> minimum_scored_metrics;
  Setting<std::string> missing_metrics;
  std::optional<Setting<int>> financial_deficit_cap;
  Setting<std::string> average;
  Setting<std::string> segment_5;
  Setting<std::string> league_order;

  // Both methods.
  Setting<std::string> peer_groups;  // "trust_type" or "none"
  Setting<ReportingValue> reporting_value;
  std::vector<MetricScoring> metrics;
  std::vector<std::string> contextual_metrics;  // shown, not scored

  // Judgement method.
  std::optional<Setting<bool>> flag_worse_than_target;
  std::optional<Setting<bool>> flag_worst_quartile;

  const MetricScoring* Scoring(std::string_view metric) const;

  // Errors name the file and a JSON pointer. Metric ids must be in `registry`; band cut
  // points must run from best to worst by the metric's polarity.
  static Result<SegmentationRuleSet> FromJson(std::string_view text, const std::string& source,
                                              const MetricRegistry& registry);
};

// The compiled-in rule set of a framework year ("2025/26").
Result<SegmentationRuleSet> BuiltinRuleSet(std::string_view year, const MetricRegistry& registry);
// The years with a compiled-in rule set, oldest first.
std::vector<std::string> BuiltinRuleSetYears();
// "2025/26" -> "nof_2025_26.json"; InvalidArgument for text that is not a year.
Result<std::string> RuleSetFileName(std::string_view year);

}  // namespace ics::oversight
