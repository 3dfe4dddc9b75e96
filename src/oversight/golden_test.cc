// Golden cases: every file under tests/golden/oversight. A case gives organisations and
// metric rows as an oversight analyst would tabulate them (a monthly series may be written
// as "start" and "values"), a framework year (optionally patched: "rule_set_patch" is a
// JSON merge patch on the built-in rule set), and what must come out: segments, averages,
// metric scores, ranks and ties, league tables, escalation levels and fired triggers. The
// rows go through the same CSV loaders as `ics oversight`.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "oversight/builtin_data.h"
#include "oversight/league.h"
#include "oversight/metric.h"
#include "oversight/organisations.h"
#include "oversight/quality.h"
#include "oversight/rule_set.h"
#include "oversight/segmentation.h"
#include "oversight/series.h"

namespace ics::oversight {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

fs::path CaseDir() { return fs::path(ICS_SOURCE_DIR) / "tests" / "golden" / "oversight"; }

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  if (!fs::exists(CaseDir())) return out;
  for (const auto& e : fs::directory_iterator(CaseDir())) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  std::ostringstream s;
  s.precision(17);
  s << v.get<double>();
  return s.str();
}

// Rows (objects) as CSV text, columns in first-seen order.
std::string Csv(const json& rows) {
  std::vector<std::string> columns;
  for (const json& r : rows) {
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (std::find(columns.begin(), columns.end(), it.key()) == columns.end()) columns.push_back(it.key());
    }
  }
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += "\n";
  for (const json& r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + (r.contains(columns[i]) ? Cell(r[columns[i]]) : "");
    out += "\n";
  }
  return out;
}

// Metric rows, with {"org", "metric", "start": "YYYY-MM", "values": [...]} expanded.
json ExpandMetrics(const json& rows) {
  json out = json::array();
  for (const json& r : rows) {
    if (!r.contains("values")) {
      out.push_back(r);
      continue;
    }
    Date d = *ParsePeriod(r["start"].get<std::string>());
    for (const json& v : r["values"]) {
      out.push_back({{"org", r["org"]}, {"metric", r["metric"]}, {"period", MonthText(d)}, {"value", v}});
      d = d.AddMonths(1);
    }
  }
  return out;
}

struct Loaded {
  MetricRegistry registry;
  std::vector<Organisation> organisations;
  MetricData data;
  std::optional<SegmentationRuleSet> rules;
};

Loaded Load(const json& c, const std::string& name) {
  Loaded l;
  auto registry = MetricRegistry::Builtin();
  EXPECT_TRUE(registry.ok()) << registry.status().ToString();
  l.registry = *registry;
  auto orgs = OrganisationsFromCsv(Csv(c.at("organisations")), name + " organisations");
  EXPECT_TRUE(orgs.ok()) << orgs.status().ToString();
  if (orgs.ok()) l.organisations = *orgs;
  auto data = MetricData::FromCsv(Csv(ExpandMetrics(c.at("metrics"))), name + " metrics", l.registry);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  if (data.ok()) l.data = *data;
  if (c.contains("year")) {
    const std::string year = c["year"].get<std::string>();
    auto file = RuleSetFileName(year);
    EXPECT_TRUE(file.ok());
    auto text = BuiltinDataText(*file);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    json rules = json::parse(*text);
    if (c.contains("rule_set_patch")) rules.merge_patch(c["rule_set_patch"]);
    auto r = SegmentationRuleSet::FromJson(rules.dump(), *file, l.registry);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) l.rules = *r;
  }
  return l;
}

std::optional<Date> AsOf(const json& c) {
  if (!c.contains("as_of")) return std::nullopt;
  return ParsePeriod(c["as_of"].get<std::string>());
}

void CheckSegmentation(const json& c, const SegmentationResult& r) {
  const json& expected = c.at("expected");
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const OrganisationSegment* seg = nullptr;
    for (const OrganisationSegment& o : r.organisations) {
      if (o.org == it.key()) seg = &o;
    }
    ASSERT_NE(seg, nullptr) << it.key();
    const json& e = it.value();
    std::string reasons;
    for (const std::string& s : seg->reasons) reasons += "\n  " + s;
    for (const std::string& s : seg->warnings) reasons += "\n  warning: " + s;
    SCOPED_TRACE(it.key() + reasons);
    if (e.contains("segment")) {
      if (e["segment"].is_null()) {
        EXPECT_FALSE(seg->segment.has_value());
      } else {
        ASSERT_TRUE(seg->segment.has_value());
        EXPECT_EQ(*seg->segment, e["segment"].get<int>());
      }
    }
    if (e.contains("segment_from_average")) {
      ASSERT_TRUE(seg->segment_from_average.has_value());
      EXPECT_EQ(*seg->segment_from_average, e["segment_from_average"].get<int>());
    }
    if (e.contains("average")) {
      if (e["average"].is_null()) {
        EXPECT_FALSE(seg->average.has_value());
      } else {
        ASSERT_TRUE(seg->average.has_value());
        EXPECT_NEAR(*seg->average, e["average"].get<double>(), 1e-9);
      }
    }
    if (e.contains("rank")) {
      ASSERT_TRUE(seg->rank.has_value());
      EXPECT_EQ(*seg->rank, e["rank"].get<int>());
    }
    if (e.contains("tied")) {
      EXPECT_EQ(seg->tied, e["tied"].get<bool>());
    }
    if (e.contains("scores")) {
      for (auto s = e["scores"].begin(); s != e["scores"].end(); ++s) {
        const ScoredMetric* m = nullptr;
        for (const ScoredMetric& x : seg->metrics) {
          if (x.metric == s.key()) m = &x;
        }
        ASSERT_NE(m, nullptr) << s.key();
        if (s.value().is_null()) {
          EXPECT_FALSE(m->score.has_value()) << s.key() << ": " << m->how;
        } else {
          ASSERT_TRUE(m->score.has_value()) << s.key() << ": " << m->how;
          EXPECT_NEAR(*m->score, s.value().get<double>(), 1e-9) << s.key() << ": " << m->how;
        }
      }
    }
    if (e.contains("flagged")) {
      std::set<std::string> flagged;
      for (const ScoredMetric& m : seg->metrics) {
        if (m.flagged) flagged.insert(m.metric);
      }
      EXPECT_EQ(flagged, e["flagged"].get<std::set<std::string>>());
    }
    if (e.contains("reason_contains")) {
      for (const json& needle : e["reason_contains"]) {
        EXPECT_NE(reasons.find(needle.get<std::string>()), std::string::npos) << needle;
      }
    }
  }
  if (c.contains("expected_unconfirmed")) {
    for (const json& path : c["expected_unconfirmed"]) {
      const std::string p = path.get<std::string>();
      bool found = false;
      for (const UsedValue& u : r.unconfirmed) found = found || u.path.ends_with(p);
      EXPECT_TRUE(found) << "unconfirmed value " << p << " not listed";
    }
  }
  if (c.contains("expected_warning_contains")) {
    std::string all;
    for (const std::string& w : r.warnings) all += w + "\n";
    for (const OrganisationSegment& o : r.organisations) {
      for (const std::string& w : o.warnings) all += o.org + ": " + w + "\n";
    }
    for (const json& needle : c["expected_warning_contains"]) {
      EXPECT_NE(all.find(needle.get<std::string>()), std::string::npos) << needle << "\n" << all;
    }
  }
}

void CheckLeague(const json& c, const LeagueTable& t) {
  std::string table;
  for (const LeagueRow& row : t.rows) table += "\n  " + std::to_string(row.rank) + " " + row.org;
  SCOPED_TRACE(t.title + table);
  const json& rows = c.at("expected_rows");
  ASSERT_EQ(t.rows.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(t.rows[i].org, rows[i][0].get<std::string>()) << "row " << i;
    EXPECT_EQ(t.rows[i].rank, rows[i][1].get<int>()) << "row " << i;
  }
  if (c.contains("expected_unranked")) {
    EXPECT_EQ(t.unranked, c["expected_unranked"].get<std::vector<std::string>>());
  }
}

class OversightGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(OversightGolden, Case) {
  std::ifstream in(CaseDir() / GetParam());
  std::stringstream text;
  text << in.rdbuf();
  const json c = json::parse(text.str());
  SCOPED_TRACE(c.value("description", ""));
  Loaded l = Load(c, GetParam());
  if (HasFailure()) return;
  const std::string kind = c.at("kind").get<std::string>();
  if (kind == "segment" || kind == "league_segment") {
    ASSERT_TRUE(l.rules.has_value());
    std::vector<MetricValue> values = ReportingValues(l.data, l.rules->reporting_value.value, AsOf(c));
    auto r = Segment(*l.rules, l.registry, l.organisations, values);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (kind == "segment") {
      CheckSegmentation(c, *r);
    } else {
      std::optional<std::string> peer;
      if (c.contains("peer_group")) peer = c["peer_group"].get<std::string>();
      CheckLeague(c, SegmentationLeague(*r, peer));
    }
  } else if (kind == "league_metric") {
    const MetricDefinition* d = l.registry.Find(c.at("metric").get<std::string>());
    ASSERT_NE(d, nullptr);
    LeagueOptions o;
    if (c.contains("peer_group")) o.peer_group = c["peer_group"].get<std::string>();
    auto t = MetricLeague(*d, ReportingValues(l.data, ReportingValue::kLatest, AsOf(c)), l.organisations, o);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    CheckLeague(c, *t);
  } else if (kind == "escalation") {
    auto rules = QualityRules::Builtin(l.registry);
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    std::optional<SegmentationResult> seg;
    if (l.rules) {
      auto r = Segment(*l.rules, l.registry, l.organisations,
                       ReportingValues(l.data, l.rules->reporting_value.value, AsOf(c)));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      seg = *r;
    }
    std::vector<QualityFacts> facts;
    for (size_t i = 0; i < l.organisations.size(); ++i) {
      QualityFacts f;
      f.organisation = &l.organisations[i];
      if (seg && seg->organisations[i].segment) {
        f.segment = seg->organisations[i].segment;
        f.segment_source = seg->year + " segmentation";
      } else if (l.organisations[i].recorded_segment) {
        f.segment = l.organisations[i].recorded_segment;
        f.segment_source = "recorded";
      }
      for (const MetricSeries& s : l.data.AllSeries()) {
        if (s.org != l.organisations[i].code) continue;
        auto reading = ReadSeries(s, *l.registry.Find(s.metric));
        ASSERT_TRUE(reading.ok()) << reading.status().ToString();
        f.readings.push_back(*reading);
      }
      facts.push_back(std::move(f));
    }
    EscalationResult result = Escalate(*rules, l.registry, facts);
    const json& expected = c.at("expected");
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const OrganisationEscalation* e = nullptr;
      for (const auto& o : result.organisations) {
        if (o.org == it.key()) e = &o;
      }
      ASSERT_NE(e, nullptr) << it.key();
      std::vector<std::string> fired;
      std::string reasons;
      for (const FiredTrigger& f : e->fired) {
        fired.push_back(f.id);
        reasons += "\n  " + f.id + ": " + f.reason;
      }
      SCOPED_TRACE(it.key() + reasons);
      EXPECT_EQ(std::string(EscalationLevelName(e->level)), it.value().at("level").get<std::string>());
      EXPECT_EQ(fired, it.value().at("fired").get<std::vector<std::string>>());
    }
  } else {
    FAIL() << "unknown kind " << kind;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, OversightGolden, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(OversightGolden, ThereAreCases) { EXPECT_GE(CaseFiles().size(), 8u); }

}  // namespace
}  // namespace ics::oversight
