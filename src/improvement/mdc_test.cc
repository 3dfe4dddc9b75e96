// Unit tests for the Making Data Count XmR engine: limits, rules, icons and the stated
// policies for missing values, constant series and short series.
#include "improvement/mdc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "improvement/r_stats.h"

namespace ics::improvement {
namespace {

std::vector<MdcPoint> Series(const std::vector<double>& values) {
  std::vector<MdcPoint> out;
  Date d{2021, 1, 1};
  for (double v : values) {
    out.push_back({d, v});
    d = d.AddMonths(1);
  }
  return out;
}

TEST(Mdc, VignetteScreenedAndUnscreenedLimits) {
  std::vector<double> y{1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1};
  auto screened = AnalyseMdc(Series(y), MdcOptions{});
  ASSERT_TRUE(screened.ok());
  EXPECT_NEAR(screened->groups[0].mean, 35.0 / 18, 1e-12);
  EXPECT_NEAR(screened->groups[0].amr, 1.0, 1e-12);
  EXPECT_NEAR(screened->groups[0].upl, 35.0 / 18 + 2.66, 1e-12);
  EXPECT_EQ(screened->points[4].special_cause_type, SpecialCauseType::kAboveUcl);
  EXPECT_EQ(screened->points[4].point_type, PointType::kImprovement);

  MdcOptions excel;
  excel.screen_outliers = false;
  auto unscreened = AnalyseMdc(Series(y), excel);
  ASSERT_TRUE(unscreened.ok());
  EXPECT_NEAR(unscreened->groups[0].amr, 32.0 / 17, 1e-12);
}

TEST(Mdc, PointOnTheMeanBreaksAShift) {
  // Mean is exactly 0: six points above, one on the mean, then six above again.
  std::vector<double> y{1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, -6, -6};
  auto r = AnalyseMdc(Series(y), MdcOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_DOUBLE_EQ(r->groups[0].mean, 0.0);
  for (size_t i = 0; i < 13; ++i) {
    EXPECT_NE(r->points[i].special_cause_type, SpecialCauseType::kShiftAbove) << i;
  }
}

TEST(Mdc, TrendTiesBreakAndDirectionComesFromTheDifferences) {
  // A wide baseline keeps the trend inside the limits (outside points take precedence).
  std::vector<double> rising{0, 10, 0, 10, 0, 10, 4, 4.5, 5, 5.5, 6, 6.5, 7, 0, 10};
  auto r = AnalyseMdc(Series(rising), MdcOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->points[5].special_cause_type, SpecialCauseType::kTrendIncreasing);
  for (size_t i = 6; i <= 12; ++i) {
    EXPECT_EQ(r->points[i].special_cause_type, SpecialCauseType::kTrendIncreasing) << i;
  }
  EXPECT_EQ(r->points[13].special_cause_type, SpecialCauseType::kCommonCause);

  std::vector<double> tie{1, 2, 3, 3, 4, 5, 6, 7};
  auto t = AnalyseMdc(Series(tie), MdcOptions{});
  ASSERT_TRUE(t.ok());
  for (const auto& p : t->points) {
    EXPECT_NE(p.special_cause_type, SpecialCauseType::kTrendIncreasing);
  }
}

TEST(Mdc, DecreasingDirectionFlipsImprovementAndIcons) {
  std::vector<double> y{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  for (size_t i = 0; i < y.size(); ++i) y[i] += 0.01 * static_cast<double>(i % 3);
  MdcOptions o;
  o.direction = ImprovementDirection::kDecrease;
  o.target = 10;
  auto r = AnalyseMdc(Series(y), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->points.back().point_type, PointType::kImprovement);
  EXPECT_EQ(*r->variation_icon, VariationIcon::kImprovementLow);
  // target 10 is above the upper limit: for "decrease" that is a consistent pass.
  EXPECT_EQ(*r->assurance_type, AssuranceType::kConsistentPass);
}

TEST(Mdc, RebaseStartsANewGroupAndAssuranceUsesTheLastGroup) {
  std::vector<double> y;
  for (int i = 0; i < 20; ++i) y.push_back(i < 10 ? 10 + (i % 2) : 100 + (i % 2));
  auto pts = Series(y);
  MdcOptions o;
  o.rebase_dates = {pts[10].date, Date{1999, 1, 1}};  // a date matching no row is ignored
  o.target = 50;
  auto r = AnalyseMdc(pts, o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->groups.size(), 2u);
  EXPECT_EQ(r->points[9].rebase_group, 0);
  EXPECT_EQ(r->points[10].rebase_group, 1);
  EXPECT_NEAR(r->groups[1].mean, 100.5, 1e-12);
  EXPECT_EQ(*r->assurance_type, AssuranceType::kConsistentPass);  // 50 < last group's lpl
  EXPECT_TRUE(r->points[0].short_group_warning);
  EXPECT_FALSE(r->warnings.empty());
}

TEST(Mdc, FixAfterNPointsUsesTheBaselineOnly) {
  std::vector<double> y{1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 50, 50, 50};
  MdcOptions o;
  o.fix_after_n_points = 12;
  auto r = AnalyseMdc(Series(y), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->groups[0].mean, 1.5, 1e-12);
  EXPECT_EQ(r->points[14].special_cause_type, SpecialCauseType::kAboveUcl);
  o.fix_after_n_points = 11;
  EXPECT_FALSE(AnalyseMdc(Series(y), o).ok());
}

TEST(Mdc, ConstantSeriesHasUndefinedLimitsAndAWarning) {
  auto r = AnalyseMdc(Series(std::vector<double>(15, 4.0)), MdcOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->groups[0].upl));
  for (const auto& p : r->points) EXPECT_EQ(p.point_type, PointType::kCommonCause);
  EXPECT_FALSE(r->warnings.empty());

  MdcOptions excel;
  excel.screen_outliers = false;
  excel.target = 4;
  auto u = AnalyseMdc(Series(std::vector<double>(15, 4.0)), excel);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->groups[0].upl, 4.0);
  EXPECT_FALSE(u->warnings.empty());
  EXPECT_EQ(*u->assurance_type, AssuranceType::kInconsistent);  // target == upl: not above
}

TEST(Mdc, MissingValuesAreCommonCauseAndTrendWindowsWithThemAreNoTrend) {
  std::vector<double> y{0, 10, 0, 10, 0, 10, 4, 4.5, kNa, 5.5, 6, 6.5, 7, 7.5, 8, 8.5};
  auto r = AnalyseMdc(Series(y), MdcOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->points[8].relative_to_mean.has_value());
  EXPECT_FALSE(r->points[8].outside_limits.has_value());
  EXPECT_EQ(r->points[8].point_type, PointType::kCommonCause);
  EXPECT_EQ(r->points[7].special_cause_type, SpecialCauseType::kCommonCause);
  EXPECT_EQ(r->points[9].special_cause_type, SpecialCauseType::kTrendIncreasing);
  EXPECT_EQ(r->points[15].special_cause_type, SpecialCauseType::kTrendIncreasing);
  bool stated = false;
  for (const auto& w : r->warnings) stated = stated || w.find("trend") != std::string::npos;
  EXPECT_TRUE(stated);
}

TEST(Mdc, OneAndTwoPoints) {
  auto one = AnalyseMdc(Series({3}), MdcOptions{});
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(std::isnan(one->points[0].upl));
  EXPECT_EQ(*one->variation_icon, VariationIcon::kCommonCause);
  auto two = AnalyseMdc(Series({3, 5}), MdcOptions{});
  ASSERT_TRUE(two.ok());
  EXPECT_NEAR(two->points[0].upl, 4 + 2.66 * 2, 1e-12);
}

TEST(Mdc, RejectsDuplicateDatesAndEmptySeries) {
  std::vector<MdcPoint> pts{{Date{2021, 1, 1}, 1}, {Date{2021, 1, 1}, 2}};
  auto r = AnalyseMdc(pts, MdcOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("duplicate date 2021-01-01"), std::string::npos);
  EXPECT_FALSE(AnalyseMdc(std::vector<MdcPoint>{}, MdcOptions{}).ok());
}

TEST(Mdc, TwoInThreeNeedsAllThreeOnOneSide) {
  // Symmetric series with two successive near-limit points on opposite sides.
  std::vector<double> y;
  for (int i = 0; i < 8; ++i) {
    y.push_back(1);
    y.push_back(-1);
  }
  y[14] = 5.5;
  y[15] = -5.5;
  auto r = AnalyseMdc(Series(y), MdcOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->points[14].point_type, PointType::kCommonCause);
  EXPECT_EQ(r->points[15].point_type, PointType::kCommonCause);
}

TEST(Mdc, NeutralDirectionHasNoAssurance) {
  MdcOptions o;
  o.direction = ImprovementDirection::kNeutral;
  o.target = 1;
  auto r = AnalyseMdc(Series({1, 2, 3, 2, 1, 2, 3, 2}), o);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->assurance_type.has_value());
  EXPECT_TRUE(ParseImprovementDirection("neither").ok());
  EXPECT_FALSE(ParseImprovementDirection("up").ok());
}

}  // namespace
}  // namespace ics::improvement
