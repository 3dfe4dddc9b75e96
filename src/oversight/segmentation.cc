#include "oversight/segmentation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "improvement/r_stats.h"

namespace ics::oversight {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string Avg(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

template <typename T>
void Use(std::vector<UsedValue>& list, const Setting<T>& s, std::string value) {
  if (!Confirmed(s.status)) NoteUsed(list, {s.path, std::move(value), s.status, s.note});
}
void Use(std::vector<UsedValue>& list, const MetricScoring& s, std::string value) {
  if (!Confirmed(s.status)) NoteUsed(list, {s.path, std::move(value), s.status, s.note});
}

double ScoreBands(const MetricDefinition& d, const MetricScoring& s, double v) {
  for (size_t i = 0; i < 3; ++i) {
    if (!d.Better(s.cuts[i], v)) return static_cast<double>(i + 1);  // at least as good as cut i
  }
  return 4;
}

double ScoreLinear(const MetricScoring& s, double v) {
  const double f = std::clamp((s.best - v) / (s.best - s.worst), 0.0, 1.0);
  return 1 + 3 * f;
}

double Quantile7(std::vector<double> sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::string QuartileName(int q) {
  static const char* kNames[] = {"", "first", "second", "third", "fourth"};
  return kNames[std::clamp(q, 0, 4)];
}

}  // namespace

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::vector<int> CompetitionRanks(std::span<const double> badness) {
  std::vector<int> ranks(badness.size());
  for (size_t i = 0; i < badness.size(); ++i) {
    int better = 0;
    for (size_t j = 0; j < badness.size(); ++j) {
      if (badness[j] < badness[i] && !NearlyEqual(badness[j], badness[i])) ++better;
    }
    ranks[i] = better + 1;
  }
  return ranks;
}

std::vector<int> Quartiles(std::span<const double> badness, QuartileRule rule) {
  std::vector<int> out(badness.size());
  if (badness.empty()) return out;
  const double n = static_cast<double>(badness.size());
  if (rule == QuartileRule::kRank) {
    std::vector<int> ranks = CompetitionRanks(badness);
    for (size_t i = 0; i < ranks.size(); ++i) {
      out[i] = static_cast<int>(std::floor(4.0 * (ranks[i] - 1) / n)) + 1;
    }
    return out;
  }
  std::vector<double> sorted(badness.begin(), badness.end());
  std::sort(sorted.begin(), sorted.end());
  const double q1 = Quantile7(sorted, 0.25), q2 = Quantile7(sorted, 0.5), q3 = Quantile7(sorted, 0.75);
  for (size_t i = 0; i < badness.size(); ++i) {
    const double b = badness[i];
    out[i] = (b <= q1 || NearlyEqual(b, q1)) ? 1 : (b <= q2 || NearlyEqual(b, q2)) ? 2 : (b <= q3 || NearlyEqual(b, q3)) ? 3 : 4;
  }
  return out;
}

std::vector<MetricValue> ReportingValues(const MetricData& data, ReportingValue rule, std::optional<Date> as_of) {
  std::vector<MetricValue> out;
  for (const MetricSeries& s : data.AllSeries()) {
    const SeriesPoint* latest = nullptr;
    for (const SeriesPoint& p : s.points) {
      if (as_of && p.period > *as_of) break;
      if (!std::isnan(p.value)) latest = &p;
    }
    if (!latest) continue;
    MetricValue v{s.org, s.metric, latest->value, latest->period, latest->score, latest->where};
    if (rule == ReportingValue::kQuarterMean) {
      const Date from = Date{latest->period.year, latest->period.month, 1}.AddMonths(-2);
      double sum = 0;
      size_t n = 0;
      for (const SeriesPoint& p : s.points) {
        if (p.period >= from && p.period <= latest->period && !std::isnan(p.value)) {
          sum += p.value;
          ++n;
        }
      }
      v.value = sum / static_cast<double>(n);
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<SegmentationResult> Segment(const SegmentationRuleSet& rules, const MetricRegistry& registry,
                                   std::span<const Organisation> organisations,
                                   std::span<const MetricValue> values) {
  const bool scored = rules.method == SegmentationMethod::kScored;
  SegmentationResult result;
  result.framework = rules.framework;
  result.year = rules.year;
  result.method = scored ? "scored" : "judgement";
  result.ranking_rule = scored
      ? "within each peer group by segment, then by average score (lower is better); equal segment and average "
        "(to 1e-9) share the best rank of the group: 1, 2, 2, 4"
      : "within each peer group by recorded segment; equal segments share the best rank of the group: 1, 2, 2, 4";

  std::map<std::pair<std::string, std::string>, const MetricValue*> by_key;
  for (const MetricValue& v : values) {
    if (!FindOrganisation(organisations, v.org)) {
      return InvalidArgument("organisation " + v.org + " has metric values but is not in the organisations list",
                             v.where);
    }
    by_key[{v.org, v.metric}] = &v;
  }
  auto peer_key = [&](const Organisation& o) {
    return rules.peer_groups.value == "none" ? std::string("all organisations") : o.peer_group;
  };
  auto applies = [&](const MetricScoring& s, const Organisation& o) {
    return o.peer_group == "all" || s.AppliesTo(o.peer_group);
  };
  Use(result.unconfirmed, rules.peer_groups, rules.peer_groups.value);
  Use(result.unconfirmed, rules.reporting_value,
      rules.reporting_value.value == ReportingValue::kLatest ? "latest" : "quarter_mean");

  // Metric by metric: the rule set's metrics (in its order) that apply, then the others.
  for (const Organisation& o : organisations) {
    OrganisationSegment seg;
    seg.org = o.code;
    seg.name = o.name;
    seg.peer_group = o.peer_group;
    for (const MetricScoring& s : rules.metrics) {
      if (!applies(s, o)) continue;
      ScoredMetric m;
      m.metric = s.metric;
      auto it = by_key.find({o.code, s.metric});
      if (it == by_key.end()) {
        m.value = improvement::kNa;
        m.how = "no value for the reporting period";
        if (scored) Use(result.unconfirmed, rules.missing_metrics, rules.missing_metrics.value);
      } else {
        m.value = it->second->value;
        m.period = it->second->period;
      }
      seg.metrics.push_back(std::move(m));
    }
    std::vector<const MetricValue*> others;
    for (const auto& [key, v] : by_key) {
      if (key.first != o.code) continue;
      const MetricScoring* s = rules.Scoring(key.second);
      if (s && applies(*s, o)) continue;
      others.push_back(v);
    }
    for (const MetricValue* v : others) {
      ScoredMetric m{v->metric, v->value, v->period, std::nullopt, "", false, {}};
      const MetricScoring* s = rules.Scoring(v->metric);
      const bool contextual = std::find(rules.contextual_metrics.begin(), rules.contextual_metrics.end(),
                                        v->metric) != rules.contextual_metrics.end();
      if (contextual) m.how = "contextual: shown, not scored in " + rules.year;
      else if (s) m.how = "not scored for " + o.peer_group + " organisations in " + rules.year;
      else m.how = "not in the " + rules.year + " rule set";
      seg.metrics.push_back(std::move(m));
    }
    result.organisations.push_back(std::move(seg));
  }

  auto metric_def = [&](const std::string& id) { return registry.Find(id); };

  // Scores (scored years) or flags (judgement years).
  for (const MetricScoring& s : rules.metrics) {
    const MetricDefinition* d = metric_def(s.metric);
    if (!d) return InvalidArgument("metric " + s.metric + " is not in the registry", s.path);
    // Peers with a value, by peer group, for quartiles.
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> groups;  // org index, metric index
    for (size_t i = 0; i < organisations.size(); ++i) {
      OrganisationSegment& seg = result.organisations[i];
      for (size_t k = 0; k < seg.metrics.size(); ++k) {
        ScoredMetric& m = seg.metrics[k];
        if (m.metric != s.metric || std::isnan(m.value) || !applies(s, organisations[i])) continue;
        groups[peer_key(organisations[i])].push_back({i, k});
        if (!scored) continue;
        switch (s.method) {
          case ScoringMethod::kBands:
            m.score = ScoreBands(*d, s, m.value);
            m.how = s.Describe() + ": " + Num(m.value) + " scores " + Num(*m.score);
            break;
          case ScoringMethod::kLinear:
            m.score = ScoreLinear(s, m.value);
            m.how = s.Describe() + ": " + Num(m.value) + " scores " + Avg(*m.score);
            break;
          case ScoringMethod::kProvided: {
            auto v = by_key.find({organisations[i].code, s.metric});
            if (v != by_key.end() && v->second->score) {
              m.score = *v->second->score;
              m.how = "published score " + Num(*m.score);
            } else {
              m.how = "no published score in the data (column score)";
            }
            break;
          }
          case ScoringMethod::kPeerQuartile: break;  // below, once every peer is known
        }
      }
    }
    if (scored) Use(result.unconfirmed, s, s.Describe());
    const bool by_quartile = scored ? s.method == ScoringMethod::kPeerQuartile
                                    : rules.flag_worst_quartile && rules.flag_worst_quartile->value;
    if (by_quartile) {
      Use(result.unconfirmed, rules.quartile_rule, rules.quartile_rule.value == QuartileRule::kRank ? "rank" : "quantile");
      if (!scored) Use(result.unconfirmed, *rules.flag_worst_quartile, "true");
      for (auto& [group, members] : groups) {
        std::vector<double> badness;
        for (auto [i, k] : members) {
          const double v = result.organisations[i].metrics[k].value;
          badness.push_back(d->polarity == Polarity::kHigherIsBetter ? -v : v);
        }
        std::vector<int> q = Quartiles(badness, rules.quartile_rule.value);
        for (size_t j = 0; j < members.size(); ++j) {
          auto [i, k] = members[j];
          ScoredMetric& m = result.organisations[i].metrics[k];
          const std::string where = QuartileName(q[j]) + " quartile of " + std::to_string(members.size()) + " " +
                                    group + " peer(s)";
          if (scored) {
            m.score = q[j];
            m.how = s.Describe() + ": " + Num(m.value) + " is in the " + where + ", scores " + std::to_string(q[j]);
          } else if (q[j] == 4) {
            m.flagged = true;
            m.flags.push_back("in the worst quartile of " + std::to_string(members.size()) + " " + group + " peer(s)");
          }
        }
        if (members.size() < 4) {
          result.warnings.push_back(s.metric + ": " + std::to_string(members.size()) + " " + group +
                                    " peer(s) with a value; quartiles of fewer than four are coarse");
        }
      }
    }
    if (!scored && rules.flag_worse_than_target && rules.flag_worse_than_target->value && d->target) {
      Use(result.unconfirmed, *rules.flag_worse_than_target, "true");
      for (auto& [group, members] : groups) {
        for (auto [i, k] : members) {
          ScoredMetric& m = result.organisations[i].metrics[k];
          if (d->Better(d->target->value, m.value)) {
            m.flagged = true;
            m.flags.push_back("worse than the target " + Num(d->target->value) +
                              (Confirmed(d->target->status) ? "" : " (target " + std::string(ProvenanceName(d->target->status)) + ")"));
            if (!Confirmed(d->target->status)) {
              NoteUsed(result.unconfirmed, {"registry: " + d->id + " target", Num(d->target->value), d->target->status,
                                            d->target->basis});
            }
          }
        }
      }
    }
  }

  // Segments.
  for (size_t i = 0; i < organisations.size(); ++i) {
    const Organisation& o = organisations[i];
    OrganisationSegment& seg = result.organisations[i];
    if (!scored) {
      if (o.recorded_segment) {
        seg.segment = o.recorded_segment;
        seg.reasons.push_back("recorded segment " + std::to_string(*o.recorded_segment) +
                              (o.rationale.empty() ? " (no rationale recorded)" : ": " + o.rationale));
      } else {
        seg.reasons.push_back("no segment recorded: in " + rules.year + " the region set segments by judgement");
      }
      continue;
    }
    double sum = 0;
    for (const ScoredMetric& m : seg.metrics) {
      if (m.score) {
        sum += *m.score;
        ++seg.scored;
      }
    }
    Use(result.unconfirmed, rules.minimum_scored_metrics, std::to_string(rules.minimum_scored_metrics.value));
    if (seg.scored > 0) seg.average = sum / static_cast<double>(seg.scored);
    if (seg.scored < static_cast<size_t>(rules.minimum_scored_metrics.value)) {
      seg.reasons.push_back(std::to_string(seg.scored) + " scored metric(s), fewer than the minimum " +
                            std::to_string(rules.minimum_scored_metrics.value) + ": no segment from scores");
    } else {
      seg.reasons.push_back("average score " + Avg(*seg.average) + " over " + std::to_string(seg.scored) +
                            " scored metric(s)");
    }
  }
  if (scored) {
    if (rules.basis.value == SegmentBasis::kQuartile) {
      Use(result.unconfirmed, rules.quartile_rule, rules.quartile_rule.value == QuartileRule::kRank ? "rank" : "quantile");
      std::map<std::string, std::vector<size_t>> groups;
      for (size_t i = 0; i < organisations.size(); ++i) {
        const OrganisationSegment& seg = result.organisations[i];
        if (seg.average && seg.scored >= static_cast<size_t>(rules.minimum_scored_metrics.value)) {
          groups[peer_key(organisations[i])].push_back(i);
        }
      }
      for (auto& [group, members] : groups) {
        std::vector<double> averages;
        for (size_t i : members) averages.push_back(*result.organisations[i].average);
        std::vector<int> q = Quartiles(averages, rules.quartile_rule.value);
        std::vector<int> r = CompetitionRanks(averages);
        for (size_t j = 0; j < members.size(); ++j) {
          OrganisationSegment& seg = result.organisations[members[j]];
          seg.segment_from_average = q[j];
          seg.reasons.push_back("average ranks " + std::to_string(r[j]) + " of " + std::to_string(members.size()) +
                                " " + group + " peer(s): " + QuartileName(q[j]) + " quartile, segment " +
                                std::to_string(q[j]));
        }
        if (members.size() < 4) {
          result.warnings.push_back(group + ": " + std::to_string(members.size()) +
                                    " organisation(s) with an average; quartiles of fewer than four are coarse");
        }
      }
    } else {
      const auto& t = rules.thresholds.value;
      Use(result.unconfirmed, rules.thresholds, Num(t[0]) + " / " + Num(t[1]) + " / " + Num(t[2]));
      for (OrganisationSegment& seg : result.organisations) {
        if (!seg.average || seg.scored < static_cast<size_t>(rules.minimum_scored_metrics.value)) continue;
        const double a = *seg.average;
        const int s = a <= t[0] ? 1 : a <= t[1] ? 2 : a <= t[2] ? 3 : 4;
        seg.segment_from_average = s;
        seg.reasons.push_back("average " + Avg(a) + " against thresholds " + Num(t[0]) + " / " + Num(t[1]) + " / " +
                              Num(t[2]) + ": segment " + std::to_string(s));
      }
    }
    for (size_t i = 0; i < organisations.size(); ++i) {
      const Organisation& o = organisations[i];
      OrganisationSegment& seg = result.organisations[i];
      seg.segment = seg.segment_from_average;
      if (rules.financial_deficit_cap && seg.segment) {
        const int cap = rules.financial_deficit_cap->value;
        Use(result.unconfirmed, *rules.financial_deficit_cap, std::to_string(cap));
        if (!o.financial_deficit) {
          seg.warnings.push_back("financial position not stated (financial_deficit): the deficit cap was not applied");
        } else if (*o.financial_deficit) {
          if (*seg.segment < cap) {
            seg.reasons.push_back("in financial deficit: capped at segment " + std::to_string(cap) + " (from " +
                                  std::to_string(*seg.segment) + ")");
            seg.segment = cap;
          } else {
            seg.reasons.push_back("in financial deficit: the cap at segment " + std::to_string(cap) +
                                  " does not change segment " + std::to_string(*seg.segment));
          }
        }
      }
      if (o.provider_improvement_programme) {
        seg.segment = 5;
        seg.reasons.push_back("in the Provider Improvement Programme: segment 5 (recorded, not scored)");
      }
      if (!seg.segment) seg.reasons.push_back("no segment");
    }
  }

  // League positions within each peer group.
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < organisations.size(); ++i) {
    if (result.organisations[i].segment) groups[peer_key(organisations[i])].push_back(i);
  }
  for (auto& [group, members] : groups) {
    for (size_t i : members) {
      OrganisationSegment& seg = result.organisations[i];
      int better = 0;
      bool tied = false;
      for (size_t j : members) {
        if (j == i) continue;
        const OrganisationSegment& other = result.organisations[j];
        const bool same_segment = *other.segment == *seg.segment;
        const bool both_avg = other.average && seg.average;
        const bool same_avg = scored ? (both_avg ? NearlyEqual(*other.average, *seg.average)
                                                 : (!other.average && !seg.average))
                                     : true;
        if (*other.segment < *seg.segment) {
          ++better;
        } else if (same_segment && !same_avg) {
          // Within a segment the lower average is better; no average sorts last.
          if (both_avg ? *other.average < *seg.average : other.average.has_value()) ++better;
        } else if (same_segment && same_avg) {
          tied = true;
        }
      }
      seg.rank = better + 1;
      seg.ranked_in_group = members.size();
      seg.tied = tied;
    }
  }
  if (scored) Use(result.unconfirmed, rules.league_order, rules.league_order.value);
  return result;
}

}  // namespace ics::oversight
