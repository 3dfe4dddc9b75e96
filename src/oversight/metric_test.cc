#include "oversight/metric.h"

#include <gtest/gtest.h>

#include "oversight/builtin_data.h"
#include "oversight/quality.h"
#include "oversight/rule_set.h"

namespace ics::oversight {
namespace {

TEST(Metric, BuiltinRegistryDescribesTheDemoMetrics) {
  auto r = MetricRegistry::Builtin();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const MetricDefinition* ae = r->Find("ae_4hr");
  ASSERT_NE(ae, nullptr);
  EXPECT_EQ(ae->polarity, Polarity::kHigherIsBetter);
  ASSERT_TRUE(ae->target.has_value());
  EXPECT_EQ(ae->target->value, 78);
  EXPECT_EQ(ae->target->status, Provenance::kRecalled);
  const MetricDefinition* beds = r->Find("bed_occupancy");
  ASSERT_NE(beds, nullptr);
  EXPECT_TRUE(beds->Better(90, 95));
  EXPECT_EQ(DirectionOf(beds->polarity), improvement::ImprovementDirection::kDecrease);
  EXPECT_EQ(beds->CheckValue(101), "a percentage must lie in 0..100");
  EXPECT_EQ(r->Find("never_events")->CheckValue(1.5), "a count must be a whole number");
  auto unknown = r->Require("ae_4h", "m.csv:7");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().where(), "m.csv:7");
  EXPECT_NE(unknown.status().message().find("did you mean \"ae_4hr\""), std::string::npos);
}

TEST(Metric, EveryBuiltinFileLoads) {
  auto r = MetricRegistry::Builtin();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(BuiltinRuleSetYears(), (std::vector<std::string>{"2022/23", "2025/26", "2026/27"}));
  for (const std::string& year : BuiltinRuleSetYears()) {
    auto rules = BuiltinRuleSet(year, *r);
    EXPECT_TRUE(rules.ok()) << year << ": " << rules.status().ToString();
  }
  auto q = QualityRules::Builtin(*r);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
}

TEST(Metric, RegistryErrorsArePointed) {
  auto bad = MetricRegistry::FromJson(R"({"metrics": [{"id": "x", "name": "X", "definition": "d",
      "polarity": "up", "unit": "percent", "frequency": "monthly", "source": "s"}]})", "reg.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "reg.json: /metrics/0/polarity");
  auto syntax = MetricRegistry::FromJson("{\n  \"metrics\": [\n    }\n", "reg.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().where(), "reg.json:3:5");
  std::string deep(200, '[');
  auto nested = MetricRegistry::FromJson(deep, "deep.json");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("nested more than 64"), std::string::npos);
}

TEST(RuleSet, RefusesBandsInTheWrongOrderAndUnknownMetrics) {
  auto r = MetricRegistry::Builtin();
  ASSERT_TRUE(r.ok());
  auto text = BuiltinDataText("nof_2025_26.json");
  ASSERT_TRUE(text.ok());
  std::string swapped(*text);
  swapped.replace(swapped.find("[78, 74, 70]"), 12, "[70, 74, 78]");
  auto bad = SegmentationRuleSet::FromJson(swapped, "nof_2025_26.json", *r);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "nof_2025_26.json: /metrics/0/scoring/cuts");
  std::string unknown(*text);
  unknown.replace(unknown.find("\"rtt_18wk\""), 10, "\"rtt_18wks\"");
  auto u = SegmentationRuleSet::FromJson(unknown, "nof_2025_26.json", *r);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().where(), "nof_2025_26.json: /metrics/1/metric");
  EXPECT_FALSE(RuleSetFileName("2025/27").ok());
  EXPECT_EQ(*RuleSetFileName("2025/26"), "nof_2025_26.json");
  auto missing = BuiltinRuleSet("2019/20", *r);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ics::oversight
