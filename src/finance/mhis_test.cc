#include "finance/mhis.h"

#include <gtest/gtest.h>

#include "finance/test_data.h"

namespace ics::finance {
namespace {

Allocation Core(const std::string& year) {
  testing::LoadedYear y = testing::LoadYear("core", year);
  Result<Allocation> a = Allocate(y.policy.method, y.inputs.icbs);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return *a;
}

// Humber and North Yorkshire (QOQ) 2023/24: base growth 5.176% (not the 4.43% allocation
// growth after convergence). £500,000k of MH spend in 2022/23 needs at least £525,880.34k.
TEST(MhisTest, SpendMustGrowByTheBaseGrowthBeforeConvergence) {
  Allocation core = Core("2023/24");
  Result<std::vector<MhisSpend>> spend = ParseMhisSpend(
      "icb,previous_spend_k,spend_k\nQOQ,500000,525881\nQHM,900000,930000\n", "mh.csv");
  ASSERT_TRUE(spend.ok()) << spend.status().ToString();
  std::vector<Finding> findings;
  Result<std::vector<MhisResult>> r = CheckMhis(*spend, core, "2023/24", &findings);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const MhisResult& qoq = (*r)[0];
  EXPECT_NEAR(qoq.base_growth, 0.05176067961391384, 1e-9);  // as published
  EXPECT_EQ(qoq.minimum, *ParseThousands("525880.33981"));
  EXPECT_TRUE(qoq.compliant);
  EXPECT_EQ(qoq.headroom, *ParseThousands("0.66019"));
  const MhisResult& qhm = (*r)[1];  // 3.33% growth against 5.03% base growth
  EXPECT_FALSE(qhm.compliant);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "MHIS-001");
  EXPECT_EQ(findings[0].where, "mh.csv:3");
  EXPECT_NE(findings[0].message.find("shortfall of £15,257.71k"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[0].fix.find("£15,257.71k"), std::string::npos);
}

TEST(MhisTest, ProgrammeGrowthCanIncludePrimaryMedicalCare) {
  testing::LoadedYear pmc_year = testing::LoadYear("pmc", "2023/24");
  Result<Allocation> pmc = Allocate(pmc_year.policy.method, pmc_year.inputs.icbs);
  ASSERT_TRUE(pmc.ok());
  Allocation core = Core("2023/24");
  Result<std::vector<MhisSpend>> spend = ParseMhisSpend("icb,previous_spend_k,spend_k\nQOQ,500000,525881\n", "mh.csv");
  std::vector<Finding> findings;
  Result<std::vector<MhisResult>> r = CheckMhis(*spend, core, "2023/24", &findings, &*pmc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // QOQ: core B 2,839,062.40 at 5.1761%, PMC B 309,333.87 at 5.4938%: together 5.2073%.
  const double expected = (2839062.4010363906 * 1.05176067961391384 + 309333.8668955352 * 1.0549380729116391) /
                              (2839062.4010363906 + 309333.8668955352) - 1;
  EXPECT_NEAR((*r)[0].base_growth, expected, 1e-9);
  EXPECT_FALSE((*r)[0].compliant);  // 525,881 is enough for core alone, not for core and PMC
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].message.find("core and primary medical care base growth of 5.21%"), std::string::npos)
      << findings[0].message;
}

TEST(MhisTest, BadSpendFilesAreLocated) {
  Allocation core = Core("2025/26");
  std::vector<Finding> findings;
  auto check = [&](const std::string& text) {
    Result<std::vector<MhisSpend>> s = ParseMhisSpend(text, "mh.csv");
    if (!s.ok()) return s.status();
    return CheckMhis(*s, core, "2025/26", &findings).status();
  };
  EXPECT_EQ(check("icb,previous_spend_k,spend_k\nQOQ,1,\n").where(), "mh.csv:2");
  EXPECT_EQ(check("icb,previous_spend_k,spend_k\nQOQ,1,lots\n").where(), "mh.csv:2");
  EXPECT_EQ(check("icb,previous_spend_k,spend_k\nQOQ,-1,2\n").where(), "mh.csv:2");
  EXPECT_EQ(check("icb,previous_spend_k,spend_k\nQOQ,1,2\nQOQ,1,2\n").where(), "mh.csv:3");
  Status unknown = check("icb,previous_spend_k,spend_k\nQOO,1,2\n");
  EXPECT_EQ(unknown.where(), "mh.csv:2");
  EXPECT_NE(unknown.message().find("did you mean QOQ"), std::string::npos) << unknown.message();
  EXPECT_EQ(check("icb,previous_spend_k,spend_k\nQOQ,0,2\n").where(), "mh.csv:2");
  EXPECT_EQ(check("icb,previous,spend_k\nQOQ,1,2\n").where(), "mh.csv:1");
}

TEST(RunningCostTest, PublishedAllowancesAddUpAndAreChecked) {
  std::string text = testing::DataFile("icb_running_cost_allowance_2025_26_v1.4.csv");
  Result<std::vector<RunningCostAllowance>> rca = ParseRunningCostAllowances(
      text, "rca.csv", "ICB23", "Integrated Care Board (ICB)", "2025/26 (£k)");
  ASSERT_TRUE(rca.ok()) << rca.status().ToString();
  ASSERT_EQ(rca->size(), 42u);
  EXPECT_EQ((*rca)[10].icb, "QJ2");
  EXPECT_EQ((*rca)[10].allowance, *ParseThousands("16612.70072"));

  std::string broken = text;
  broken.replace(broken.find("873991.6178399998"), 17, "873999");
  Status total = ParseRunningCostAllowances(broken, "rca.csv", "ICB23", "Integrated Care Board (ICB)",
                                            "2025/26 (£k)")
                     .status();
  EXPECT_EQ(total.where(), "rca.csv:44");
  EXPECT_NE(total.message().find("does not equal the sum of the ICB rows"), std::string::npos);

  std::vector<Finding> findings;
  const RunningCostAllowance& qj2 = (*rca)[10];
  CheckRunningCosts(qj2, Money::FromThousands(16000), Money::FromThousands(8000), 6, "2025/26", &findings);
  ASSERT_EQ(findings.size(), 0u);  // 8,000 of a 6/12 share of 8,306.35
  CheckRunningCosts(qj2, Money::FromThousands(17000), Money::FromThousands(9000), 6, "2025/26", &findings);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "RCA-001");
  EXPECT_EQ(findings[0].severity, Severity::kBreach);
  EXPECT_NE(findings[0].message.find("by £387.30k"), std::string::npos) << findings[0].message;
  EXPECT_EQ(findings[1].rule, "RCA-002");
  EXPECT_EQ(findings[1].severity, Severity::kWarning);
}

TEST(FindingsTest, AmountsReadAsFinanceTeamsWriteThem) {
  EXPECT_EQ(PoundsK(Money::FromThousands(2964813)), "£2,964,813k");
  EXPECT_EQ(PoundsK(*ParseThousands("-740.184")), "-£740.18k");
  EXPECT_EQ(PoundsK(*ParseThousands("0.004")), "£0k");
  EXPECT_EQ(PercentText(0.0437), "4.37%");
}

}  // namespace
}  // namespace ics::finance
