// Unit tests for the qicharts2 chart families: formulas, parts, freeze, exclusions,
// multiply and the policies for undefined limits.
#include "improvement/qic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "improvement/preset.h"
#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

QicInput Input(const std::vector<double>& y, const std::vector<double>& n = {}) {
  QicInput in;
  in.has_n = !n.empty();
  for (size_t i = 0; i < y.size(); ++i) {
    QicRow r;
    r.x = static_cast<double>(i + 1);
    r.x_label = std::to_string(i + 1);
    r.y = y[i];
    if (in.has_n) r.n = n[i];
    in.rows.push_back(r);
  }
  return in;
}

TEST(Qic, RunChartUsesTheMedianAndHasNoLimits) {
  QicOptions o;
  auto r = AnalyseQic(Input({1, 5, 2, 8, 3}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subgroups[0].cl, 3.0);
  EXPECT_TRUE(std::isnan(r->subgroups[0].ucl));
  EXPECT_EQ(r->subgroups[0].n_useful, 4);
}

TEST(Qic, IChartUses3Over1128AndScreensOnce) {
  QicOptions o;
  o.chart = QicChart::kI;
  o.screened_mr = false;
  auto r = AnalyseQic(Input({1, 3, 1, 3, 1}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->subgroups[0].cl, 1.8, 1e-12);
  EXPECT_NEAR(r->subgroups[0].ucl, 1.8 + 3 * 2 / 1.128, 1e-12);
  EXPECT_NEAR(r->subgroups[0].ucl_95, 1.8 + 2 * 2 / 1.128, 1e-12);
}

TEST(Qic, ExcludedPointsAreBridgedByTheMovingRange) {
  QicOptions o;
  o.chart = QicChart::kI;
  o.screened_mr = false;
  o.exclude = {2};
  auto r = AnalyseQic(Input({1, 100, 2, 1, 2}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->subgroups[0].cl, 1.5, 1e-12);
  EXPECT_NEAR(r->subgroups[0].ucl, 1.5 + 3 * 1 / 1.128, 1e-12);
  EXPECT_FALSE(r->subgroups[1].include);
  EXPECT_TRUE(r->subgroups[1].sigma_signal);  // signals are shown for excluded points too
}

TEST(Qic, FreezeIsIgnoredWhenPartsAreGiven) {
  QicOptions o;
  o.chart = QicChart::kC;
  o.freeze = 3;
  o.part = {3};
  auto r = AnalyseQic(Input({1, 2, 3, 10, 10, 10}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subgroups[0].part, 1);
  EXPECT_EQ(r->subgroups[3].part, 2);
  EXPECT_TRUE(r->subgroups[5].baseline);
  EXPECT_NEAR(r->subgroups[0].cl, 2, 1e-12);
  EXPECT_NEAR(r->subgroups[3].cl, 10, 1e-12);
  ASSERT_EQ(r->summary.size(), 2u);
}

TEST(Qic, PChartClampsAndMultiplies) {
  QicOptions o;
  o.chart = QicChart::kP;
  o.multiply = 100;
  auto r = AnalyseQic(Input({1, 0, 2, 9}, {10, 10, 10, 10}), o);
  ASSERT_TRUE(r.ok());
  const double cl = 12.0 / 40;
  EXPECT_NEAR(r->subgroups[0].cl, 100 * cl, 1e-9);
  EXPECT_NEAR(r->subgroups[0].ucl, 100 * (cl + 3 * std::sqrt(cl * (1 - cl) / 10)), 1e-9);
  EXPECT_EQ(r->subgroups[0].lcl, 0.0);
}

TEST(Qic, DenominatorChartsNeedN) {
  QicOptions o;
  o.chart = QicChart::kU;
  EXPECT_FALSE(AnalyseQic(Input({1, 2, 3}), o).ok());
}

TEST(Qic, TChartRejectsNonPositiveTimes) {
  QicOptions o;
  o.chart = QicChart::kT;
  EXPECT_FALSE(AnalyseQic(Input({1, 0, 3}), o).ok());
  auto r = AnalyseQic(Input({1, 2, 3, 2, 1}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_GE(r->subgroups[0].lcl, 0.0);
}

TEST(Qic, GChartShowsTheMedian) {
  QicOptions o;
  o.chart = QicChart::kG;
  auto r = AnalyseQic(Input({1, 2, 3, 4, 10}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subgroups[0].cl, 3.0);
  EXPECT_NEAR(r->subgroups[0].ucl, 4 + 3 * std::sqrt(4 * 5.0), 1e-12);
  EXPECT_EQ(r->subgroups[0].lcl, 0.0);
}

TEST(Qic, XbarAndSOfSubgroupsOfOneHaveNoLimits) {
  QicInput in = Input({1, 2, 3});
  QicOptions o;
  o.chart = QicChart::kXbar;
  auto r = AnalyseQic(in, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->subgroups[0].ucl));
  EXPECT_FALSE(r->warnings.empty());
}

TEST(Qic, ConstantSeriesNeverSignals) {
  QicOptions o;
  o.chart = QicChart::kI;
  auto r = AnalyseQic(Input(std::vector<double>(10, 5.0)), o);
  ASSERT_TRUE(r.ok());
  for (const auto& s : r->subgroups) {
    EXPECT_FALSE(s.sigma_signal);
    EXPECT_FALSE(s.runs_signal);
  }
  EXPECT_EQ(r->subgroups[0].n_useful, 0);
  EXPECT_FALSE(r->warnings.empty());
}

TEST(Qic, MrChartNeverHasARunsSignal) {
  QicOptions o;
  o.chart = QicChart::kMr;
  auto r = AnalyseQic(Input({1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->subgroups[0].y));
  for (const auto& s : r->subgroups) EXPECT_FALSE(s.runs_signal);
}

TEST(Preset, ChartsBelongToOnePreset) {
  auto xmr = ParseChart("xmr");
  ASSERT_TRUE(xmr.ok());
  EXPECT_EQ(xmr->preset, Preset::kMdc);
  auto i = ParseChart("i");
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->preset, Preset::kQicharts2);
  EXPECT_FALSE(CheckPresetMatches(Preset::kMdc, *i).ok());
  EXPECT_FALSE(CheckPresetMatches(Preset::kQicharts2, *xmr).ok());
  EXPECT_FALSE(ParseChart("np").ok());
}

}  // namespace
}  // namespace ics::improvement
