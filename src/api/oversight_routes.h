// The oversight routes: the metric registry, the organisations with metric series, the
// Making Data Count reading of every organisation's and system's series, one series as an
// XmR chart, the segmentation of a framework year, league tables and the quality escalation
// levels. Every body is the text the CLI prints for the same inputs (`ics oversight ...
// --json`, `ics spc FILE --json`), built by the same functions (oversight/report_json.h,
// improvement/series_json.h).
//
// Who may read what: NHS England publishes the oversight metrics, the segmentation and the
// league tables, so those routes are public. The quality escalation levels are the system
// quality group's working judgements, not published: oversight, analyst and board member
// roles only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.h"
#include "base/date.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/series.h"

namespace ics::api {

// A file's name (as messages name it) and text.
struct NamedText {
  std::string_view name;
  std::string_view text;
};

// The synthetic demo data compiled in (embed_oversight_demo.cmake): data/demo/organisations.csv
// first, then data/demo/metrics/*.csv in name order, then data/demo/planted.json.
std::vector<NamedText> OversightDemoFiles();

// Something that happened to a series, drawn on its chart as an annotation (a PDSA cycle, a
// service change; in the demo, the events planted in the synthetic series).
struct SeriesEvent {
  std::string org;
  std::string metric;
  Date date;
  std::string label;
};

// What the routes read: loaded once, immutable afterwards.
struct OversightData {
  std::string source;  // "data/demo (synthetic)"
  oversight::MetricRegistry registry;
  oversight::MetricData data;
  std::vector<oversight::Organisation> organisations;
  std::vector<SeriesEvent> events;
};

// The events of data/demo/planted.json ({"events": [{org, metric, from: "YYYY-MM", kind,
// change, story, expect}]}), labelled as planted in synthetic data.
Result<std::vector<SeriesEvent>> PlantedEventsFromJson(std::string_view text, const std::string& source);

// Loads the way `ics oversight --metrics FILE... --orgs FILE` does (the built-in registry):
// `organisations` is the organisations CSV, `metrics` the metric CSVs in order. Errors name
// file and line; an organisation in the metrics but not in the organisations file is refused.
Result<std::shared_ptr<const OversightData>> LoadOversightData(const NamedText& organisations,
                                                               const std::vector<NamedText>& metrics,
                                                               std::string source);

// The compiled-in demo (OversightDemoFiles). A failure to load it (a bug: a test loads it)
// leaves the data empty and every oversight route answers 503 with the reason.
std::shared_ptr<const OversightData> DemoOversightData();

// Adds (all GET):
//   /api/v1/oversight/metrics                    = ics oversight metrics --json
//   /api/v1/oversight/organisations              the organisations and systems with series,
//                                                 their metrics, and the framework years
//   /api/v1/oversight/summary[?org=&metric=]     = ics oversight summary --systems --json
//   /api/v1/oversight/organisations/{code}       = ... summary --systems --org CODE --json
//   /api/v1/oversight/organisations/{code}/metrics/{metric}[?rebase=DATE,DATE]
//                                                = ics spc FILE --date period --value value
//                                                  --improvement (polarity) --target (target)
//                                                  [--rebase DATE...] --json
//   /api/v1/oversight/organisations/{code}/metrics/{metric}/events
//                                                {"events": [{date, label}]}, for annotations
//   /api/v1/oversight/segmentation?year=[&as_of=&peer_group=]  = ics oversight segment --json
//   /api/v1/oversight/league?metric=ID[&peer_group=&order=&as_of=]
//                          | ?segmentation=true&year=[...]      = ics oversight league --json
//   /api/v1/oversight/escalation?year=[&as_of=]  = ics oversight escalation --json (restricted)
// The year defaults to 2025/26.
void AddOversightRoutes(Router& router, std::shared_ptr<const OversightData> data);

}  // namespace ics::api
