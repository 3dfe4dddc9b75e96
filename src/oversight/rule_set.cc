#include "oversight/rule_set.h"

#include <algorithm>
#include <cstdio>

#include "base/text.h"
#include "oversight/builtin_data.h"
#include "oversight/internal/json_reader.h"

namespace ics::oversight {

using internal::Node;

namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// {"value": <string>, "status": ..., ...} at `key`, one of `allowed`.
Result<Setting<std::string>> WordSetting(const Node& root, std::string_view key,
                                         std::initializer_list<std::string_view> allowed) {
  ICS_ASSIGN_OR_RETURN(Node n, root.Field(key));
  Setting<std::string> s;
  ICS_ASSIGN_OR_RETURN(Node v, n.Field("value"));
  ICS_ASSIGN_OR_RETURN(s.value, v.String());
  if (allowed.size() > 0 && std::find(allowed.begin(), allowed.end(), s.value) == allowed.end()) {
    std::vector<std::string> words(allowed.begin(), allowed.end());
    return v.Error("must be " + JoinWithAnd(words) + ", not \"" + s.value + "\"");
  }
  ICS_ASSIGN_OR_RETURN(s.status, n.Status_());
  s.note = n.Note();
  s.path = n.Where();
  return s;
}

Result<Setting<int>> IntSetting(const Node& n, int low, int high) {
  Setting<int> s;
  ICS_ASSIGN_OR_RETURN(Node v, n.Field("value"));
  ICS_ASSIGN_OR_RETURN(s.value, v.Integer());
  if (s.value < low || s.value > high) {
    return v.Error("must lie in " + std::to_string(low) + ".." + std::to_string(high));
  }
  ICS_ASSIGN_OR_RETURN(s.status, n.Status_());
  s.note = n.Note();
  s.path = n.Where();
  return s;
}

Result<Setting<bool>> BoolSetting(const Node& n) {
  Setting<bool> s;
  ICS_ASSIGN_OR_RETURN(Node v, n.Field("value"));
  ICS_ASSIGN_OR_RETURN(s.value, v.Bool());
  ICS_ASSIGN_OR_RETURN(s.status, n.Status_());
  s.note = n.Note();
  s.path = n.Where();
  return s;
}

Result<MetricScoring> ReadScoring(const Node& m, bool scored, const MetricRegistry& registry) {
  ICS_RETURN_IF_ERROR(m.RequireObject());
  MetricScoring s;
  ICS_ASSIGN_OR_RETURN(Node id, m.Field("metric"));
  ICS_ASSIGN_OR_RETURN(s.metric, id.String());
  auto def = registry.Require(s.metric, id.Where());
  if (!def.ok()) return def.status();
  ICS_ASSIGN_OR_RETURN(Node groups, m.Field("peer_groups"));
  ICS_ASSIGN_OR_RETURN(s.peer_groups, groups.Strings());
  if (s.peer_groups.empty()) return groups.Error("list at least one peer group");
  if (!scored) return s;
  ICS_ASSIGN_OR_RETURN(Node sc, m.Field("scoring"));
  s.path = sc.Where();
  ICS_ASSIGN_OR_RETURN(Node method, sc.Field("method"));
  ICS_ASSIGN_OR_RETURN(std::string name, method.String());
  ICS_ASSIGN_OR_RETURN(s.status, sc.Status_());
  s.note = sc.Note();
  const MetricDefinition& d = **def;
  if (name == "bands") {
    s.method = ScoringMethod::kBands;
    ICS_ASSIGN_OR_RETURN(Node cuts, sc.Field("cuts"));
    ICS_ASSIGN_OR_RETURN(s.cuts, cuts.Numbers());
    if (s.cuts.size() != 3) return cuts.Error("give three cut points (scores 1|2|3|4), best first");
    if (d.polarity == Polarity::kNeutral) return method.Error("a neutral metric cannot be scored by bands");
    for (size_t i = 1; i < 3; ++i) {
      if (!d.Better(s.cuts[i - 1], s.cuts[i])) {
        return cuts.Error(std::string("cut points must run from best to worst (") +
                          (d.polarity == Polarity::kHigherIsBetter ? "descending" : "ascending") +
                          " for " + std::string(PolarityName(d.polarity)) + ")");
      }
    }
  } else if (name == "linear") {
    s.method = ScoringMethod::kLinear;
    ICS_ASSIGN_OR_RETURN(Node best, sc.Field("best"));
    ICS_ASSIGN_OR_RETURN(s.best, best.Number());
    ICS_ASSIGN_OR_RETURN(Node worst, sc.Field("worst"));
    ICS_ASSIGN_OR_RETURN(s.worst, worst.Number());
    if (d.polarity == Polarity::kNeutral || !d.Better(s.best, s.worst)) {
      return worst.Error("best must be better than worst by the metric's polarity (" +
                         std::string(PolarityName(d.polarity)) + ")");
    }
  } else if (name == "peer_quartile") {
    s.method = ScoringMethod::kPeerQuartile;
    if (d.polarity == Polarity::kNeutral) return method.Error("a neutral metric has no better quartile");
  } else if (name == "provided") {
    s.method = ScoringMethod::kProvided;
  } else {
    return method.Error("method must be bands, linear, peer_quartile or provided, not \"" + name + "\"");
  }
  return s;
}

}  // namespace

bool MetricScoring::AppliesTo(std::string_view peer_group) const {
  return std::find(peer_groups.begin(), peer_groups.end(), peer_group) != peer_groups.end();
}

std::string MetricScoring::Describe() const {
  switch (method) {
    case ScoringMethod::kBands: return "bands " + Num(cuts[0]) + " / " + Num(cuts[1]) + " / " + Num(cuts[2]);
    case ScoringMethod::kLinear: return "linear from " + Num(best) + " (1) to " + Num(worst) + " (4)";
    case ScoringMethod::kPeerQuartile: return "quartile among peers";
    case ScoringMethod::kProvided: return "published score";
  }
  return "";
}

const MetricScoring* SegmentationRuleSet::Scoring(std::string_view metric) const {
  for (const MetricScoring& m : metrics) {
    if (m.metric == metric) return &m;
  }
  return nullptr;
}

Result<SegmentationRuleSet> SegmentationRuleSet::FromJson(std::string_view text, const std::string& source,
                                                          const MetricRegistry& registry) {
  ICS_ASSIGN_OR_RETURN(internal::json doc, internal::ParseJson(text, source));
  Node root(doc, source, "");
  ICS_RETURN_IF_ERROR(root.RequireObject());
  SegmentationRuleSet r;
  r.source = source;
  ICS_ASSIGN_OR_RETURN(r.framework, root.StringField("framework"));
  ICS_ASSIGN_OR_RETURN(Node year, root.Field("year"));
  ICS_ASSIGN_OR_RETURN(r.year, year.String());
  if (!RuleSetFileName(r.year).ok()) return year.Error("\"" + r.year + "\" is not a year such as 2025/26");
  r.applies_to = root.StringOr("applies_to", "");
  ICS_ASSIGN_OR_RETURN(Node method, root.Field("method"));
  ICS_ASSIGN_OR_RETURN(std::string m, method.String());
  if (m == "scored") r.method = SegmentationMethod::kScored;
  else if (m == "judgement") r.method = SegmentationMethod::kJudgement;
  else return method.Error("method must be scored or judgement, not \"" + m + "\"");
  const bool scored = r.method == SegmentationMethod::kScored;

  ICS_ASSIGN_OR_RETURN(r.peer_groups, WordSetting(root, "peer_groups", {"trust_type", "none"}));
  ICS_ASSIGN_OR_RETURN(Setting<std::string> reporting, WordSetting(root, "reporting_value", {"latest", "quarter_mean"}));
  r.reporting_value = {reporting.value == "latest" ? ReportingValue::kLatest : ReportingValue::kQuarterMean,
                       reporting.status, reporting.note, reporting.path};
  ICS_ASSIGN_OR_RETURN(Setting<std::string> quartile, WordSetting(root, "quartile_rule", {"rank", "quantile"}));
  r.quartile_rule = {quartile.value == "rank" ? QuartileRule::kRank : QuartileRule::kQuantile, quartile.status,
                     quartile.note, quartile.path};

  if (scored) {
    ICS_ASSIGN_OR_RETURN(Node range, root.Field("score_range"));
    ICS_ASSIGN_OR_RETURN(Node best, range.Field("best"));
    ICS_ASSIGN_OR_RETURN(int b, best.Integer());
    ICS_ASSIGN_OR_RETURN(Node worst, range.Field("worst"));
    ICS_ASSIGN_OR_RETURN(int w, worst.Integer());
    if (b != 1 || w != 4) return range.Error("the engine scores metrics from 1 (best) to 4 (worst)");
    ICS_ASSIGN_OR_RETURN(r.average, WordSetting(root, "average", {"mean"}));
    ICS_ASSIGN_OR_RETURN(Setting<std::string> basis, WordSetting(root, "segment_from_average", {"quartile", "thresholds"}));
    r.basis = {basis.value == "quartile" ? SegmentBasis::kQuartile : SegmentBasis::kThresholds, basis.status,
               basis.note, basis.path};
    if (r.basis.value == SegmentBasis::kThresholds) {
      ICS_ASSIGN_OR_RETURN(Node t, root.Field("thresholds"));
      ICS_ASSIGN_OR_RETURN(Node v, t.Field("value"));
      ICS_ASSIGN_OR_RETURN(r.thresholds.value, v.Numbers());
      const auto& th = r.thresholds.value;
      if (th.size() != 3 || !(1 <= th[0] && th[0] < th[1] && th[1] < th[2] && th[2] <= 4)) {
        return v.Error("give three ascending thresholds within 1..4 (segments 1|2|3|4)");
      }
      ICS_ASSIGN_OR_RETURN(r.thresholds.status, t.Status_());
      r.thresholds.note = t.Note();
      r.thresholds.path = t.Where();
    }
    ICS_ASSIGN_OR_RETURN(Node min, root.Field("minimum_scored_metrics"));
    ICS_ASSIGN_OR_RETURN(r.minimum_scored_metrics, IntSetting(min, 1, 1000));
    ICS_ASSIGN_OR_RETURN(r.missing_metrics, WordSetting(root, "missing_metrics", {"average_of_scored"}));
    if (auto cap = root.Optional("financial_deficit_cap")) {
      ICS_ASSIGN_OR_RETURN(Setting<int> c, IntSetting(*cap, 1, 4));
      r.financial_deficit_cap = c;
    }
    ICS_ASSIGN_OR_RETURN(r.segment_5, WordSetting(root, "segment_5", {"recorded"}));
    ICS_ASSIGN_OR_RETURN(r.league_order, WordSetting(root, "league_order", {"segment_then_average"}));
  } else {
    ICS_ASSIGN_OR_RETURN(Node flags, root.Field("flags"));
    ICS_ASSIGN_OR_RETURN(Node worse, flags.Field("worse_than_target"));
    ICS_ASSIGN_OR_RETURN(Setting<bool> w, BoolSetting(worse));
    r.flag_worse_than_target = w;
    ICS_ASSIGN_OR_RETURN(Node quart, flags.Field("worst_peer_quartile"));
    ICS_ASSIGN_OR_RETURN(Setting<bool> q, BoolSetting(quart));
    r.flag_worst_quartile = q;
  }

  ICS_ASSIGN_OR_RETURN(Node list, root.Field("metrics"));
  ICS_ASSIGN_OR_RETURN(size_t count, list.ArraySize());
  for (size_t i = 0; i < count; ++i) {
    ICS_ASSIGN_OR_RETURN(Node item, list.At(i));
    ICS_ASSIGN_OR_RETURN(MetricScoring s, ReadScoring(item, scored, registry));
    if (r.Scoring(s.metric)) {
      ICS_ASSIGN_OR_RETURN(Node id, item.Field("metric"));
      return id.Error("metric \"" + s.metric + "\" is listed twice");
    }
    r.metrics.push_back(std::move(s));
  }
  if (auto ctx = root.Optional("contextual_metrics")) {
    ICS_ASSIGN_OR_RETURN(r.contextual_metrics, ctx->Strings());
    for (size_t i = 0; i < r.contextual_metrics.size(); ++i) {
      ICS_ASSIGN_OR_RETURN(Node n, ctx->At(i));
      auto def = registry.Require(r.contextual_metrics[i], n.Where());
      if (!def.ok()) return def.status();
    }
  }
  return r;
}

Result<std::string> RuleSetFileName(std::string_view year) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (year.size() != 7 || year[4] != '/' || !digits(year.substr(0, 4)) || !digits(year.substr(5, 2))) {
    return InvalidArgument("\"" + std::string(year) + "\" is not a framework year such as 2025/26");
  }
  const int first = std::stoi(std::string(year.substr(0, 4)));
  const int second = std::stoi(std::string(year.substr(5, 2)));
  if ((first + 1) % 100 != second) {
    return InvalidArgument("\"" + std::string(year) + "\" is not a framework year: " +
                           std::to_string(first) + " is followed by " + std::to_string((first + 1) % 100));
  }
  return "nof_" + std::string(year.substr(0, 4)) + "_" + std::string(year.substr(5, 2)) + ".json";
}

std::vector<std::string> BuiltinRuleSetYears() {
  std::vector<std::string> years;
  for (const std::string& name : BuiltinDataNames()) {
    if (name.size() == 16 && name.rfind("nof_", 0) == 0) years.push_back(name.substr(4, 4) + "/" + name.substr(9, 2));
  }
  std::sort(years.begin(), years.end());
  return years;
}

Result<SegmentationRuleSet> BuiltinRuleSet(std::string_view year, const MetricRegistry& registry) {
  ICS_ASSIGN_OR_RETURN(std::string name, RuleSetFileName(year));
  auto text = BuiltinDataText(name);
  if (!text.ok()) {
    return NotFound("no built-in rule set for " + std::string(year) + " (have " + JoinWithAnd(BuiltinRuleSetYears()) +
                    "; give --rules FILE for another year)");
  }
  return SegmentationRuleSet::FromJson(*text, name, registry);
}

}  // namespace ics::oversight
