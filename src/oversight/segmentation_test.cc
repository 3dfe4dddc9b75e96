#include "oversight/segmentation.h"

#include <gtest/gtest.h>

namespace ics::oversight {
namespace {

Organisation Org(std::string code, std::string name, std::string peer_group) {
  Organisation o;
  o.code = std::move(code);
  o.name = std::move(name);
  o.peer_group = std::move(peer_group);
  return o;
}

TEST(Quartiles, RankRuleSharesTiesAndCoversSmallGroups) {
  std::vector<double> v = {1, 2, 2, 3};
  EXPECT_EQ(CompetitionRanks(v), (std::vector<int>{1, 2, 2, 4}));
  EXPECT_EQ(Quartiles(v, QuartileRule::kRank), (std::vector<int>{1, 2, 2, 4}));
  std::vector<double> one = {5};
  EXPECT_EQ(Quartiles(one, QuartileRule::kRank), (std::vector<int>{1}));
  std::vector<double> two = {5, 6};
  EXPECT_EQ(Quartiles(two, QuartileRule::kRank), (std::vector<int>{1, 3}));
  std::vector<double> nearly = {1.0, 1.0 + 1e-12, 2};
  EXPECT_EQ(CompetitionRanks(nearly), (std::vector<int>{1, 1, 3}));
}

TEST(Quartiles, QuantileRuleFollowsRType7) {
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7};  // quartiles 2.5, 4, 5.5
  EXPECT_EQ(Quartiles(v, QuartileRule::kQuantile), (std::vector<int>{1, 1, 2, 2, 3, 4, 4}));
  EXPECT_EQ(Quartiles(v, QuartileRule::kRank), (std::vector<int>{1, 1, 2, 2, 3, 3, 4}));
}

TEST(ReportingValues, LatestAndQuarterMeanAsOf) {
  MetricRegistry r = *MetricRegistry::Builtin();
  auto d = MetricData::FromCsv(
      "org,metric,period,value\nRTG,ae_4hr,2025-01,70\nRTG,ae_4hr,2025-02,72\nRTG,ae_4hr,2025-03,\n"
      "RTG,ae_4hr,2025-04,77\nRFS,ae_4hr,2025-05,80\n",
      "m.csv", r);
  ASSERT_TRUE(d.ok());
  auto latest = ReportingValues(*d, ReportingValue::kLatest, Date{2025, 3, 1});
  ASSERT_EQ(latest.size(), 1u);  // RFS has nothing by March
  EXPECT_EQ(latest[0].value, 72);
  EXPECT_EQ(latest[0].period, (Date{2025, 2, 1}));
  auto quarter = ReportingValues(*d, ReportingValue::kQuarterMean);
  ASSERT_EQ(quarter.size(), 2u);
  EXPECT_EQ(quarter[1].org, "RTG");
  EXPECT_DOUBLE_EQ(quarter[1].value, (72 + 77) / 2.0);  // Feb-Apr, March missing
}

TEST(Segment, RefusesValuesOfUnlistedOrganisations) {
  MetricRegistry r = *MetricRegistry::Builtin();
  auto rules = BuiltinRuleSet("2025/26", r);
  ASSERT_TRUE(rules.ok());
  std::vector<Organisation> orgs = {Org("RTG", "UHDB", "acute")};
  std::vector<MetricValue> values = {{"RFS", "ae_4hr", 70, Date{2025, 1, 1}, std::nullopt, "m.csv:2"}};
  auto s = Segment(*rules, r, orgs, values);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().where(), "m.csv:2");
}

TEST(Segment, PeerGroupAllScoresEveryMetricAndListsUnconfirmedValues) {
  MetricRegistry r = *MetricRegistry::Builtin();
  auto rules = BuiltinRuleSet("2025/26", r);
  ASSERT_TRUE(rules.ok());
  std::vector<Organisation> orgs = {Org("A", "A", "all"), Org("B", "B", "all")};
  std::vector<MetricValue> values = {{"A", "ae_4hr", 80, Date{2025, 1, 1}, std::nullopt, ""},
                                     {"B", "ae_4hr", 71, Date{2025, 1, 1}, std::nullopt, ""},
                                     {"B", "bed_occupancy", 95, Date{2025, 1, 1}, std::nullopt, ""}};
  auto s = Segment(*rules, r, orgs, values);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->organisations[0].segment, std::optional<int>(1));
  EXPECT_EQ(s->organisations[1].segment, std::optional<int>(3));
  bool contextual = false;
  for (const ScoredMetric& m : s->organisations[1].metrics) {
    if (m.metric == "bed_occupancy") contextual = !m.score && m.how.find("contextual") != std::string::npos;
  }
  EXPECT_TRUE(contextual);
  EXPECT_FALSE(s->unconfirmed.empty());
  for (const UsedValue& u : s->unconfirmed) EXPECT_FALSE(Confirmed(u.status)) << u.path;
}

}  // namespace
}  // namespace ics::oversight
