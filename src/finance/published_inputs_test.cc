#include "finance/published_inputs.h"

#include <gtest/gtest.h>

#include <sstream>

#include "finance/test_data.h"

namespace ics::finance {
namespace {

// A small year: two ICBs, a total row, three practices.
const char* kPolicy = R"({
  "year": "2023/24", "stream": "core",
  "method": {"growth": {"basis": "own_target_growth"},
             "convergence": {"distance": "before_growth",
                             "above_target": {"factor": 1, "cap": 0.0071},
                             "below_target": {"factor": "1/15", "cap": 0.002}}},
  "inputs": {
    "allocations": {"file": "alloc.csv", "code_column": "ICB23", "name_column": "Name",
                    "baseline_column": "Baseline", "previous_target_column": "Target",
                    "add_on_columns": ["COVID"]},
    "baseline": {"file": "base.csv", "code_column": "ICB23", "opening_column": "Opening",
                 "adjustment_columns": ["Pay", "Transfer"], "adjusted_column": "Adjusted"},
    "practices": {"file": "practices.csv", "code_column": "Practice_Code", "icb_column": "ICS22",
                  "sub_icb_columns": ["LOC22", "CCG21"], "population_column": "pop",
                  "weight_column": "Final WP"},
    "target": {"method": "weighted_population_share", "quantum_thousands": "2100"},
    "population": {"method": "practices"}
  }
})";

InputFiles GoodFiles() {
  return {
      {"alloc.csv",
       "row_type,ICB23,Name,Baseline,Target,COVID\n"
       "icb,QAA,NHS A ICB,1100.5,1000,10\n"
       "icb,QBB,NHS B ICB,900,1000,-1.25\n"
       "england_total,Total,ENGLAND,2000,2000,9\n"},
      {"base.csv",
       "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
       "icb,QAA,1000,100,0.5,1100.5\n"
       "icb,QBB,950,-50,0,900\n"
       "england_total,Total,1950,50,0.5,2000\n"},
      {"practices.csv",
       "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
       "P1,QAA,,01A,1000,1200\n"
       "P2,QBB,,02A,500,600\n"
       "P3,QBB,X1,02B,500,300\n"},
  };
}

AllocationPolicy ParsedPolicy() {
  Result<AllocationPolicy> p = ParseAllocationPolicy(kPolicy, "test.json");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return *p;
}

Status LoadError(const InputFiles& files) {
  Result<LoadedInputs> r = LoadPublishedInputs(ParsedPolicy(), files);
  return r.ok() ? Status::Ok() : r.status();
}

InputFiles With(const std::string& file, const std::string& text) {
  InputFiles f = GoodFiles();
  f[file] = text;
  return f;
}

TEST(PublishedInputsTest, LoadsBaselinesTargetsPopulationsAndAddOns) {
  Result<LoadedInputs> r = LoadPublishedInputs(ParsedPolicy(), GoodFiles());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->icbs.size(), 2u);
  const IcbInput& a = r->icbs[0];
  EXPECT_EQ(a.code, "QAA");
  EXPECT_EQ(a.name, "NHS A ICB");
  EXPECT_EQ(a.baseline, *ParseThousands("1100.5"));
  EXPECT_EQ(a.previous_target, Money::FromThousands(1000));
  EXPECT_EQ(a.target, Money::FromThousands(1200));  // 1200 / 2100 of 2100
  EXPECT_DOUBLE_EQ(a.population, 1000);
  ASSERT_EQ(a.add_ons.size(), 1u);
  EXPECT_EQ(r->icbs[1].add_ons[0], *ParseThousands("-1.25"));
  EXPECT_EQ(r->icbs[1].target, Money::FromThousands(900));
  EXPECT_DOUBLE_EQ(r->icbs[1].population, 1000);
  EXPECT_EQ(r->add_on_labels, std::vector<std::string>{"COVID"});
  ASSERT_EQ(r->baselines.size(), 2u);
  EXPECT_EQ(r->baselines[1].opening, Money::FromThousands(950));
  EXPECT_EQ(r->baselines[1].adjustments[0], Money::FromThousands(-50));
  ASSERT_TRUE(r->weighted.has_value());
  ASSERT_EQ(r->weighted->sub_icbs.size(), 3u);
  EXPECT_EQ(r->weighted->sub_icbs[1].code, "02A");  // CCG21 when LOC22 is blank
  EXPECT_EQ(r->weighted->sub_icbs[2].code, "X1");

  Result<Allocation> alloc = Allocate(ParsedPolicy().method, r->icbs);
  ASSERT_TRUE(alloc.ok()) << alloc.status().ToString();
}

TEST(PublishedInputsTest, MissingIcbs) {
  Status s = LoadError(With("base.csv",
                            "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                            "icb,QAA,1000,100,0.5,1100.5\n"));
  EXPECT_EQ(s.where(), "alloc.csv:3");
  EXPECT_NE(s.message().find("ICB QBB is missing from base.csv"), std::string::npos) << s.ToString();

  Status extra = LoadError(With("base.csv",
                                "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                                "icb,QAA,1000,100,0.5,1100.5\n"
                                "icb,QBB,950,-50,0,900\n"
                                "icb,QCC,950,-50,0,900\n"));
  EXPECT_EQ(extra.where(), "base.csv:4");
  EXPECT_NE(extra.message().find("QCC is not in alloc.csv"), std::string::npos);

  Status no_practices = LoadError(With("practices.csv",
                                       "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                                       "P1,QAA,,01A,1000,1200\n"));
  EXPECT_EQ(no_practices.where(), "alloc.csv:3");
  EXPECT_NE(no_practices.message().find("ICB QBB has no practices in practices.csv"), std::string::npos);

  Status twice = LoadError(With("alloc.csv",
                                "row_type,ICB23,Name,Baseline,Target,COVID\n"
                                "icb,QAA,NHS A ICB,1100.5,1000,10\n"
                                "icb,QAA,NHS A ICB,1100.5,1000,10\n"));
  EXPECT_EQ(twice.where(), "alloc.csv:3");
}

TEST(PublishedInputsTest, DuplicatePracticeCodes) {
  Status s = LoadError(With("practices.csv",
                            "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                            "P1,QAA,,01A,1000,1200\n"
                            "P2,QBB,,02A,500,600\n"
                            "P1,QBB,,02A,500,300\n"));
  EXPECT_EQ(s.where(), "practices.csv:4");
  EXPECT_NE(s.message().find("duplicate practice code P1 (first at practices.csv:2)"), std::string::npos)
      << s.ToString();
}

TEST(PublishedInputsTest, PracticesMappedToUnknownIcbs) {
  Status s = LoadError(With("practices.csv",
                            "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                            "P1,QAA,,01A,1000,1200\n"
                            "P2,QBB,,02A,500,600\n"
                            "P3,QZZ,,02A,500,300\n"));
  EXPECT_EQ(s.where(), "practices.csv:4");
  EXPECT_NE(s.message().find("practice P3 is mapped to ICB QZZ, which is not an ICB of alloc.csv"),
            std::string::npos)
      << s.ToString();
}

TEST(PublishedInputsTest, NonNumericEmptyOrNegativeFigures) {
  Status text = LoadError(With("alloc.csv",
                               "row_type,ICB23,Name,Baseline,Target,COVID\n"
                               "icb,QAA,NHS A ICB,1100.5,n/a,10\n"
                               "icb,QBB,NHS B ICB,900,1000,-1.25\n"));
  EXPECT_EQ(text.where(), "alloc.csv:2");
  EXPECT_NE(text.message().find("column \"Target\": \"n/a\" is not a number"), std::string::npos)
      << text.ToString();

  Status empty = LoadError(With("alloc.csv",
                                "row_type,ICB23,Name,Baseline,Target,COVID\n"
                                "icb,QAA,NHS A ICB,1100.5,1000,\n"
                                "icb,QBB,NHS B ICB,900,1000,-1.25\n"));
  EXPECT_EQ(empty.where(), "alloc.csv:2");
  EXPECT_NE(empty.message().find("column \"COVID\""), std::string::npos);
  EXPECT_NE(empty.message().find("not a zero"), std::string::npos);

  Status population = LoadError(With("practices.csv",
                                     "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                                     "P1,QAA,,01A,1000,1200\n"
                                     "P2,QBB,,02A,-500,600\n"));
  EXPECT_EQ(population.where(), "practices.csv:3");
  EXPECT_NE(population.message().find("column \"pop\": \"-500\" must not be negative"), std::string::npos);

  Status weight = LoadError(With("practices.csv",
                                 "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                                 "P1,QAA,,01A,1000,1200\n"
                                 "P2,QBB,,02A,500,lots\n"));
  EXPECT_EQ(weight.where(), "practices.csv:3");

  Status opening = LoadError(With("base.csv",
                                  "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                                  "icb,QAA,-1000,100,0.5,1100.5\n"
                                  "icb,QBB,950,-50,0,900\n"));
  EXPECT_EQ(opening.where(), "base.csv:2");
}

TEST(PublishedInputsTest, TotalsThatDoNotAddUp) {
  Status s = LoadError(With("base.csv",
                            "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                            "icb,QAA,1000,100,0.5,1100.5\n"
                            "icb,QBB,950,-50,1,900\n"));
  EXPECT_EQ(s.where(), "base.csv:3");
  EXPECT_NE(s.message().find("column \"Adjusted\": 900 does not equal \"Opening\" plus the 2 adjustments (901"),
            std::string::npos)
      << s.ToString();

  Status sheets = LoadError(With("alloc.csv",
                                 "row_type,ICB23,Name,Baseline,Target,COVID\n"
                                 "icb,QAA,NHS A ICB,1100.5,1000,10\n"
                                 "icb,QBB,NHS B ICB,901,1000,-1.25\n"));
  EXPECT_EQ(sheets.where(), "alloc.csv:3");
  EXPECT_NE(sheets.message().find("does not equal the baseline built in base.csv"), std::string::npos);

  // Sub-penny differences from the sheets' fractional £k are tolerated.
  Status pennies = LoadError(With("base.csv",
                                  "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                                  "icb,QAA,1000,100.000006,0.500006,1100.5\n"
                                  "icb,QBB,950,-50,0,900\n"));
  EXPECT_TRUE(pennies.ok()) << pennies.ToString();
}

TEST(PublishedInputsTest, MissingFilesAndColumns) {
  InputFiles files = GoodFiles();
  files.erase("practices.csv");
  Status missing = LoadError(files);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.where(), "practices.csv");

  Status column = LoadError(With("alloc.csv",
                                 "row_type,ICB23,Name,Baseline,Targets,COVID\n"
                                 "icb,QAA,NHS A ICB,1100.5,1000,10\n"));
  EXPECT_EQ(column.where(), "alloc.csv:1");
  EXPECT_NE(column.message().find("did you mean \"Targets\""), std::string::npos);
}

TEST(PublishedInputsTest, EveryErrorIsLocated) {
  // Practices whose weighted populations are all zero: no targets can be shared out.
  Status zero = LoadError(With("practices.csv",
                               "Practice_Code,ICS22,LOC22,CCG21,pop,Final WP\n"
                               "P1,QAA,,01A,1000,0\n"
                               "P2,QBB,,02A,500,0\n"));
  EXPECT_EQ(zero.where(), "practices.csv");
  // Amounts beyond any allocation are refused where they are, never wrapped round.
  Status huge = LoadError(With("base.csv",
                               "row_type,ICB23,Opening,Pay,Transfer,Adjusted\n"
                               "icb,QAA,999999999999,999999999999,999999999999,1100.5\n"
                               "icb,QBB,950,-50,0,900\n"));
  EXPECT_EQ(huge.where(), "base.csv:2");
  Status too_large = LoadError(With("alloc.csv",
                                    "row_type,ICB23,Name,Baseline,Target,COVID\n"
                                    "icb,QAA,NHS A ICB,1100.5,1000,1e13\n"
                                    "icb,QBB,NHS B ICB,900,1000,-1.25\n"));
  EXPECT_EQ(too_large.where(), "alloc.csv:2");
  EXPECT_NE(too_large.message().find("too large"), std::string::npos) << too_large.message();
}

TEST(PublishedInputsTest, PracticesAreKeptForWhatIfs) {
  Result<LoadedInputs> r = LoadPublishedInputs(ParsedPolicy(), GoodFiles());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->practices.size(), 3u);
  EXPECT_EQ(r->practices[2].code, "P3");
  EXPECT_EQ(r->practices[2].sub_icb, "X1");  // the first non-empty sub-ICB column
  EXPECT_EQ(r->practices[1].sub_icb, "02A");
}

TEST(PublishedInputsTest, DelegatedStreamAmountsAddUpWithWhatNhsEnglandHolds) {
  // POD 2025/26: the 42 ICB rows plus the amounts held by region equal the England total.
  std::string pod = testing::DataFile("pod_allocations_2025_26.csv");
  Result<std::vector<IcbAmount>> amounts = ParseIcbAmounts(pod, "pod.csv", "ICB23", "Integrated Care Board (ICB)",
                                                           "2025/26 Total allocation (£k)");
  ASSERT_TRUE(amounts.ok()) << amounts.status().ToString();
  ASSERT_EQ(amounts->size(), 42u);
  EXPECT_EQ((*amounts)[0].icb, "QOQ");
  EXPECT_EQ((*amounts)[0].amount, *ParseThousands("182906.8987829118"));
  // Without the held amounts the total does not add up: located at the total row.
  std::string broken;
  std::istringstream lines(pod);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("nhse_held_by_region,", 0) != 0) broken += line + "\n";
  }
  Status s = ParseIcbAmounts(broken, "pod.csv", "ICB23", "Integrated Care Board (ICB)",
                             "2025/26 Total allocation (£k)")
                 .status();
  EXPECT_NE(s.message().find("does not equal the sum of the ICB rows"), std::string::npos) << s.ToString();
  EXPECT_NE(s.where().find("pod.csv:"), std::string::npos);
  for (const char* column : {"2023/24 Recurrent allocation £k", "2024/25 Recurrent allocation £k"}) {
    EXPECT_TRUE(ParseIcbAmounts(testing::DataFile("other_primary_care_2023_24_2024_25.csv"), "opc.csv", "ICB23",
                                "Integrated Care Board", column)
                    .ok())
        << column;
  }
  EXPECT_TRUE(ParseIcbAmounts(testing::DataFile("specialised_allocations_2025_26.csv"), "spec.csv", "ICB23",
                              "Integrated Care Board (ICB)",
                              "2025/26 Physical health services + MH resource allocation (£k)")
                  .ok());
}

TEST(PublishedInputsTest, ImpliedTargetsAndPopulations) {
  std::string policy = R"({
    "year": "2025/26", "stream": "core",
    "method": {"growth": {"basis": "uniform", "rate": 0.04},
               "convergence": {"distance": "after_growth", "symmetric": {"factor": 0.2, "cap": 0.005}}},
    "inputs": {
      "allocations": {"file": "alloc.csv", "code_column": "ICB23", "name_column": "Name",
                      "baseline_column": "Baseline", "previous_target_column": "Target"},
      "baseline": {"file": "base.csv", "code_column": "ICB23", "opening_column": "Opening",
                   "adjustment_columns": [], "adjusted_column": "Adjusted"},
      "target": {"method": "implied_by_post_convergence_distance", "allocation_column": "A",
                 "post_distance_column": "Post"},
      "population": {"method": "implied_by_per_head", "allocation_column": "A", "per_head_column": "PerHead"}
    }})";
  Result<AllocationPolicy> p = ParseAllocationPolicy(policy, "p.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  InputFiles files = {
      {"alloc.csv", "row_type,ICB23,Name,Baseline,Target,A,Post,PerHead\nicb,QAA,A,1000,1000,1050,0.05,1500\n"},
      {"base.csv", "row_type,ICB23,Opening,Adjusted\nicb,QAA,1000,1000\n"},
  };
  Result<LoadedInputs> r = LoadPublishedInputs(*p, files);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->icbs[0].target, Money::FromThousands(1000));
  EXPECT_DOUBLE_EQ(r->icbs[0].population, 700);
  files["alloc.csv"] = "row_type,ICB23,Name,Baseline,Target,A,Post,PerHead\nicb,QAA,A,1000,1000,1050,0.05,0\n";
  Result<LoadedInputs> zero = LoadPublishedInputs(*p, files);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().where(), "alloc.csv:2");
}

}  // namespace
}  // namespace ics::finance
