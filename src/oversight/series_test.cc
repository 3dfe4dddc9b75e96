#include "oversight/series.h"

#include <gtest/gtest.h>

#include <cmath>

#include "oversight/organisations.h"

namespace ics::oversight {
namespace {

MetricRegistry Registry() { return *MetricRegistry::Builtin(); }

TEST(Series, ReadsLongFormWithMissingMonths) {
  auto d = MetricData::FromCsv(
      "org,metric,period,value,denominator,comment\n"
      "RTG,ae_4hr,2025-01,71.2,20000,x\n"
      "RTG,ae_4hr,2025-02,NA,,\n"
      "RTG,ae_4hr,2025-03-01,73.0,21000,\n"
      "RFS,ae_4hr,2025-01,80,8000,\n",
      "m.csv", Registry());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto s = d->SeriesOf("RTG", "ae_4hr");
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->points.size(), 3u);
  EXPECT_TRUE(std::isnan(s->points[1].value));
  EXPECT_EQ(s->points[2].period, (Date{2025, 3, 1}));
  EXPECT_EQ(d->Organisations(), (std::vector<std::string>{"RFS", "RTG"}));
}

TEST(Series, BadRowsNameLineAndField) {
  const MetricRegistry r = Registry();
  struct Case {
    const char* csv;
    const char* where;
    const char* says;
  } cases[] = {
      {"org,metric,period,value\nRTG,ae_4hr,2025-13,70\n", "m.csv:2", "field \"period\""},
      {"org,metric,period,value\nRTG,ae_4hr,2025-01,70\nRTG,ae_4h,2025-02,70\n", "m.csv:3", "did you mean \"ae_4hr\""},
      {"org,metric,period,value\nRTG,ae_4hr,2025-01,seventy\n", "m.csv:2", "field \"value\""},
      {"org,metric,period,value\nRTG,ae_4hr,2025-01,170\n", "m.csv:2", "a percentage must lie in 0..100"},
      {"org,metric,period,value\nRTG,ae_4hr,2025-01,70\nRTG,ae_4hr,2025-01-01,71\n", "m.csv:3", "appears twice (also at m.csv:2)"},
      {"org,metric,period,value,denominator\nRTG,ae_4hr,2025-01,70,0\n", "m.csv:2", "field \"denominator\""},
      {"org,metric,period,value\n,ae_4hr,2025-01,70\n", "m.csv:2", "field \"org\""},
      {"org,metric,value\nRTG,ae_4hr,70\n", "m.csv:1", "no column \"period\""},
  };
  for (const Case& c : cases) {
    auto d = MetricData::FromCsv(c.csv, "m.csv", r);
    ASSERT_FALSE(d.ok()) << c.csv;
    EXPECT_EQ(d.status().where(), c.where) << c.csv;
    EXPECT_NE(d.status().message().find(c.says), std::string::npos) << d.status().message();
  }
}

TEST(Series, MergeRefusesTheSameMonthTwice) {
  const MetricRegistry r = Registry();
  auto a = MetricData::FromCsv("org,metric,period,value\nRTG,ae_4hr,2025-01,70\n", "a.csv", r);
  auto b = MetricData::FromCsv("org,metric,period,value\nRTG,ae_4hr,2025-02,70\nRTG,ae_4hr,2025-01,71\n", "b.csv", r);
  ASSERT_TRUE(a.ok() && b.ok());
  Status s = a->Merge(*b);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where(), "b.csv:3");
  EXPECT_NE(s.message().find("also at a.csv:2"), std::string::npos);
}

TEST(Series, SystemSeriesWeightsByDenominator) {
  const MetricRegistry r = Registry();
  auto d = MetricData::FromCsv(
      "org,metric,period,value,denominator\n"
      "RTG,ae_4hr,2025-01,70,30000\nRFS,ae_4hr,2025-01,80,10000\n"
      "RTG,ae_4hr,2025-02,70,\nRFS,ae_4hr,2025-02,80,10000\n"
      "RFS,ae_4hr,2025-03,81,10000\n",
      "m.csv", r);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::vector<std::string> members = {"RTG", "RFS"};
  std::vector<std::string> warnings;
  MetricSeries s = SystemSeries(*d, *r.Find("ae_4hr"), "QJ2", members, &warnings);
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_DOUBLE_EQ(s.points[0].value, 72.5);  // (70 x 30000 + 80 x 10000) / 40000
  EXPECT_DOUBLE_EQ(s.points[1].value, 75);    // a missing denominator: the mean
  EXPECT_DOUBLE_EQ(s.points[2].value, 81);    // only RFS that month
  ASSERT_EQ(warnings.size(), 1u);
}

TEST(Series, ReadingUsesPolarityAndTarget) {
  const MetricRegistry r = Registry();
  std::string csv = "org,metric,period,value\n";
  Date d{2023, 1, 1};
  for (int i = 0; i < 24; ++i) {
    csv += "RTG,bed_occupancy," + MonthText(d) + "," + (i < 17 ? (i % 2 ? "90" : "91") : "97") + "\n";
    d = d.AddMonths(1);
  }
  auto data = MetricData::FromCsv(csv, "m.csv", r);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  auto reading = ReadSeries(*data->SeriesOf("RTG", "bed_occupancy"), *r.Find("bed_occupancy"));
  ASSERT_TRUE(reading.ok());
  // Occupancy going up is a concern (lower is better).
  EXPECT_EQ(reading->latest_point_type, improvement::PointType::kConcern);
  EXPECT_EQ(reading->variation, improvement::VariationIcon::kConcernHigh);
  EXPECT_EQ(reading->latest, 97);
}

TEST(Organisations, ReadsAndRefuses) {
  auto o = OrganisationsFromCsv(
      "org,name,peer_group,financial_deficit,cqc_rating,segment,flags\n"
      "RTG,University Hospitals of Derby and Burton,Acute,yes,Requires Improvement,3,never_event; other\n"
      "RFS,Chesterfield Royal Hospital,acute,,good,,\n",
      "o.csv");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ((*o)[0].peer_group, "acute");
  EXPECT_EQ((*o)[0].financial_deficit, std::optional<bool>(true));
  EXPECT_EQ((*o)[0].cqc_rating, "requires improvement");
  EXPECT_EQ((*o)[0].recorded_segment, std::optional<int>(3));
  EXPECT_TRUE((*o)[0].HasFlag("never_event"));
  EXPECT_TRUE((*o)[0].HasFlag("other"));
  EXPECT_FALSE((*o)[1].financial_deficit.has_value());
  auto bad = OrganisationsFromCsv("org,name,peer_group,segment\nRTG,x,acute,6\n", "o.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().where(), "o.csv:2");
  auto dup = OrganisationsFromCsv("org,name,peer_group\nRTG,x,acute\nRTG,y,acute\n", "o.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("also at o.csv:2"), std::string::npos);
  auto rating = OrganisationsFromCsv("org,name,peer_group,cqc_rating\nRTG,x,acute,fine\n", "o.csv");
  EXPECT_FALSE(rating.ok());
}

}  // namespace
}  // namespace ics::oversight
