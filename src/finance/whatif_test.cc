#include "finance/whatif.h"

#include <gtest/gtest.h>

#include <cmath>

#include "finance/test_data.h"

namespace ics::finance {
namespace {

using testing::LoadYear;

WhatIfModel Model(const std::string& stream, const std::string& year) {
  testing::LoadedYear y = LoadYear(stream, year);
  Result<WhatIfModel> m = WhatIfModel::Create(y.policy, y.inputs);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return *m;
}

const IcbDifference& Find(const WhatIfResult& r, const std::string& code) {
  for (const IcbDifference& d : r.icbs) {
    if (d.code == code) return d;
  }
  ADD_FAILURE() << code;
  return r.icbs.front();
}

TEST(SettingTest, AppliesEveryKeyAndAlias) {
  MethodPolicy m;
  ASSERT_TRUE(ApplySetting(&m, "convergence.cap", "0.02").ok());
  EXPECT_DOUBLE_EQ(m.convergence.above.cap, 0.02);
  EXPECT_DOUBLE_EQ(m.convergence.below.cap, 0.02);
  ASSERT_TRUE(ApplySetting(&m, "convergence.below.factor", "1/15").ok());
  EXPECT_DOUBLE_EQ(m.convergence.below.factor, 1.0 / 15);
  ASSERT_TRUE(ApplySetting(&m, "convergence.above_target.cap", "1.5%").ok());
  EXPECT_DOUBLE_EQ(m.convergence.above.cap, 0.015);
  ASSERT_TRUE(ApplySetting(&m, "growth.basis", "uniform").ok());
  ASSERT_TRUE(ApplySetting(&m, "growth.rate", "0.0437").ok());
  EXPECT_EQ(m.growth.basis, GrowthBasis::kUniform);
  EXPECT_DOUBLE_EQ(m.growth.rate, 0.0437);
  ASSERT_TRUE(ApplySetting(&m, "convergence.distance", "after_growth").ok());
  EXPECT_EQ(m.convergence.distance, DistanceBasis::kAfterGrowth);
  ASSERT_TRUE(ApplySetting(&m, "rounding_thousands", "10").ok());
  EXPECT_EQ(m.rounding_thousands, 10);
  EXPECT_EQ(SettingKeys().size(), 11u);
}

TEST(SettingTest, BadSettingsAreLocatedAndNeverIgnored) {
  MethodPolicy m;
  Status typo = ApplySetting(&m, "convergence.cpa", "0.02", "--set convergence.cpa");
  EXPECT_EQ(typo.where(), "--set convergence.cpa");
  EXPECT_NE(typo.message().find("did you mean \"convergence.cap\""), std::string::npos) << typo.message();
  EXPECT_FALSE(ApplySetting(&m, "convergence.cap", "two percent").ok());
  EXPECT_FALSE(ApplySetting(&m, "convergence.cap", "-0.01").ok());
  EXPECT_FALSE(ApplySetting(&m, "convergence.cap", "1/0").ok());
  EXPECT_FALSE(ApplySetting(&m, "growth.rate", "-1").ok());
  EXPECT_FALSE(ApplySetting(&m, "growth.basis", "flat").ok());
  EXPECT_FALSE(ApplySetting(&m, "rounding_thousands", "0.5").ok());
  EXPECT_FALSE(SplitSetting("convergence.cap").ok());
  EXPECT_FALSE(SplitSetting("=0.02").ok());
  EXPECT_EQ(SplitSetting("convergence.cap = 0.02")->second, "0.02");
}

TEST(WhatIfTest, AnUnchangedScenarioIsThePublishedPosition) {
  for (const char* stream : {"core", "pmc"}) {
    for (const char* year : {"2023/24", "2024/25", "2025/26"}) {
      WhatIfModel m = Model(stream, year);
      Result<WhatIfResult> r = m.Run({});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_EQ(r->icbs.size(), 42u);
      EXPECT_EQ(r->total_difference, Money());
      for (const IcbDifference& d : r->icbs) EXPECT_EQ(d.difference, Money()) << stream << year << d.code;
    }
  }
}

TEST(WhatIfTest, AHigherCapAboveTargetMovesOverFundedIcbsFurther) {
  // Core 2023/24 capped above-target convergence at 0.71%; at 2% an ICB 4.98% above target
  // (North East and North Cumbria, QHM) loses 1.29% more, a below-target ICB is unchanged.
  WhatIfModel m = Model("core", "2023/24");
  WhatIf w;
  w.settings = {{"convergence.above_target.cap", "0.02"}};
  Result<WhatIfResult> r = m.Run(w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const IcbDifference& qhm = Find(*r, "QHM");
  EXPECT_DOUBLE_EQ(qhm.published_convergence, -0.0071);
  EXPECT_DOUBLE_EQ(qhm.convergence, -0.02);
  EXPECT_LT(qhm.difference, Money());
  EXPECT_NEAR(qhm.difference_ratio, (1 - 0.02) / (1 - 0.0071) - 1, 1e-6);
  const IcbDifference& qhl = Find(*r, "QHL");  // Birmingham and Solihull: below target
  EXPECT_EQ(qhl.difference, Money());
  EXPECT_LT(r->total_difference, Money());
  EXPECT_DOUBLE_EQ(r->method.convergence.above.cap, 0.02);
  EXPECT_DOUBLE_EQ(r->method.convergence.below.cap, 0.002);  // untouched
}

TEST(WhatIfTest, APracticeWeightMovesTargetsAndKeepsTheQuantum) {
  WhatIfModel m = Model("core", "2023/24");
  // A81001 (The Densham Surgery) is in QHM; double its weighted population.
  WhatIf w;
  w.practice_weights["A81001"] = 2 * 5212.0840976770;
  Result<WhatIfResult> r = m.Run(w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->quantum.ToThousands(), r->published_quantum.ToThousands(), 0.01);
  EXPECT_GT(Find(*r, "QHM").target, Find(*r, "QHM").published_target);
  EXPECT_LT(Find(*r, "QOQ").target, Find(*r, "QOQ").published_target);
  // Own target growth: QHM's base growth and so its allocation rise.
  EXPECT_GT(Find(*r, "QHM").difference, Money());

  Status unknown = m.Run(WhatIf{{}, {}, {{"Z99999", 1.0}}}).status();
  EXPECT_EQ(unknown.where(), "--practice-wp Z99999");
  Status negative = m.Run(WhatIf{{}, {}, {{"A81001", -1.0}}}).status();
  EXPECT_EQ(negative.where(), "--practice-wp A81001");
  Status no_file = Model("core", "2025/26").Run(WhatIf{{}, {}, {{"A81001", 1.0}}}).status();
  EXPECT_EQ(no_file.where(), "--practice-wp");
  EXPECT_NE(no_file.message().find("reads no practice file"), std::string::npos);
}

TEST(WhatIfTest, APmcPracticeWeightRescalesTheIcbTarget) {
  WhatIfModel m = Model("pmc", "2024/25");
  WhatIf w;
  w.practice_weights["A81001"] = 0;
  Result<WhatIfResult> r = m.Run(w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LT(Find(*r, "QHM").target, Find(*r, "QHM").published_target);
  EXPECT_FALSE(r->notes.empty());
}

TEST(WhatIfTest, TheQuantumScalesEveryTarget) {
  for (const char* year : {"2023/24", "2025/26"}) {
    WhatIfModel m = Model("core", year);
    WhatIf w;
    w.quantum = MoneyFromThousands(m.published().england.target.ToThousands() * 1.01);
    Result<WhatIfResult> r = m.Run(w);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const IcbDifference& d : r->icbs) {
      EXPECT_NEAR(Ratio(d.target, d.published_target), 1.01, 1e-9) << year << d.code;
    }
  }
  WhatIf zero;
  zero.quantum = Money();
  EXPECT_EQ(Model("core", "2023/24").Run(zero).status().where(), "--quantum");
}

TEST(WhatIfTest, GrowthSettingsMustFitTheBasis) {
  WhatIfModel m = Model("core", "2023/24");
  Status rate = m.Run(WhatIf{{{"growth.rate", "0.05"}}, {}, {}}).status();
  EXPECT_EQ(rate.where(), "--set growth.rate");
  Status uniform = m.Run(WhatIf{{{"growth.basis", "uniform"}}, {}, {}}).status();
  EXPECT_EQ(uniform.where(), "--set growth.basis");
  Result<WhatIfResult> ok = m.Run(WhatIf{{{"growth.basis", "uniform"}, {"growth.rate", "0.05"}}, {}, {}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  for (const IcbAllocation& a : ok->scenario.icbs) EXPECT_DOUBLE_EQ(a.base_growth, 0.05);
}

TEST(PathTest, ConvergesStepByStepUnderThePolicy) {
  // Two ICBs, uniform 4% growth, targets growing 4%: convergence alone closes the gap,
  // 20% of it a year capped at 0.5%.
  MethodPolicy m;
  m.growth = {GrowthBasis::kUniform, 0.04, 1};
  m.convergence.distance = DistanceBasis::kAfterGrowth;
  m.convergence.above = m.convergence.below = {0.2, 0.005};
  std::vector<IcbInput> in = {
      {"QAA", "A", Money::FromThousands(1040000), Money::FromThousands(1000000), Money::FromThousands(1040000), 1e6, {}},
      {"QBB", "B", Money::FromThousands(1000000), Money::FromThousands(1000000), Money::FromThousands(1040000), 1e6, {}},
  };
  Result<Allocation> start = Allocate(m, in);
  ASSERT_TRUE(start.ok()) << start.status().ToString();
  PathOptions o;
  o.years = 20;
  o.threshold = 0.01;
  Result<PathResult> p = ProjectPath(m, *start, "2025/26", o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->years.front(), "2025/26");
  EXPECT_EQ(p->years.back(), "2045/46");
  EXPECT_DOUBLE_EQ(p->target_growth, 0.04);
  const IcbPath& a = p->icbs[0];
  ASSERT_EQ(a.distance.size(), 21u);
  // Year 0: B (1.04) = 1,081,600 vs T 1,040,000: D* = 4%, c = -0.5%, 3.48% above target.
  EXPECT_EQ(a.allocation[0], Money::FromThousands(1076192));
  // Each year the distance falls by 0.5% until it is within 2.5%, then by a fifth of it.
  for (size_t k = 1; k < a.distance.size(); ++k) EXPECT_LT(a.distance[k], a.distance[k - 1]);
  ASSERT_TRUE(a.years_to_threshold.has_value());
  EXPECT_NEAR(a.distance[0], 0.0348, 1e-4);
  EXPECT_NEAR(a.distance[1], 1.0348 * 1.04 * 0.995 / 1.04 - 1, 1e-6);
  EXPECT_EQ(*a.years_to_threshold, 6);  // 3.48%, 2.96, 2.45, 1.95, 1.55, 1.23, 0.98
  EXPECT_EQ(p->icbs[1].years_to_threshold, 0);  // on target throughout
  EXPECT_EQ(p->within_by_year.front(), 1);
  EXPECT_EQ(p->within_by_year.back(), 2);

  o.years = 0;
  EXPECT_EQ(ProjectPath(m, *start, "2025/26", o).status().where(), "--path");
  o.years = 3;
  o.target_growth = -1;
  EXPECT_EQ(ProjectPath(m, *start, "2025/26", o).status().where(), "--target-growth");
}

TEST(PathTest, NationalPathUnderThe2025PolicyBringsMostIcbsWithinHalfAPercent) {
  WhatIfModel m = Model("core", "2025/26");
  PathOptions o;
  o.years = 10;
  Result<PathResult> p = ProjectPath(m.policy().method, m.published(), m.policy().year, o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_DOUBLE_EQ(p->target_growth, 0.0437);
  EXPECT_EQ(p->icbs.size(), 42u);
  // More ICBs are within 0.5% of target at the end than at the start.
  EXPECT_GT(p->within_by_year.back(), p->within_by_year.front());
}

TEST(PathTest, HalfTheGapClosedEachYearFromTenPercentEitherSide) {
  // Three ICBs of equal target (£1,000,000k), 10% above, 10% below and on target. Uniform
  // growth of 3% and targets growing 3%, so growth alone leaves each distance where it is;
  // symmetric convergence closes half of it each year (no cap to speak of). Hand-checkable:
  //   above: 10%  -> 1.10 x 0.95   - 1 = 4.5%     -> 1.045 x (1 - 0.0225) - 1 = 2.14875%
  //   below: -10% -> 0.90 x 1.05   - 1 = -5.5%    -> 0.945 x (1 + 0.0275) - 1 = -2.90125%
  MethodPolicy m;
  m.growth = {GrowthBasis::kUniform, 0.03, 1};
  m.convergence.distance = DistanceBasis::kAfterGrowth;
  m.convergence.above = m.convergence.below = {0.5, 0.5};
  const Money t = Money::FromThousands(1000000);
  const Money t1 = Money::FromThousands(1030000);
  std::vector<IcbInput> in = {
      {"QAA", "Above", Money::FromThousands(1100000), t, t1, 1e6, {}},
      {"QBB", "Below", Money::FromThousands(900000), t, t1, 1e6, {}},
      {"QCC", "On target", t, t, t1, 1e6, {}},
  };
  Result<Allocation> start = Allocate(m, in);
  ASSERT_TRUE(start.ok()) << start.status().ToString();
  PathOptions o;
  o.years = 6;
  o.threshold = 0.025;
  o.target_growth = 0.03;
  Result<PathResult> p = ProjectPath(m, *start, "2025/26", o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const IcbPath& above = p->icbs[0];
  const IcbPath& below = p->icbs[1];
  const double kTenthOfAThousand = 1e-6;  // rounding to the £k on a £1bn allocation
  EXPECT_NEAR(above.distance[0], 0.045, kTenthOfAThousand);
  EXPECT_NEAR(above.distance[1], 1.045 * (1 - 0.0225) - 1, kTenthOfAThousand);
  EXPECT_NEAR(below.distance[0], -0.055, kTenthOfAThousand);
  EXPECT_NEAR(below.distance[1], 0.945 * (1 + 0.0275) - 1, kTenthOfAThousand);
  EXPECT_EQ(above.years_to_threshold, 1);  // 4.5% in 2025/26, 2.15% from 2026/27
  EXPECT_EQ(below.years_to_threshold, 2);  // -5.5%, -2.90%, then -1.46%
  EXPECT_EQ(p->icbs[2].years_to_threshold, 0);
  // On target, it grows 3% a year: £1,000,000k x 1.03^4 = £1,125,508.81k, to the £k.
  EXPECT_EQ(p->icbs[2].allocation[3], Money::FromThousands(1125509));
  EXPECT_EQ(p->within_by_year, (std::vector<int>{1, 2, 3, 3, 3, 3, 3}));
}

TEST(PathTest, UnderSymmetricConvergenceEveryDistanceShrinksAndNoPennyIsLost) {
  // All 42 ICBs of 2025/26 under a symmetric rule (a quarter of the distance a year, capped
  // at 5%), uniform growth equal to the target growth, for 15 years.
  WhatIfModel model = Model("core", "2025/26");
  Result<WhatIfResult> r = model.Run(WhatIf{{{"growth.basis", "uniform"},
                                             {"growth.rate", "0.04"},
                                             {"convergence.factor", "1/4"},
                                             {"convergence.cap", "0.05"}},
                                            {},
                                            {}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  PathOptions o;
  o.years = 15;
  o.threshold = 0.025;
  Result<PathResult> p = ProjectPath(r->method, r->scenario, "2025/26", o);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_DOUBLE_EQ(p->target_growth, 0.04);
  for (const IcbPath& icb : p->icbs) {
    for (size_t k = 1; k < icb.distance.size(); ++k) {
      // Never further from target; strictly nearer while more than rounding away.
      EXPECT_LE(std::fabs(icb.distance[k]), std::fabs(icb.distance[k - 1]) + 1e-6) << icb.code << " year " << k;
      if (std::fabs(icb.distance[k - 1]) > 1e-4) {
        EXPECT_LT(std::fabs(icb.distance[k]), std::fabs(icb.distance[k - 1])) << icb.code << " year " << k;
      }
      // Nobody crosses over to the other side of target.
      EXPECT_GE(icb.distance[k] * icb.distance[k - 1], -1e-12) << icb.code << " year " << k;
    }
    ASSERT_TRUE(icb.years_to_threshold.has_value()) << icb.code;
  }
  EXPECT_EQ(p->within_by_year.back(), 42);
  for (size_t k = 0; k < p->years.size(); ++k) {
    Money allocations, targets;
    for (const IcbPath& icb : p->icbs) {
      allocations += icb.allocation[k];
      targets += icb.target[k];
    }
    EXPECT_EQ(allocations, p->total_allocation[k]) << p->years[k];
    EXPECT_EQ(targets, p->total_target[k]) << p->years[k];
  }
  EXPECT_EQ(p->total_allocation[0], r->scenario.england.recurrent_allocation);
  EXPECT_EQ(p->total_target[0], r->scenario.england.target);
  // The quantum grows by the target growth, to within a penny per ICB per year of rounding.
  double quantum = static_cast<double>(p->total_target[0].pence());
  for (size_t k = 1; k < p->years.size(); ++k) {
    quantum *= 1.04;
    EXPECT_NEAR(static_cast<double>(p->total_target[k].pence()), quantum, 42.0 * k) << p->years[k];
  }
}

}  // namespace
}  // namespace ics::finance
