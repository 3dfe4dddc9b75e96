#include "oversight/report_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "improvement/mdc.h"

namespace ics::oversight {
namespace {

using nlohmann::json;
namespace imp = ics::improvement;

json JNum(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string Text(const json& j) { return j.dump(2) + "\n"; }

json UnconfirmedJson(std::span<const UsedValue> list) {
  json a = json::array();
  for (const UsedValue& u : list) {
    a.push_back({{"path", u.path}, {"value", u.value}, {"status", std::string(ProvenanceName(u.status))},
                 {"note", u.note}});
  }
  return a;
}

}  // namespace

std::string ReportingText(const SegmentationRuleSet& rules, std::optional<Date> as_of) {
  std::string s = rules.reporting_value.value == ReportingValue::kLatest
                      ? "latest month"
                      : "mean of the three months ending with the latest month";
  return s + (as_of ? " on or before " + MonthText(*as_of) : " present");
}

std::string MetricsJson(const MetricRegistry& registry) {
  json a = json::array();
  for (const MetricDefinition& d : registry.metrics()) {
    json m = {{"id", d.id}, {"name", d.name}, {"definition", d.definition},
              {"polarity", std::string(PolarityName(d.polarity))}, {"unit", d.unit},
              {"frequency", d.frequency}, {"theme", d.theme}, {"source", d.source}, {"applies_to", d.applies_to},
              {"target", nullptr}};
    if (d.target) {
      m["target"] = {{"value", d.target->value}, {"by", d.target->by}, {"basis", d.target->basis},
                     {"status", std::string(ProvenanceName(d.target->status))}};
    }
    a.push_back(m);
  }
  return Text(json{{"metrics", a}});
}

std::string SummaryJson(std::span<const SeriesReading> readings, const std::vector<std::string>& warnings) {
  json a = json::array();
  for (const SeriesReading& r : readings) {
    json points = json::array();
    for (const imp::MdcPointResult& p : r.chart.points) {
      points.push_back({{"period", MonthText(p.date)}, {"value", JNum(p.value)}, {"mean", JNum(p.mean)},
                        {"lpl", JNum(p.lpl)}, {"upl", JNum(p.upl)},
                        {"special_cause", p.special_cause_flag
                                              ? json(std::string(imp::SpecialCauseTypeLabel(p.special_cause_type)))
                                              : json(nullptr)},
                        {"point_type", std::string(imp::PointTypeName(p.point_type))}});
    }
    a.push_back({{"org", r.org}, {"metric", r.metric}, {"points", r.points}, {"first", MonthText(r.first)},
                 {"last", MonthText(r.last)}, {"latest", JNum(r.latest)}, {"mean", JNum(r.mean)},
                 {"lpl", JNum(r.lpl)}, {"upl", JNum(r.upl)},
                 {"variation_icon", r.variation ? std::string(imp::VariationIconName(*r.variation)) : ""},
                 {"assurance", r.assurance ? json(std::string(imp::AssuranceTypeName(*r.assurance))) : json(nullptr)},
                 {"latest_special_cause", std::string(imp::SpecialCauseTypeLabel(r.latest_special_cause))},
                 {"special_cause_points", r.special_cause_points}, {"chart", points}});
  }
  return Text(json{{"series", a}, {"warnings", warnings}});
}

std::string SegmentationJson(const SegmentationResult& r) {
  json orgs = json::array();
  for (const OrganisationSegment& o : r.organisations) {
    json metrics = json::array();
    for (const ScoredMetric& m : o.metrics) {
      metrics.push_back({{"metric", m.metric}, {"value", JNum(m.value)},
                         {"period", std::isnan(m.value) ? json(nullptr) : json(MonthText(m.period))},
                         {"score", m.score ? json(*m.score) : json(nullptr)}, {"how", m.how},
                         {"flagged", m.flagged}, {"flags", m.flags}});
    }
    auto opt = [](const std::optional<int>& v) { return v ? json(*v) : json(nullptr); };
    orgs.push_back({{"org", o.org}, {"name", o.name}, {"peer_group", o.peer_group}, {"metrics", metrics},
                    {"scored_metrics", o.scored}, {"average", o.average ? json(*o.average) : json(nullptr)},
                    {"segment_from_average", opt(o.segment_from_average)}, {"segment", opt(o.segment)},
                    {"rank", opt(o.rank)}, {"ranked_in_peer_group", o.ranked_in_group}, {"tied", o.tied},
                    {"reasons", o.reasons}, {"warnings", o.warnings}});
  }
  return Text(json{{"framework", r.framework}, {"year", r.year}, {"method", r.method},
                   {"reporting_value", r.reporting}, {"ranking", r.ranking_rule}, {"organisations", orgs},
                   {"unconfirmed", UnconfirmedJson(r.unconfirmed)}, {"warnings", r.warnings}});
}

std::string LeagueJson(const LeagueTable& t, bool segmentation, std::span<const UsedValue> unconfirmed,
                       const std::vector<std::string>& warnings) {
  json rows = json::array();
  for (const LeagueRow& r : t.rows) {
    json row = {{"rank", r.rank}, {"tied", r.tied}, {"org", r.org}, {"name", r.name}, {"peer_group", r.peer_group}};
    if (segmentation) {
      row["segment"] = r.segment ? json(*r.segment) : json(nullptr);
      row["average"] = JNum(r.value);
    } else {
      row["value"] = JNum(r.value);
      row["period"] = r.period;
    }
    rows.push_back(row);
  }
  json out = {{"title", t.title}, {"order", t.order}, {"ties", t.ties}, {"rows", rows}, {"unranked", t.unranked},
              {"warnings", warnings}};
  if (segmentation) out["unconfirmed"] = UnconfirmedJson(unconfirmed);
  return Text(out);
}

std::string EscalationJson(const QualityRules& rules, const EscalationResult& e, std::span<const UsedValue> unconfirmed,
                           const std::vector<std::string>& warnings) {
  json orgs = json::array();
  for (const OrganisationEscalation& o : e.organisations) {
    json fired = json::array();
    for (const FiredTrigger& f : o.fired) {
      fired.push_back({{"id", f.id}, {"level", std::string(EscalationLevelName(f.level))},
                       {"description", f.description}, {"reason", f.reason}});
    }
    orgs.push_back({{"org", o.org}, {"name", o.name}, {"level", std::string(EscalationLevelName(o.level))},
                    {"fired", fired}});
  }
  json levels = json::object();
  for (const auto& [level, meaning] : rules.meanings) levels[std::string(EscalationLevelName(level))] = meaning;
  return Text(json{{"title", rules.title}, {"levels", levels}, {"organisations", orgs},
                   {"unconfirmed", UnconfirmedJson(unconfirmed)}, {"warnings", warnings}});
}

}  // namespace ics::oversight
