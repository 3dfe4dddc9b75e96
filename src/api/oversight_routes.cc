#include "api/oversight_routes.h"

#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "base/date.h"
#include "improvement/mdc.h"
#include "improvement/series_json.h"
#include "oversight/league.h"
#include "oversight/quality.h"
#include "oversight/report_json.h"
#include "oversight/rule_set.h"
#include "oversight/segmentation.h"

namespace ics::api {
namespace {

namespace ov = ics::oversight;
namespace imp = ics::improvement;

constexpr const char* kDefaultYear = "2025/26";

Response Api(std::string json) {
  Response r = Response::Json(std::move(json));
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// Each system's member organisations, from the organisations' system column.
std::map<std::string, std::vector<std::string>> Systems(const OversightData& d) {
  std::map<std::string, std::vector<std::string>> members;
  for (const ov::Organisation& o : d.organisations) {
    if (!o.system.empty()) members[o.system].push_back(o.code);
  }
  return members;
}

Result<std::optional<Date>> AsOf(const Request& request) {
  auto text = request.Query("as_of");
  if (!text || text->empty()) return std::optional<Date>();
  std::string why;
  auto d = ov::ParsePeriod(*text, &why);
  if (!d) return InvalidArgument(why.empty() ? "\"" + *text + "\" is not YYYY-MM" : why, "as_of");
  return std::optional<Date>(*d);
}

Result<ov::SegmentationRuleSet> Rules(const Request& request, const OversightData& d) {
  std::string year = request.Query("year").value_or(kDefaultYear);
  if (year.empty()) year = kDefaultYear;
  auto r = ov::BuiltinRuleSet(year, d.registry);
  if (!r.ok()) return Status(r.status().code(), r.status().message(), "year");
  return r;
}

// As `ics oversight summary --systems [--org] [--metric]`.
Result<std::string> Summary(const OversightData& d, const std::string& org_filter, const std::string& metric_filter) {
  std::vector<std::string> warnings;
  if (!metric_filter.empty()) {
    auto m = d.registry.Require(metric_filter, "metric");
    if (!m.ok()) return Status(StatusCode::kNotFound, m.status().message(), "metric");
  }
  std::vector<ov::MetricSeries> series;
  for (ov::MetricSeries& s : d.data.AllSeries()) {
    if (!org_filter.empty() && s.org != org_filter) continue;
    if (!metric_filter.empty() && s.metric != metric_filter) continue;
    series.push_back(std::move(s));
  }
  for (const auto& [system, codes] : Systems(d)) {
    if (!org_filter.empty() && system != org_filter) continue;
    for (const std::string& metric : d.data.Metrics()) {
      if (!metric_filter.empty() && metric != metric_filter) continue;
      ov::MetricSeries s = ov::SystemSeries(d.data, *d.registry.Find(metric), system, codes, &warnings);
      if (!s.points.empty()) series.push_back(std::move(s));
    }
  }
  if (!org_filter.empty() && series.empty()) {
    return NotFound("no series for " + org_filter + (metric_filter.empty() ? "" : " " + metric_filter), "org");
  }
  std::vector<ov::SeriesReading> readings;
  for (const ov::MetricSeries& s : series) {
    ICS_ASSIGN_OR_RETURN(ov::SeriesReading r, ov::ReadSeries(s, *d.registry.Find(s.metric)));
    for (const std::string& w : r.warnings) warnings.push_back(s.org + " " + s.metric + ": " + w);
    readings.push_back(std::move(r));
  }
  return ov::SummaryJson(readings, warnings);
}

// One series as `ics spc FILE --date period --value value --improvement (polarity) --target
// (the metric's) [--rebase DATE...] --json` charts it: an organisation's, or a system's
// formed from its members. `rebase`: comma-separated YYYY-MM-DD dates.
Result<std::string> SeriesChart(const OversightData& d, const std::string& org, const std::string& metric,
                                const std::string& rebase) {
  const ov::MetricDefinition* def = d.registry.Find(metric);
  if (!def) return NotFound("no metric \"" + metric + "\" in the registry", "metric");
  std::optional<ov::MetricSeries> series = d.data.SeriesOf(org, metric);
  if (!series) {
    auto systems = Systems(d);
    if (auto it = systems.find(org); it != systems.end()) {
      ov::MetricSeries s = ov::SystemSeries(d.data, *def, org, it->second);
      if (!s.points.empty()) series = std::move(s);
    }
  }
  if (!series || series->points.empty()) return NotFound("no series of " + metric + " for " + org, "org");
  imp::MdcOptions options;
  options.direction = ov::DirectionOf(def->polarity);
  if (def->target) options.target = def->target->value;
  for (size_t start = 0; start < rebase.size();) {
    size_t comma = rebase.find(',', start);
    std::string text = rebase.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? rebase.size() : comma + 1;
    std::string why;
    std::optional<Date> date = ParseIsoDate(text, &why);
    if (!date) return InvalidArgument(why.empty() ? "\"" + text + "\" is not a YYYY-MM-DD date" : why, "rebase");
    options.rebase_dates.push_back(*date);
  }
  std::vector<imp::MdcPoint> points;
  for (const ov::SeriesPoint& p : series->points) points.push_back({p.period, p.value});
  ICS_ASSIGN_OR_RETURN(imp::MdcResult r, imp::AnalyseMdc(points, options));
  return imp::MdcSeriesJson(r, options.direction, options.target).dump(2) + "\n";
}

std::string OrganisationsJson(const OversightData& d) {
  using nlohmann::ordered_json;
  ordered_json orgs = ordered_json::array();
  for (const ov::Organisation& o : d.organisations) {
    std::vector<std::string> metrics;
    for (const std::string& m : d.data.Metrics()) {
      if (d.data.SeriesOf(o.code, m)) metrics.push_back(m);
    }
    orgs.push_back({{"code", o.code}, {"name", o.name}, {"peer_group", o.peer_group}, {"system", o.system},
                    {"metrics", metrics}});
  }
  ordered_json systems = ordered_json::array();
  for (const auto& [code, members] : Systems(d)) {
    std::set<std::string> metrics;
    for (const std::string& m : d.data.Metrics()) {
      for (const std::string& member : members) {
        if (d.data.SeriesOf(member, m)) metrics.insert(m);
      }
    }
    systems.push_back({{"code", code}, {"members", members},
                       {"metrics", std::vector<std::string>(metrics.begin(), metrics.end())}});
  }
  ordered_json out = {{"source", d.source}, {"organisations", orgs}, {"systems", systems},
                      {"years", ov::BuiltinRuleSetYears()}, {"default_year", kDefaultYear}};
  return out.dump(2) + "\n";
}

// As `ics oversight segment --year Y [--as-of] [--peer-group]`.
Result<std::string> Segmentation(const OversightData& d, const Request& request) {
  ICS_ASSIGN_OR_RETURN(std::optional<Date> as_of, AsOf(request));
  ICS_ASSIGN_OR_RETURN(ov::SegmentationRuleSet rules, Rules(request, d));
  std::vector<ov::MetricValue> values = ov::ReportingValues(d.data, rules.reporting_value.value, as_of);
  ICS_ASSIGN_OR_RETURN(ov::SegmentationResult result, ov::Segment(rules, d.registry, d.organisations, values));
  result.reporting = ov::ReportingText(rules, as_of);
  if (auto peer = request.Query("peer_group"); peer && !peer->empty()) {
    std::vector<ov::OrganisationSegment> kept;
    for (ov::OrganisationSegment& o : result.organisations) {
      if (o.peer_group == *peer) kept.push_back(std::move(o));
    }
    if (kept.empty()) return NotFound("no organisation in peer group \"" + *peer + "\"", "peer_group");
    result.organisations = std::move(kept);
  }
  return ov::SegmentationJson(result);
}

// As `ics oversight league --metric ID | --segmentation --year Y`.
Result<std::string> League(const OversightData& d, const Request& request) {
  ICS_ASSIGN_OR_RETURN(std::optional<Date> as_of, AsOf(request));
  std::string metric = request.Query("metric").value_or("");
  std::string seg = request.Query("segmentation").value_or("");
  const bool by_segmentation = seg == "true" || seg == "1";
  if (!seg.empty() && !by_segmentation && seg != "false" && seg != "0") {
    return InvalidArgument("segmentation is true or false, not \"" + seg + "\"", "segmentation");
  }
  if (metric.empty() == !by_segmentation) {
    return InvalidArgument("give either metric=ID or segmentation=true (with year)", "metric");
  }
  std::optional<std::string> peer;
  if (auto p = request.Query("peer_group"); p && !p->empty()) peer = *p;
  if (by_segmentation) {
    ICS_ASSIGN_OR_RETURN(ov::SegmentationRuleSet rules, Rules(request, d));
    ICS_ASSIGN_OR_RETURN(ov::SegmentationResult result,
                         ov::Segment(rules, d.registry, d.organisations,
                                     ov::ReportingValues(d.data, rules.reporting_value.value, as_of)));
    return ov::LeagueJson(ov::SegmentationLeague(result, peer), true, result.unconfirmed, result.warnings);
  }
  const ov::MetricDefinition* def = d.registry.Find(metric);
  if (!def) return NotFound("no metric \"" + metric + "\" in the registry", "metric");
  ov::LeagueOptions o;
  o.peer_group = peer;
  std::string order = request.Query("order").value_or("");
  if (order == "highest") o.highest_first = true;
  else if (order == "lowest") o.highest_first = false;
  else if (!order.empty()) return InvalidArgument("order is highest or lowest, not \"" + order + "\"", "order");
  auto t = ov::MetricLeague(*def, ov::ReportingValues(d.data, ov::ReportingValue::kLatest, as_of), d.organisations, o);
  if (!t.ok()) return Status(t.status().code(), t.status().message(), "metric");
  if (t->rows.empty() && t->unranked.empty()) {
    return NotFound("no organisation has a value of " + metric +
                        (as_of ? " on or before " + ov::MonthText(*as_of) : std::string()),
                    "metric");
  }
  return ov::LeagueJson(*t, false, {}, {});
}

// As `ics oversight escalation --year Y [--as-of]`.
Result<std::string> Escalation(const OversightData& d, const Request& request) {
  ICS_ASSIGN_OR_RETURN(std::optional<Date> as_of, AsOf(request));
  ICS_ASSIGN_OR_RETURN(ov::QualityRules rules, ov::QualityRules::Builtin(d.registry));
  ICS_ASSIGN_OR_RETURN(ov::SegmentationRuleSet seg_rules, Rules(request, d));
  ICS_ASSIGN_OR_RETURN(ov::SegmentationResult segmentation,
                       ov::Segment(seg_rules, d.registry, d.organisations,
                                   ov::ReportingValues(d.data, seg_rules.reporting_value.value, as_of)));
  std::vector<ov::UsedValue> unconfirmed = segmentation.unconfirmed;
  std::vector<ov::QualityFacts> facts;
  for (size_t i = 0; i < d.organisations.size(); ++i) {
    const ov::Organisation& o = d.organisations[i];
    ov::QualityFacts f;
    f.organisation = &o;
    if (segmentation.organisations[i].segment) {
      f.segment = segmentation.organisations[i].segment;
      f.segment_source = segmentation.year + " segmentation";
    } else if (o.recorded_segment) {
      f.segment = o.recorded_segment;
      f.segment_source = "recorded";
    }
    for (ov::MetricSeries& s : d.data.AllSeries()) {
      if (s.org != o.code) continue;
      if (as_of) {
        while (!s.points.empty() && s.points.back().period > *as_of) s.points.pop_back();
        if (s.points.empty()) continue;
      }
      ICS_ASSIGN_OR_RETURN(ov::SeriesReading reading, ov::ReadSeries(s, *d.registry.Find(s.metric)));
      f.readings.push_back(std::move(reading));
    }
    facts.push_back(std::move(f));
  }
  ov::EscalationResult e = ov::Escalate(rules, d.registry, facts);
  for (const ov::UsedValue& u : e.unconfirmed) ov::NoteUsed(unconfirmed, u);
  return ov::EscalationJson(rules, e, unconfirmed, {});
}

Response Answer(const Result<std::string>& r) { return r.ok() ? Api(*r) : ErrorFor(r.status()); }

}  // namespace

Result<std::shared_ptr<const OversightData>> LoadOversightData(const NamedText& organisations,
                                                               const std::vector<NamedText>& metrics,
                                                               std::string source) {
  auto d = std::make_shared<OversightData>();
  d->source = std::move(source);
  ICS_ASSIGN_OR_RETURN(d->registry, ov::MetricRegistry::Builtin());
  for (const NamedText& f : metrics) {
    ICS_ASSIGN_OR_RETURN(ov::MetricData m, ov::MetricData::FromCsv(f.text, std::string(f.name), d->registry));
    ICS_RETURN_IF_ERROR(d->data.Merge(std::move(m)));
  }
  ICS_ASSIGN_OR_RETURN(d->organisations, ov::OrganisationsFromCsv(organisations.text, std::string(organisations.name)));
  for (const std::string& code : d->data.Organisations()) {
    if (ov::FindOrganisation(d->organisations, code)) continue;
    for (const ov::Observation& o : d->data.observations()) {
      if (o.org == code) {
        return InvalidArgument("field \"org\": " + code + " is not in the organisations file " +
                                   std::string(organisations.name),
                               o.where);
      }
    }
  }
  return std::shared_ptr<const OversightData>(std::move(d));
}

Result<std::vector<SeriesEvent>> PlantedEventsFromJson(std::string_view text, const std::string& source) {
  using nlohmann::json;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("events") || !doc["events"].is_array()) {
    return InvalidArgument("expected an object with an \"events\" array", source);
  }
  std::vector<SeriesEvent> out;
  for (size_t i = 0; i < doc["events"].size(); ++i) {
    const json& e = doc["events"][i];
    const std::string where = source + ": /events/" + std::to_string(i);
    if (!e.is_object() || !e.value("org", json()).is_string() || !e.value("metric", json()).is_string() ||
        !e.value("from", json()).is_string()) {
      return InvalidArgument("an event needs org, metric and from (YYYY-MM)", where);
    }
    auto date = oversight::ParsePeriod(e["from"].get<std::string>());
    if (!date) return InvalidArgument("from: not YYYY-MM", where);
    std::string label = "Planted in the synthetic data: " + e.value("kind", std::string("event"));
    if (e.contains("change") && e["change"].is_number()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%+g", e["change"].get<double>());
      label += std::string(" of ") + buf;
      if (e.value("months", 1) > 1) label += " a month for " + std::to_string(e.value("months", 1)) + " months";
    }
    if (e.contains("story") && e["story"].is_string()) label += " (" + e["story"].get<std::string>() + ")";
    out.push_back({e["org"].get<std::string>(), e["metric"].get<std::string>(), *date, label});
  }
  return out;
}

namespace {
// Why the demo did not load, when it did not.
struct DemoLoad {
  std::shared_ptr<const OversightData> data;
  Status error;
};

DemoLoad LoadDemo() {
  std::vector<NamedText> files = OversightDemoFiles();
  if (files.empty()) return {nullptr, Status(StatusCode::kUnavailable, "the oversight demo data was not compiled in")};
  std::vector<NamedText> metrics;
  const NamedText* planted = nullptr;
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i].name.ends_with(".json")) planted = &files[i];
    else metrics.push_back(files[i]);
  }
  auto d = LoadOversightData(files.front(), metrics, "data/demo (synthetic)");
  if (!d.ok()) return {nullptr, d.status()};
  if (!planted) return {*d, Status::Ok()};
  auto events = PlantedEventsFromJson(planted->text, std::string(planted->name));
  if (!events.ok()) return {nullptr, events.status()};
  auto with_events = std::make_shared<OversightData>(**d);
  with_events->events = std::move(*events);
  return {with_events, Status::Ok()};
}
}  // namespace

std::shared_ptr<const OversightData> DemoOversightData() {
  static const DemoLoad demo = LoadDemo();
  return demo.data;
}

void AddOversightRoutes(Router& router, std::shared_ptr<const OversightData> data) {
  if (!data) {
    Status why = LoadDemo().error;
    if (why.ok()) why = Status(StatusCode::kUnavailable, "no oversight data is loaded");
    router.Get("/api/v1/oversight/{what}", Access::Public(), [why](const Request&) {
      return ErrorFor(Status(StatusCode::kUnavailable, why.message(), why.where()));
    }, "Oversight (no data loaded)");
    return;
  }
  const Access published = Access::Public();
  const Access quality_group = Access::Roles({Role::kOversight, Role::kAnalyst, Role::kBoardMember});

  auto metrics_json = std::make_shared<const std::string>(ov::MetricsJson(data->registry));
  router.Get("/api/v1/oversight/metrics", published, [metrics_json](const Request&) { return Api(*metrics_json); },
             "The oversight metric registry, as ics oversight metrics --json");

  auto orgs_json = std::make_shared<const std::string>(OrganisationsJson(*data));
  router.Get("/api/v1/oversight/organisations", published, [orgs_json](const Request&) { return Api(*orgs_json); },
             "Organisations and systems with metric series, and the framework years");

  router.Get("/api/v1/oversight/summary", published, [data](const Request& r) {
    return Answer(Summary(*data, r.Query("org").value_or(""), r.Query("metric").value_or("")));
  }, "Making Data Count readings of every series, as ics oversight summary --systems --json");

  router.Get("/api/v1/oversight/organisations/{code}", published, [data](const Request& r) {
    return Answer(Summary(*data, r.params.at("code"), ""));
  }, "One organisation's (or system's) readings, as ics oversight summary --systems --org CODE --json");

  router.Get("/api/v1/oversight/organisations/{code}/metrics/{metric}", published, [data](const Request& r) {
    return Answer(SeriesChart(*data, r.params.at("code"), r.params.at("metric"), r.Query("rebase").value_or("")));
  }, "One series as an XmR chart, as ics spc --json");

  router.Get("/api/v1/oversight/organisations/{code}/metrics/{metric}/events", published, [data](const Request& r) {
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    for (const SeriesEvent& e : data->events) {
      if (e.org == r.params.at("code") && e.metric == r.params.at("metric")) {
        events.push_back({{"date", e.date.ToIso()}, {"label", e.label}});
      }
    }
    return Api(nlohmann::ordered_json{{"events", events}}.dump(2) + "\n");
  }, "Events to annotate a series' chart with (PDSA cycles, service changes; the demo's planted events)");

  router.Get("/api/v1/oversight/segmentation", published,
             [data](const Request& r) { return Answer(Segmentation(*data, r)); },
             "Oversight segments of a framework year, as ics oversight segment --json");

  router.Get("/api/v1/oversight/league", published, [data](const Request& r) { return Answer(League(*data, r)); },
             "A league table on a metric or the segmentation, as ics oversight league --json");

  router.Get("/api/v1/oversight/escalation", quality_group,
             [data](const Request& r) { return Answer(Escalation(*data, r)); },
             "Quality escalation levels for the system quality group, as ics oversight escalation --json");
}

}  // namespace ics::api
