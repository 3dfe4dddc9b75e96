// libFuzzer target for the oversight readers and engines: any bytes are read as a metrics
// CSV, an organisations CSV (text), or a registry, segmentation rule set and quality
// trigger file (JSON, text starting with '{'). Whatever loads is then used: segmentation,
// league tables, SPC readings of the series and escalation. The result must be a value or
// a located error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "oversight/league.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/quality.h"
#include "oversight/rule_set.h"
#include "oversight/segmentation.h"
#include "oversight/series.h"

namespace ov = ics::oversight;

namespace {

// A failed read must say where.
template <typename T>
void CheckLocated(const ics::Result<T>& r) {
  if (!r.ok() && r.status().where().empty()) __builtin_trap();
}

const ov::MetricRegistry& Registry() {
  static const ov::MetricRegistry registry = *ov::MetricRegistry::Builtin();
  return registry;
}

std::vector<ov::Organisation> Everyone(const ov::MetricData& data) {
  std::vector<ov::Organisation> out;
  for (const std::string& code : data.Organisations()) {
    ov::Organisation o;
    o.code = code;
    o.name = code;
    o.peer_group = out.size() % 2 ? "acute" : "all";
    o.financial_deficit = out.size() % 3 == 0;
    o.cqc_rating = out.size() % 4 == 0 ? "inadequate" : "";
    out.push_back(std::move(o));
  }
  return out;
}

void UseData(const ov::MetricData& data, const ov::SegmentationRuleSet& rules, const ov::QualityRules& quality) {
  std::vector<ov::Organisation> orgs = Everyone(data);
  auto values = ov::ReportingValues(data, rules.reporting_value.value);
  auto seg = ov::Segment(rules, Registry(), orgs, values);
  if (seg.ok()) (void)ov::SegmentationLeague(*seg);
  for (const ov::MetricDefinition& m : Registry().metrics()) {
    ov::LeagueOptions o;
    o.highest_first = true;
    (void)ov::MetricLeague(m, values, orgs, o);
  }
  std::vector<ov::QualityFacts> facts(orgs.size());
  for (size_t i = 0; i < orgs.size(); ++i) {
    facts[i].organisation = &orgs[i];
    if (seg.ok()) facts[i].segment = seg->organisations[i].segment;
  }
  for (const ov::MetricSeries& s : data.AllSeries()) {
    auto reading = ov::ReadSeries(s, *Registry().Find(s.metric));
    if (!reading.ok()) continue;
    for (size_t i = 0; i < orgs.size(); ++i) {
      if (orgs[i].code == s.org) facts[i].readings.push_back(*reading);
    }
  }
  (void)ov::Escalate(quality, Registry(), facts);
  std::vector<std::string> members = data.Organisations();
  if (!members.empty()) {
    for (const std::string& metric : data.Metrics()) {
      (void)ov::SystemSeries(data, *Registry().Find(metric), "QJ2", members);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  static const ov::SegmentationRuleSet kRules = *ov::BuiltinRuleSet("2025/26", Registry());
  static const ov::QualityRules kQuality = *ov::QualityRules::Builtin(Registry());
  static const ov::MetricData kDemo = *ov::MetricData::FromCsv(
      "org,metric,period,value,denominator\nA,ae_4hr,2025-01,71,100\nA,ae_4hr,2025-02,75,100\n"
      "B,ae_4hr,2025-01,80,50\nB,staff_sickness,2025-02,5.1,\n",
      "seed.csv", Registry());
  if (!text.empty() && text.front() == '{') {
    auto registry = ov::MetricRegistry::FromJson(text, "fuzz.json");
    CheckLocated(registry);
    auto rules = ov::SegmentationRuleSet::FromJson(text, "fuzz.json", Registry());
    CheckLocated(rules);
    if (rules.ok()) UseData(kDemo, *rules, kQuality);
    auto quality = ov::QualityRules::FromJson(text, "fuzz.json", Registry());
    CheckLocated(quality);
    if (quality.ok()) UseData(kDemo, kRules, *quality);
    return 0;
  }
  ov::DataLimits limits;
  limits.max_records = 20'000;
  auto data = ov::MetricData::FromCsv(text, "fuzz.csv", Registry(), limits);
  CheckLocated(data);
  if (data.ok()) UseData(*data, kRules, kQuality);
  auto orgs = ov::OrganisationsFromCsv(text, "fuzz.csv");
  CheckLocated(orgs);
  return 0;
}
