// Golden test: NHS England's published ICB allocations for core services and primary medical
// care in 2023/24, 2024/25 and 2025/26, reproduced from the project's copies of the
// published tables (data/finance/) under the built-in policies: every recurrent allocation to
// the £k, and every target, distance, growth and convergence to 1e-9.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "finance/allocation.h"
#include "finance/csv.h"
#include "finance/policy.h"
#include "finance/published_inputs.h"

namespace ics::finance {
namespace {

constexpr double kRatioTolerance = 1e-9;

std::string DataFile(const std::string& name) {
  std::string path = std::string(ICS_SOURCE_DIR) + "/data/finance/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct YearRun {
  AllocationPolicy policy;
  LoadedInputs inputs;
  Allocation allocation;
};

YearRun Compute(const std::string& stream, const std::string& year) {
  YearRun run;
  Result<std::string_view> text = BuiltinPolicyText(stream, year);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  Result<AllocationPolicy> policy = ParseAllocationPolicy(*text, stream + " " + year);
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  run.policy = *policy;
  InputFiles files;
  for (const std::string& f : run.policy.Files()) files[f] = DataFile(f);
  Result<LoadedInputs> inputs = LoadPublishedInputs(run.policy, files);
  EXPECT_TRUE(inputs.ok()) << inputs.status().ToString();
  if (!inputs.ok()) return run;
  run.inputs = *inputs;
  Result<Allocation> allocation = Allocate(run.policy.method, run.inputs.icbs);
  EXPECT_TRUE(allocation.ok()) << allocation.status().ToString();
  if (allocation.ok()) run.allocation = *allocation;
  return run;
}

// Published columns of an allocations sheet: name -> value, per ICB.
struct Sheet {
  std::map<std::string, std::map<std::string, std::string>> rows;  // ICB -> column -> text
  double Number(const std::string& icb, const std::string& column) const {
    auto r = rows.find(icb);
    EXPECT_NE(r, rows.end()) << icb;
    auto c = r->second.find(column);
    EXPECT_NE(c, r->second.end()) << column;
    return std::stod(c->second);
  }
};

Sheet ReadSheet(const std::string& file) {
  Result<CsvTable> t = CsvTable::Parse(DataFile(file), file);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  Sheet sheet;
  size_t type = *t->Column("row_type"), code = *t->Column("ICB23");
  for (size_t r = 0; r < t->size(); ++r) {
    if (t->cell(r, type) != "icb") continue;
    for (size_t c = 0; c < t->header().size(); ++c) sheet.rows[t->cell(r, code)][t->header()[c]] = t->cell(r, c);
  }
  return sheet;
}

struct GoldenCase {
  std::string stream, year, file;
  std::string distance, growth, convergence, allocation, per_head, post, recurrent_growth;
  bool per_head_of_total;  // PMC 2025/26 publishes £/head and growth of the revised allocation
};

const GoldenCase kCases[] = {
    {"core", "2023/24", "icb_core_allocations_2023_24.csv", "2022/23 Distance from target (%)",
     "2023/24 Base growth (%)", "2023/24 Convergence (%)", "2023/24 Recurrent allocation (£k)",
     "2023/24 Recurrent allocation £/head", "2023/24 Post-convergence distance from target (%)",
     "2023/24 Recurrent allocation growth (%)", false},
    {"core", "2024/25", "icb_core_allocations_2024_25.csv", "2023/24 Distance from target inc COVID (%)",
     "2024/25 Base growth (%)", "2024/25 Convergence (%)", "2024/25 Recurrent allocation (£k)",
     "2024/25 Recurrent allocation £/head", "2024/25 Post-convergence distance from target (%)",
     "2024/25 Recurrent allocation growth (%)", false},
    {"core", "2025/26", "icb_core_allocations_2025_26.csv", "2024/25 Distance from target (%)",
     "2025/26 Base growth (%)", "2025/26 Convergence (%)", "2025/26 Recurrent allocation (£k)",
     "2025/26 Recurrent allocation £/head", "2025/26 Post-convergence distance from target (%)",
     "2025/26 Recurrent allocation growth (%)", false},
    {"pmc", "2023/24", "pmc_allocations_2023_24.csv", "2022/23 Distance from target (%)",
     "2023/24 Base growth (%)", "2023/24 Convergence (%)", "2023/24 Recurrent allocation (£k)",
     "2023/24 Recurrent allocation £/head", "2023/24 Post-convergence distance from target (%)",
     "2023/24 Recurrent allocation growth (%)", false},
    {"pmc", "2024/25", "pmc_allocations_2024_25.csv", "2023/24 Distance from target (%)",
     "2024/25 Base growth (%)", "2024/25 Convergence (%)", "2024/25 Recurrent allocation (£k)",
     "2024/25 Recurrent allocation £/head", "2024/25 Post-convergence distance from target (%)",
     "2024/25 Recurrent allocation growth (%)", false},
    {"pmc", "2025/26", "pmc_allocations_2025_26.csv", "2024/25 Distance from target (%)",
     "2025/26 Base growth (%)", "2025/26 Convergence (%)", "2025/26 Recurrent allocation (£k)",
     "2025/26 Revised recurrent allocation £/head", "2025/26 Post-convergence distance from target (%)",
     "2025/26 Recurrent allocation growth (%)", true},
};

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, ReproducesEveryPublishedFigure) {
  const GoldenCase& g = GetParam();
  YearRun run = Compute(g.stream, g.year);
  Sheet sheet = ReadSheet(g.file);
  ASSERT_EQ(run.allocation.icbs.size(), 42u);
  ASSERT_EQ(sheet.rows.size(), 42u);
  int matched = 0;
  for (const IcbAllocation& a : run.allocation.icbs) {
    SCOPED_TRACE(g.stream + " " + g.year + " " + a.code);
    const double published_a = sheet.Number(a.code, g.allocation);
    // Recurrent allocation to the £k: exactly the published whole number.
    EXPECT_EQ(a.recurrent_allocation, Money::FromThousands(static_cast<int64_t>(published_a)));
    matched += a.recurrent_allocation == Money::FromThousands(static_cast<int64_t>(published_a));
    EXPECT_NEAR(a.distance_from_target, sheet.Number(a.code, g.distance), kRatioTolerance);
    EXPECT_NEAR(a.base_growth, sheet.Number(a.code, g.growth), kRatioTolerance);
    EXPECT_NEAR(a.convergence, sheet.Number(a.code, g.convergence), kRatioTolerance);
    EXPECT_NEAR(a.post_convergence_distance, sheet.Number(a.code, g.post), kRatioTolerance);
    // The allocation-year target: the one implied by the published post-convergence distance.
    const double implied_target = published_a / (1 + sheet.Number(a.code, g.post));
    EXPECT_NEAR(a.target.ToThousands() / implied_target, 1.0, kRatioTolerance);
    // The previous-year target is an input: carried to the penny.
    const std::string previous_target_column = run.policy.allocations.previous_target_column;
    EXPECT_NEAR(a.previous_target.ToThousands(), sheet.Number(a.code, previous_target_column), 0.000005);
    // The baseline built from the baseline sheet equals the allocation sheet's, to pennies.
    EXPECT_NEAR(a.baseline.ToThousands(), sheet.Number(a.code, run.policy.allocations.baseline_column), 0.0002);
    // Totals: recurrent allocation + add-ons.
    const double total = sheet.Number(a.code, run.policy.allocations.total_label);
    EXPECT_NEAR(a.total_allocation.ToThousands(), total, 0.00001 * (1 + a.add_ons.size()));
    const Money per_head_base = g.per_head_of_total ? a.total_allocation : a.recurrent_allocation;
    const double per_head = per_head_base.ToThousands() * 1000 / a.population;
    EXPECT_NEAR(per_head / sheet.Number(a.code, g.per_head), 1.0, kRatioTolerance);
    const double growth = Ratio(per_head_base, a.baseline) - 1;
    EXPECT_NEAR(growth, sheet.Number(a.code, g.recurrent_growth), kRatioTolerance);
    if (!g.per_head_of_total) {
      EXPECT_NEAR(a.per_head / sheet.Number(a.code, g.per_head), 1.0, kRatioTolerance);
      EXPECT_NEAR(a.recurrent_growth, sheet.Number(a.code, g.recurrent_growth), kRatioTolerance);
    }
  }
  EXPECT_EQ(matched, 42);
}

INSTANTIATE_TEST_SUITE_P(PublishedAllocations, GoldenTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) {
                           std::string name = info.param.stream + "_" + info.param.year;
                           for (char& c : name) {
                             if (c == '/') c = '_';
                           }
                           return name;
                         });

const IcbAllocation& Find(const YearRun& run, const std::string& code) {
  for (const IcbAllocation& a : run.allocation.icbs) {
    if (a.code == code) return a;
  }
  ADD_FAILURE() << code;
  return run.allocation.icbs.front();
}

TEST(GoldenOracleTest, CoreTargetIsTheShareOfFinalWeightedPopulation) {
  YearRun run = Compute("core", "2023/24");
  ASSERT_TRUE(run.inputs.weighted.has_value());
  const WeightedPopulations& w = *run.inputs.weighted;
  EXPECT_EQ(w.icbs.size(), 42u);
  EXPECT_NEAR(w.population, 61903547, 0.5);  // England registered population 2023/24
  for (const AreaWeights& icb : w.icbs) {
    if (icb.code == "QOQ") {
      EXPECT_NEAR(icb.share, 0.0297335686, 1e-10);
    }
  }
  EXPECT_NEAR(Find(run, "QOQ").target.ToThousands(), 2929138.75, 0.005);
  // Sub-ICB locations (former CCG codes in these files) partition their ICBs.
  EXPECT_EQ(w.sub_icbs.size(), 106u);
  std::map<std::string, double> by_icb;
  for (const AreaWeights& s : w.sub_icbs) by_icb[s.icb] += s.population;
  for (const AreaWeights& icb : w.icbs) EXPECT_NEAR(by_icb[icb.code] / icb.population, 1.0, 1e-12);

  YearRun next = Compute("core", "2024/25");
  EXPECT_NEAR(next.inputs.weighted->population, 62154630, 0.5);
}

TEST(GoldenOracleTest, PreviousTargetInclusiveOfCovidIsAUniformRescaling) {
  YearRun y23 = Compute("core", "2023/24");
  YearRun y24 = Compute("core", "2024/25");
  // 2024/25's "2023/24 fair shares target (inc. COVID)" = T(2023/24) × (Q + Σ COVID) / Q.
  const double q = y23.policy.target.quantum.ToThousands();
  const double covid = y23.allocation.england.add_ons[0].ToThousands();  // "2023/24 COVID (£k)"
  ASSERT_EQ(y23.inputs.add_on_labels[0], "2023/24 COVID (£k)");
  for (const IcbAllocation& a : y24.allocation.icbs) {
    EXPECT_NEAR(Find(y23, a.code).target.ToThousands() * (q + covid) / q / a.previous_target.ToThousands(), 1.0,
                kRatioTolerance)
        << a.code;
  }
}

TEST(GoldenOracleTest, EachYearOpensFromThePreviousRecurrentAllocation) {
  YearRun core23 = Compute("core", "2023/24"), core24 = Compute("core", "2024/25");
  YearRun pmc23 = Compute("pmc", "2023/24"), pmc24 = Compute("pmc", "2024/25");
  for (size_t i = 0; i < core24.inputs.baselines.size(); ++i) {
    const BaselineConstruction& b = core24.inputs.baselines[i];
    EXPECT_EQ(b.opening, Find(core23, b.code).recurrent_allocation) << b.code;
  }
  for (size_t i = 0; i < pmc24.inputs.baselines.size(); ++i) {
    const BaselineConstruction& b = pmc24.inputs.baselines[i];
    EXPECT_EQ(b.opening, Find(pmc23, b.code).recurrent_allocation) << b.code;
    // The 2023/24 PMC target, grown from 2022/23, is the one the 2024/25 sheet prints.
    EXPECT_NEAR(Find(pmc23, b.code).target.ToThousands() / Find(pmc24, b.code).previous_target.ToThousands(), 1.0,
                kRatioTolerance);
  }
  // 2025/26 core: the "published" 2024/25 baseline column is the 2024/25 recurrent allocation.
  Sheet base25 = ReadSheet("icb_core_baseline_2025_26.csv");
  for (const IcbAllocation& a : core24.allocation.icbs) {
    EXPECT_DOUBLE_EQ(base25.Number(a.code, "2024/25 Recurrent baseline - published (£k)"),
                     a.recurrent_allocation.ToThousands())
        << a.code;
  }
}

TEST(GoldenOracleTest, EdgeCasesOfTheConvergenceRules) {
  YearRun core23 = Compute("core", "2023/24");
  for (const char* code : {"QJG", "QRV"}) {  // above target by less than the cap: moved to target
    const IcbAllocation& a = Find(core23, code);
    EXPECT_GT(a.distance_from_target, 0) << code;
    EXPECT_LT(a.distance_from_target, 0.0071) << code;
    EXPECT_DOUBLE_EQ(a.convergence, -a.distance_from_target) << code;
    EXPECT_NEAR(a.post_convergence_distance, 0, 1e-4) << code;
  }
  EXPECT_DOUBLE_EQ(Find(core23, "QHL").convergence, 0.002);
  EXPECT_DOUBLE_EQ(Find(Compute("core", "2024/25"), "QHL").convergence, 0.002);
  YearRun core25 = Compute("core", "2025/26");
  EXPECT_DOUBLE_EQ(Find(core25, "QHL").convergence, 0.005);
  const IcbAllocation& qwo = Find(core25, "QWO");
  EXPECT_LT(qwo.convergence_distance, 0);
  EXPECT_NEAR(qwo.convergence, 0.0011, 5e-6);
  // England 2023/24 growth in target quantum: 5.28% (published, rounded).
  EXPECT_NEAR(Ratio(core23.allocation.england.target, core23.allocation.england.previous_target) - 1, 0.0528,
              5e-5);
}

TEST(GoldenOracleTest, PrimaryMedicalCareWeightGivesInequalitiesFifteenPercent) {
  for (const char* file : {"gp_practice_weighted_populations_2023_24.csv",
                           "gp_practice_weighted_populations_2024_25.csv"}) {
    Result<CsvTable> t = CsvTable::Parse(DataFile(file), file);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    size_t pmc = *t->Column("Primary Medical Care WP"), hi = *t->Column("Health Ineq WP"),
           final_pmc = *t->Column("Final PMC WP");
    for (size_t r = 0; r < t->size(); ++r) {
      double expected = *t->NumberCell(r, final_pmc, false);
      double computed = FinalPmcWeightedPopulation(*t->NumberCell(r, pmc, false), *t->NumberCell(r, hi, false));
      ASSERT_NEAR(computed, expected, 1e-9 * std::max(1.0, expected)) << t->Where(r);
    }
  }
}

}  // namespace
}  // namespace ics::finance
