// Unit tests for the R-compatible numerics and the Anhøj runs analysis.
#include "improvement/r_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "improvement/runs.h"

namespace ics::improvement {
namespace {

TEST(RStats, MeanSkipsMissingAndIsNaNWhenEmpty) {
  std::vector<double> v{1, kNa, 2, 3};
  EXPECT_DOUBLE_EQ(MeanNaRm(v), 2.0);
  EXPECT_TRUE(IsNa(MeanNaRm(std::vector<double>{kNa})));
  EXPECT_TRUE(IsNa(MeanNaRm(std::vector<double>{})));
  EXPECT_EQ(SumNaRm(std::vector<double>{}), 0.0);
}

TEST(RStats, SdAndMedian) {
  std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_NEAR(SdNaRm(v), 2.138089935299395, 1e-15);
  EXPECT_DOUBLE_EQ(MedianNaRm(v), 4.5);
  EXPECT_TRUE(IsNa(SdNaRm(std::vector<double>{1})));
  EXPECT_TRUE(IsNa(Sd(std::vector<double>{1, 2, kNa})));
  EXPECT_DOUBLE_EQ(MedianNaRm(std::vector<double>{3, kNa, 1, 2}), 2.0);
}

TEST(RStats, RoundsHalfToEven) {
  EXPECT_EQ(RoundHalfEven(2.5), 2.0);
  EXPECT_EQ(RoundHalfEven(3.5), 4.0);
  EXPECT_EQ(RoundHalfEven(-0.5), -0.0);
}

TEST(RStats, BinomialQuantileMatchesR) {
  // qbinom(0.05, n, 0.5) for a few sizes, from R.
  EXPECT_EQ(BinomialQuantile(0.05, 0, 0.5), 0);
  EXPECT_EQ(BinomialQuantile(0.05, 9, 0.5), 2);
  EXPECT_EQ(BinomialQuantile(0.05, 23, 0.5), 8);
  EXPECT_EQ(BinomialQuantile(0.05, 99, 0.5), 41);
  EXPECT_NEAR(BinomialCdf(2, 9, 0.5), 46.0 / 512.0, 1e-15);
}

TEST(RStats, ControlChartConstants) {
  EXPECT_NEAR(C4(5), 0.9399856029866254, 1e-15);
  EXPECT_NEAR(A3(5), 1.427299, 1e-6);
  EXPECT_NEAR(B3(6), 0.0303632, 1e-6);  // exact; tables print 0.030
  EXPECT_NEAR(B4(5), 2.088998, 1e-6);
  EXPECT_EQ(B3(2), 0.0);
  EXPECT_TRUE(IsNa(A3(1)));
  EXPECT_TRUE(IsNa(B4(kNa)));
}

TEST(Runs, PointsOnTheCentreLineAreIgnored) {
  std::vector<double> y{1, 1, 2, 3, 3, 2, 1};
  std::vector<double> cl(y.size(), 2);
  RunsAnalysis r = AnalyseRuns(y, cl);
  EXPECT_EQ(r.n_obs, 7);
  EXPECT_EQ(r.n_useful, 5);
  EXPECT_EQ(*r.longest_run, 2);
  EXPECT_EQ(*r.n_crossings, 2);
  EXPECT_EQ(*r.longest_run_max, 5);  // round(log2(5)) + 3
  EXPECT_EQ(*r.n_crossings_min, 0);
  EXPECT_FALSE(r.signal);
}

TEST(Runs, NoUsefulPointGivesMissingStatisticsAndNoSignal) {
  std::vector<double> y{2, 2, kNa};
  std::vector<double> cl(3, 2);
  RunsAnalysis r = AnalyseRuns(y, cl);
  EXPECT_EQ(r.n_useful, 0);
  EXPECT_FALSE(r.longest_run.has_value());
  EXPECT_FALSE(r.signal);
}

TEST(Runs, LongRunSignals) {
  std::vector<double> y(24, 1.0);
  for (int i = 0; i < 9; ++i) y[i] = 3;  // 9 > 8 = round(log2(24)) + 3
  for (int i = 9; i < 24; ++i) y[i] = (i % 2) ? 3 : 1;
  std::vector<double> cl(24, 2);
  EXPECT_TRUE(AnalyseRuns(y, cl).signal);
}

}  // namespace
}  // namespace ics::improvement
