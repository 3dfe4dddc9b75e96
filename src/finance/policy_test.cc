#include "finance/policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace ics::finance {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(ICS_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A minimal valid policy with one field replaced.
std::string Policy(const std::string& method = R"({"growth": {"basis": "uniform", "rate": 0.04},
    "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": 0.005}}})",
                   const std::string& target = R"({"method": "implied_by_post_convergence_distance",
    "allocation_column": "A", "post_distance_column": "P"})",
                   const std::string& extra_inputs = "") {
  return R"({"year": "2025/26", "stream": "core", "method": )" + method + R"(,
  "inputs": {
    "allocations": {"file": "a.csv", "code_column": "ICB23", "name_column": "Name",
                    "baseline_column": "B", "previous_target_column": "T"},
    "baseline": {"file": "b.csv", "code_column": "ICB23", "opening_column": "O",
                 "adjustment_columns": ["X"], "adjusted_column": "B"},
    "target": )" + target + R"(,
    "population": {"method": "implied_by_per_head", "allocation_column": "A", "per_head_column": "H"})" +
         extra_inputs + "}}";
}

TEST(PolicyTest, EveryBuiltInPolicyParsesAndMatchesItsFile) {
  std::vector<std::string> names = BuiltinPolicyNames();
  ASSERT_GE(names.size(), 6u);
  for (std::string stream : {"core", "pmc"}) {
    for (std::string year : {"2023/24", "2024/25", "2025/26"}) {
      Result<std::string_view> text = BuiltinPolicyText(stream, year);
      ASSERT_TRUE(text.ok()) << text.status().ToString();
      std::string file = "data/finance/policies/" + stream + "_" + *YearKey(year) + ".json";
      EXPECT_EQ(*text, ReadSourceFile(file)) << file << " is not what the library carries; rebuild";
      Result<AllocationPolicy> p = ParseAllocationPolicy(*text, file);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      EXPECT_EQ(p->year, year);
      EXPECT_EQ(p->stream, stream);
      EXPECT_FALSE(p->notes.empty());
    }
  }
  Result<std::string_view> missing = BuiltinPolicyText("dental", "2025/26");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("core_2023_24.json"), std::string::npos);
}

TEST(PolicyTest, ReadsTheRulesOfSection16) {
  Result<AllocationPolicy> core23 = ParseAllocationPolicy(*BuiltinPolicyText("core", "2023/24"), "c");
  ASSERT_TRUE(core23.ok());
  EXPECT_EQ(core23->method.growth.basis, GrowthBasis::kOwnTargetGrowth);
  EXPECT_EQ(core23->method.convergence.distance, DistanceBasis::kBeforeGrowth);
  EXPECT_DOUBLE_EQ(core23->method.convergence.above.cap, 0.0071);
  EXPECT_DOUBLE_EQ(core23->method.convergence.above.factor, 1.0);
  EXPECT_DOUBLE_EQ(core23->method.convergence.below.cap, 0.002);
  EXPECT_DOUBLE_EQ(core23->method.convergence.below.factor, 1.0 / 15);
  EXPECT_EQ(core23->target.method, TargetMethod::kWeightedPopulationShare);
  EXPECT_EQ(core23->target.quantum, *ParseThousands("98512855.66387595"));
  ASSERT_TRUE(core23->practices.has_value());
  EXPECT_EQ(core23->Files().size(), 3u);

  Result<AllocationPolicy> core24 = ParseAllocationPolicy(*BuiltinPolicyText("core", "2024/25"), "c");
  ASSERT_TRUE(core24.ok());
  EXPECT_DOUBLE_EQ(core24->method.convergence.above.factor, 68.0 / 69.0);
  EXPECT_EQ(core24->method.convergence.distance, DistanceBasis::kAfterGrowth);

  Result<AllocationPolicy> pmc24 = ParseAllocationPolicy(*BuiltinPolicyText("pmc", "2024/25"), "p");
  ASSERT_TRUE(pmc24.ok());
  EXPECT_DOUBLE_EQ(pmc24->method.convergence.above.factor, 1 / 1.05);
  EXPECT_DOUBLE_EQ(pmc24->method.convergence.below.factor, 0.25);
  EXPECT_EQ(pmc24->target.method, TargetMethod::kPreviousTargetGrowth);

  Result<AllocationPolicy> pmc25 = ParseAllocationPolicy(*BuiltinPolicyText("pmc", "2025/26"), "p");
  ASSERT_TRUE(pmc25.ok());
  EXPECT_EQ(pmc25->method.growth.basis, GrowthBasis::kUniform);
  EXPECT_DOUBLE_EQ(pmc25->method.growth.rate, 0.0309);
  EXPECT_DOUBLE_EQ(pmc25->method.convergence.above.factor, 0.2);
  EXPECT_DOUBLE_EQ(pmc25->method.convergence.below.cap, 0.005);
  EXPECT_FALSE(pmc25->practices.has_value());
  EXPECT_EQ(pmc25->Files().size(), 2u);
}

TEST(PolicyTest, MinimalPolicyParses) {
  Result<AllocationPolicy> p = ParseAllocationPolicy(Policy(), "p.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->allocations.row_type_column, "row_type");
  EXPECT_EQ(p->method.rounding_thousands, 1);
}

Status Error(const std::string& text) {
  Result<AllocationPolicy> p = ParseAllocationPolicy(text, "p.json");
  return p.ok() ? Status::Ok() : p.status();
}

TEST(PolicyTest, ErrorsNameTheField) {
  Status unknown = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "symetric": {"factor": 0.2, "cap": 0.005}}})"));
  EXPECT_EQ(unknown.where(), "p.json: /method/convergence/symetric");
  EXPECT_NE(unknown.message().find("did you mean \"symmetric\""), std::string::npos) << unknown.message();

  Status basis = Error(Policy(R"({"growth": {"basis": "flat"},
      "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": 0.005}}})"));
  EXPECT_EQ(basis.where(), "p.json: /method/growth/basis");
  EXPECT_NE(basis.message().find("uniform"), std::string::npos);

  Status cap = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": -0.005}}})"));
  EXPECT_EQ(cap.where(), "p.json: /method/convergence/symmetric/cap");

  Status fraction = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "symmetric": {"factor": "1/0", "cap": 0.005}}})"));
  EXPECT_EQ(fraction.where(), "p.json: /method/convergence/symmetric/factor");

  Status both = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": 0.005},
                      "above_target": {"factor": 1, "cap": 0.1}}})"));
  EXPECT_FALSE(both.ok());

  Status missing = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "above_target": {"factor": 1, "cap": 0.1}}})"));
  EXPECT_EQ(missing.where(), "p.json: /method/convergence/below_target");
  EXPECT_NE(missing.message().find("required"), std::string::npos);

  Status no_practices = Error(Policy(
      R"({"growth": {"basis": "own_target_growth"}, "convergence": {"distance": "before_growth",
          "symmetric": {"factor": 0.2, "cap": 0.005}}})",
      R"({"method": "weighted_population_share", "quantum_thousands": "100"})"));
  EXPECT_EQ(no_practices.where(), "p.json: /inputs/practices");

  Status quantum = Error(Policy(
      R"({"growth": {"basis": "own_target_growth"}, "convergence": {"distance": "before_growth",
          "symmetric": {"factor": 0.2, "cap": 0.005}}})",
      R"({"method": "weighted_population_share", "quantum_thousands": "lots"})",
      R"(, "practices": {"file": "p.csv", "code_column": "C", "icb_column": "I",
          "population_column": "P", "weight_column": "W"})"));
  EXPECT_EQ(quantum.where(), "p.json: /inputs/target/quantum_thousands");

  Status json = Error("{\"year\": \"2025/26\",\n  \"stream\": core}");
  EXPECT_EQ(json.where(), "p.json:2:13");

  Status year = Error(R"({"year": "2025/27", "stream": "core"})");
  EXPECT_EQ(year.where(), "p.json: /year");
}

TEST(PolicyTest, OverlappingRulesAreLocated) {
  // Symmetric convergence and a side rule for the same ICBs.
  Status both = Error(Policy(R"({"growth": {"basis": "uniform", "rate": 0.04},
      "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": 0.005},
                      "below_target": {"factor": 1, "cap": 0.1}}})"));
  EXPECT_EQ(both.where(), "p.json: /method/convergence/symmetric");
  EXPECT_NE(both.message().find("not both"), std::string::npos) << both.message();

  // An adjustment column that is also the opening figure would count the baseline twice.
  std::string text = Policy();
  std::string twice = text;
  twice.replace(twice.find(R"("adjustment_columns": ["X"])"), 27, R"("adjustment_columns": ["X", "O"])");
  Status adjustment = Error(twice);
  EXPECT_EQ(adjustment.where(), "p.json: /inputs/baseline/adjustment_columns/1");
  EXPECT_NE(adjustment.message().find("column \"O\" is also /inputs/baseline/opening_column"), std::string::npos)
      << adjustment.message();

  // An add-on column that is the recurrent allocation would be added to itself.
  std::string add_on = text;
  add_on.replace(add_on.find(R"("previous_target_column": "T"})"), 30,
                 R"("previous_target_column": "T", "add_on_columns": ["Z", "A"]})");
  Status a = Error(add_on);
  EXPECT_EQ(a.where(), "p.json: /inputs/allocations/add_on_columns/1");

  std::string same = text;
  same.replace(same.find(R"("previous_target_column": "T"})"), 30, R"("previous_target_column": "B"})");
  EXPECT_EQ(Error(same).where(), "p.json: /inputs/allocations/previous_target_column");
}

TEST(PolicyTest, YearKeys) {
  EXPECT_EQ(*YearKey("2025/26"), "2025_26");
  EXPECT_EQ(*YearKey("1999/00"), "1999_00");
  EXPECT_FALSE(YearKey("2025-26").ok());
  EXPECT_FALSE(YearKey("2025/27").ok());
  EXPECT_FALSE(YearKey("25/26").ok());
}

}  // namespace
}  // namespace ics::finance
