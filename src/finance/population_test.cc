#include "finance/population.h"

#include <gtest/gtest.h>

namespace ics::finance {
namespace {

TEST(PopulationTest, AggregatesPracticesToSubIcbAndIcb) {
  std::vector<PracticeWeights> practices = {
      {"P1", "QAA", "01A", 1000, 1200, "p.csv:2"},
      {"P2", "QAA", "01B", 3000, 2800, "p.csv:3"},
      {"P3", "QBB", "02A", 4000, 4000, "p.csv:4"},
      {"P4", "QAA", "01A", 2000, 2000, "p.csv:5"},
  };
  Result<WeightedPopulations> w = AggregateWeightedPopulations(practices);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_DOUBLE_EQ(w->population, 10000);
  EXPECT_DOUBLE_EQ(w->weighted, 10000);
  ASSERT_EQ(w->icbs.size(), 2u);
  EXPECT_EQ(w->icbs[0].code, "QAA");
  EXPECT_EQ(w->icbs[0].practices, 3);
  EXPECT_DOUBLE_EQ(w->icbs[0].population, 6000);
  EXPECT_DOUBLE_EQ(w->icbs[0].weighted, 6000);
  EXPECT_DOUBLE_EQ(w->icbs[0].share, 0.6);
  EXPECT_DOUBLE_EQ(w->icbs[1].need_index, 1.0);
  ASSERT_EQ(w->sub_icbs.size(), 3u);
  EXPECT_EQ(w->sub_icbs[0].code, "01A");
  EXPECT_EQ(w->sub_icbs[0].icb, "QAA");
  EXPECT_DOUBLE_EQ(w->sub_icbs[0].population, 3000);
  EXPECT_DOUBLE_EQ(w->sub_icbs[0].weighted, 3200);
  EXPECT_NEAR(w->sub_icbs[0].need_index, 3200.0 / 3000.0, 1e-15);
  EXPECT_DOUBLE_EQ(w->sub_icbs[1].need_index, 2800.0 / 3000.0);
}

TEST(PopulationTest, RejectsDuplicateAndBadPractices) {
  std::vector<PracticeWeights> dup = {{"P1", "QAA", "", 1, 1, "p.csv:2"}, {"P1", "QBB", "", 1, 1, "p.csv:9"}};
  Result<WeightedPopulations> d = AggregateWeightedPopulations(dup);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().where(), "p.csv:9");
  EXPECT_NE(d.status().message().find("duplicate practice code P1 (first at p.csv:2)"), std::string::npos);

  std::vector<PracticeWeights> negative = {{"P1", "QAA", "", -1, 1, "p.csv:2"}};
  EXPECT_FALSE(AggregateWeightedPopulations(negative).ok());
  std::vector<PracticeWeights> no_icb = {{"P1", "", "", 1, 1, "p.csv:2"}};
  EXPECT_FALSE(AggregateWeightedPopulations(no_icb).ok());
  std::vector<PracticeWeights> zero = {{"P1", "QAA", "", 0, 0, "p.csv:2"}};
  EXPECT_FALSE(AggregateWeightedPopulations(zero).ok());
}

TEST(PopulationTest, FinalPmcWeightedPopulationGivesInequalitiesFifteenPercent) {
  // First practice of the 2023/24 file (A81001).
  EXPECT_NEAR(FinalPmcWeightedPopulation(4589.7814283189, 9073.4010592901), 5262.3243729646, 1e-9);
}

}  // namespace
}  // namespace ics::finance
