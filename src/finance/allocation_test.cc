#include "finance/allocation.h"

#include <gtest/gtest.h>

namespace ics::finance {
namespace {

Money K(std::string_view text) { return *ParseThousands(text); }

ConvergencePolicy Core2023() {
  return {DistanceBasis::kBeforeGrowth, {1.0, 0.0071}, {1.0 / 15, 0.002}};
}

TEST(AllocationStepsTest, TargetsAreSharesOfTheQuantum) {
  std::vector<double> weights = {1.0, 3.0};
  Result<std::vector<Money>> t = TargetsFromQuantum(Money::FromThousands(1000), weights);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ((*t)[0], Money::FromThousands(250));
  EXPECT_EQ((*t)[1], Money::FromThousands(750));
  std::vector<double> negative = {1.0, -1.0};
  EXPECT_FALSE(TargetsFromQuantum(Money::FromThousands(1000), negative).ok());
  std::vector<double> zero = {0.0};
  EXPECT_FALSE(TargetsFromQuantum(Money::FromThousands(1000), zero).ok());
}

TEST(AllocationStepsTest, DistanceIsBaselineOverTargetMinusOne) {
  EXPECT_NEAR(DistanceFromTarget(K("2839062.4010363906"), K("2784985.9815958035")), 0.01941712446595556, 1e-11);
  EXPECT_DOUBLE_EQ(DistanceFromTarget(Money::FromThousands(90), Money::FromThousands(100)), -0.1);
}

TEST(AllocationStepsTest, BaseGrowthIsOwnTargetGrowthOrUniform) {
  GrowthPolicy own;
  EXPECT_NEAR(BaseGrowth(own, Money::FromThousands(100), Money::FromThousands(105)), 0.05, 1e-15);
  GrowthPolicy scaled{GrowthBasis::kOwnTargetGrowth, 0, 0.5};
  EXPECT_NEAR(BaseGrowth(scaled, Money::FromThousands(100), Money::FromThousands(200)), 0.0, 1e-15);
  GrowthPolicy uniform{GrowthBasis::kUniform, 0.0437, 1};
  EXPECT_DOUBLE_EQ(BaseGrowth(uniform, Money::FromThousands(100), Money::FromThousands(200)), 0.0437);
}

TEST(AllocationStepsTest, ConvergenceAboveTargetIsCappedAndNeverPassesTarget) {
  ConvergencePolicy p = Core2023();
  EXPECT_DOUBLE_EQ(Convergence(p, 0.05), -0.0071);          // capped
  EXPECT_DOUBLE_EQ(Convergence(p, 0.003), -0.003);          // moved exactly to target
  EXPECT_DOUBLE_EQ(Convergence(p, 0.0), 0.0);
}

TEST(AllocationStepsTest, ConvergenceBelowTargetClosesAFractionUpToACap) {
  ConvergencePolicy p = Core2023();
  EXPECT_NEAR(Convergence(p, -0.015), 0.001, 1e-18);       // 1/15 of the gap
  EXPECT_DOUBLE_EQ(Convergence(p, -0.1), 0.002);            // capped at +0.2%
}

TEST(AllocationStepsTest, SymmetricConvergenceIsAClamp) {
  ConvergencePolicy p{DistanceBasis::kAfterGrowth, {0.2, 0.005}, {0.2, 0.005}};
  EXPECT_DOUBLE_EQ(Convergence(p, 0.01), -0.002);
  EXPECT_DOUBLE_EQ(Convergence(p, -0.01), 0.002);
  EXPECT_DOUBLE_EQ(Convergence(p, 0.1), -0.005);
  EXPECT_DOUBLE_EQ(Convergence(p, -0.1), 0.005);
}

TEST(AllocationStepsTest, GrowAndConvergeRoundsToTheNearestThousand) {
  // Humber and North Yorkshire core 2023/24: 2,964,812.9996 -> 2,964,813 (£k).
  Money a = GrowAndConverge(K("2839062.4010363906"), 0.05176067961391384, -0.0071, 1);
  EXPECT_EQ(a, Money::FromThousands(2964813));
  EXPECT_EQ(GrowAndConverge(Money::FromPence(149999), 0, 0, 1), Money::FromThousands(1));
  EXPECT_EQ(GrowAndConverge(Money::FromPence(150000), 0, 0, 1), Money::FromThousands(2));
  EXPECT_EQ(GrowAndConverge(Money::FromThousands(1000), 0.1, 0, 1), Money::FromThousands(1100));
  EXPECT_EQ(GrowAndConverge(Money::FromThousands(1234), 0, 0, 100), Money::FromThousands(1200));
}

TEST(AllocationStepsTest, AdjustedBaselineIsOpeningPlusAdjustments) {
  std::vector<Money> adjustments = {K("12571.776127262896"), K("-4337"), K("0.5")};
  EXPECT_EQ(AdjustedBaseline(Money::FromThousands(2964813), adjustments), K("2973048.27613"));
  EXPECT_EQ(AdjustedBaseline(Money::FromThousands(5), {}), Money::FromThousands(5));
}

MethodPolicy CorePolicy() {
  MethodPolicy p;
  p.convergence = Core2023();
  return p;
}

TEST(AllocateTest, RunsEveryStepPerIcbAndTotalsEngland) {
  std::vector<IcbInput> in = {
      {"QAA", "Above", Money::FromThousands(1100), Money::FromThousands(1000), Money::FromThousands(1050), 1000,
       {Money::FromThousands(10), Money::FromThousands(-2)}},
      {"QBB", "Below", Money::FromThousands(900), Money::FromThousands(1000), Money::FromThousands(1050), 500,
       {Money::FromThousands(1), Money::FromThousands(0)}},
  };
  Result<Allocation> r = Allocate(CorePolicy(), in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const IcbAllocation& a = r->icbs[0];
  EXPECT_NEAR(a.distance_from_target, 0.1, 1e-15);
  EXPECT_NEAR(a.base_growth, 0.05, 1e-15);
  EXPECT_DOUBLE_EQ(a.convergence, -0.0071);
  // 1100 × 1.05 × 0.9929 = 1146.79950 -> 1147
  EXPECT_EQ(a.recurrent_allocation, Money::FromThousands(1147));
  EXPECT_NEAR(a.recurrent_growth, 1147.0 / 1100 - 1, 1e-15);
  EXPECT_NEAR(a.per_head, 1147.0, 1e-12);  // £1,147,000 / 1000 people
  EXPECT_NEAR(a.post_convergence_distance, 1147.0 / 1050 - 1, 1e-15);
  EXPECT_EQ(a.total_allocation, Money::FromThousands(1155));
  const IcbAllocation& b = r->icbs[1];
  EXPECT_NEAR(b.convergence, 0.002, 1e-18);  // 1/15 of 10% capped at 0.2%
  EXPECT_EQ(b.recurrent_allocation, Money::FromThousands(947));  // 900 × 1.05 × 1.002 = 946.89
  EXPECT_EQ(r->england.recurrent_allocation, Money::FromThousands(2094));
  EXPECT_EQ(r->england.total_allocation, Money::FromThousands(2103));
  EXPECT_EQ(r->england.add_ons[0], Money::FromThousands(11));
  EXPECT_NEAR(r->england.distance_from_target, 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(r->england.population, 1500);
}

TEST(AllocateTest, AfterGrowthDistanceUsesTheAllocationYearTarget) {
  MethodPolicy p;
  p.growth = {GrowthBasis::kUniform, 0.04, 1};
  p.convergence = {DistanceBasis::kAfterGrowth, {0.2, 0.005}, {0.2, 0.005}};
  std::vector<IcbInput> in = {{"QAA", "", Money::FromThousands(1000), Money::FromThousands(1000),
                               Money::FromThousands(1030), 1, {}}};
  Result<Allocation> r = Allocate(p, in);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->icbs[0].convergence_distance, 1040.0 / 1030 - 1, 1e-15);
  EXPECT_NEAR(r->icbs[0].convergence, -0.2 * (1040.0 / 1030 - 1), 1e-15);
  EXPECT_DOUBLE_EQ(r->icbs[0].distance_from_target, 0.0);
}

TEST(AllocateTest, RejectsBadInputsNamingTheIcb) {
  IcbInput ok{"QAA", "", Money::FromThousands(1), Money::FromThousands(1), Money::FromThousands(1), 1, {}};
  auto fails = [](std::vector<IcbInput> in, MethodPolicy p = CorePolicy()) {
    Result<Allocation> r = Allocate(p, in);
    return r.ok() ? std::string() : r.status().ToString();
  };
  EXPECT_NE(fails({ok, ok}).find("appears twice"), std::string::npos);
  IcbInput t = ok;
  t.target = Money();
  EXPECT_NE(fails({t}).find("QAA"), std::string::npos);
  IcbInput pt = ok;
  pt.previous_target = Money::FromThousands(-1);
  EXPECT_FALSE(fails({pt}).empty());
  IcbInput pop = ok;
  pop.population = 0;
  EXPECT_NE(fails({pop}).find("population"), std::string::npos);
  IcbInput base = ok;
  base.baseline = Money::FromThousands(-1);
  EXPECT_NE(fails({base}).find("baseline"), std::string::npos);
  IcbInput other = ok;
  other.code = "QBB";
  other.add_ons = {Money()};
  EXPECT_NE(fails({ok, other}).find("add-on"), std::string::npos);
  EXPECT_FALSE(fails({}).empty());
  MethodPolicy negative_cap = CorePolicy();
  negative_cap.convergence.above.cap = -0.01;
  EXPECT_NE(fails({ok}, negative_cap).find("/method/convergence/above_target/cap"), std::string::npos);
  MethodPolicy rounding = CorePolicy();
  rounding.rounding_thousands = 0;
  EXPECT_FALSE(fails({ok}, rounding).empty());
}

}  // namespace
}  // namespace ics::finance
