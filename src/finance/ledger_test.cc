#include "finance/ledger.h"

#include <gtest/gtest.h>

namespace ics::finance {
namespace {

// Twelve months of one series: "org,month,kind,category,plan,actual" for April..March, with
// actuals for the first `reported` months.
std::string Series(const std::string& org, const std::string& kind, const std::string& category, int plan,
                   int actual, int reported) {
  std::string out;
  for (int m = 0; m < 12; ++m) {
    int month = m < 9 ? m + 4 : m - 8;
    int year = m < 9 ? 2025 : 2026;
    out += org + "," + std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "," + kind +
           "," + category + "," + std::to_string(plan) + "," + (m < reported ? std::to_string(actual) : "") + "\n";
  }
  return out;
}

const std::string kHeader = "organisation,month,kind,category,plan_k,actual_k\n";

Envelope Env(int64_t total_k) {
  Envelope e;
  e.icb = "QJ2";
  e.name = "NHS Derby and Derbyshire ICB";
  e.year = "2025/26";
  EXPECT_TRUE(AddEnvelopeLine(&e, {"core", "recurrent", Money::FromThousands(total_k)}).ok());
  return e;
}

TEST(LedgerTest, BalancedPlanOnTrack) {
  std::string text = kHeader + Series("QJ2", "income", "allocation", 1000, 1000, 3) +
                     Series("QJ2", "expenditure", "RTG contract", 900, 900, 3) +
                     Series("QJ2", "expenditure", "running_costs", 100, 100, 3) +
                     Series("RTG", "income", "QJ2 contract", 900, 900, 3) +
                     Series("RTG", "expenditure", "pay", 900, 890, 3);
  Result<Ledger> ledger = ParseLedger(text, "plan.csv", "2025/26");
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  RunningCostAllowance rca{"QJ2", "", Money::FromThousands(1200), ""};
  Result<SystemPosition> p = AssessSystem(*ledger, Env(12000), rca, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->months_reported, 3);
  EXPECT_EQ(p->system.plan_surplus, Money());
  EXPECT_EQ(p->system.ytd_actual_surplus, Money::FromThousands(30));
  EXPECT_EQ(p->system.ytd_variance, Money::FromThousands(30));
  EXPECT_EQ(p->system.forecast_surplus, Money::FromThousands(30));
  EXPECT_TRUE(p->findings.empty()) << p->findings[0].rule << ": " << p->findings[0].message;
}

TEST(LedgerTest, BreachesAreFindingsWithFigures) {
  std::string text = kHeader + Series("QJ2", "income", "allocation", 1100, 1100, 2) +
                     Series("QJ2", "expenditure", "RTG contract", 1050, 1050, 2) +
                     Series("QJ2", "expenditure", "running_costs", 110, 110, 2) +
                     Series("RTG", "income", "QJ2 contract", 1050, 1050, 2) +
                     Series("RTG", "expenditure", "pay", 1000, 1100, 2);
  Result<Ledger> ledger = ParseLedger(text, "plan.csv", "2025/26");
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  RunningCostAllowance rca{"QJ2", "", Money::FromThousands(1200), ""};
  Result<SystemPosition> p = AssessSystem(*ledger, Env(12000), rca, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<std::string> rules;
  for (const Finding& f : p->findings) rules.push_back(f.rule);
  // Plans 13,200 of allocations against 12,000; spends 13,920 against 13,200; running costs
  // 1,320 against 1,200 (and 220 in two months against 200); RTG 100 a month over plan.
  EXPECT_EQ(rules, (std::vector<std::string>{"ENV-001", "ENV-003", "RCA-001", "RCA-002", "BAL-001", "BAL-002",
                                             "BAL-004", "BAL-003"}));
  EXPECT_NE(p->findings[0].message.find("£1,200k more than the ICB's 2025/26 allocations of £12,000k"),
            std::string::npos)
      << p->findings[0].message;
  EXPECT_EQ(p->findings[6].subject, "QJ2");  // plans a deficit
  EXPECT_EQ(p->findings[7].subject, "RTG");
  EXPECT_NE(p->findings[7].message.find("After 2 months RTG is £200k worse than plan"), std::string::npos)
      << p->findings[7].message;
  EXPECT_TRUE(AnyBreach(p->findings));
}

TEST(LedgerTest, BadLedgersAreLocated) {
  auto error = [](const std::string& text) {
    Result<Ledger> l = ParseLedger(text, "plan.csv", "2025/26");
    return l.ok() ? Status::Ok() : l.status();
  };
  const std::string good = Series("RTG", "income", "c", 10, 10, 1);
  EXPECT_TRUE(error(kHeader + good).ok());
  // A month outside the year.
  std::string outside = kHeader + good;
  outside.replace(outside.find("2025-04"), 7, "2024-04");
  Status s = error(outside);
  EXPECT_EQ(s.where(), "plan.csv:2");
  EXPECT_NE(s.message().find("not a month of 2025/26 (2025-04 to 2026-03"), std::string::npos) << s.message();
  // A missing month is not a zero.
  std::string missing = kHeader + good.substr(0, good.rfind("RTG,2026-03"));
  s = error(missing);
  EXPECT_NE(s.message().find("no row for 2026-03 (March)"), std::string::npos) << s.message();
  // The same month twice.
  s = error(kHeader + good + "RTG,2025-06,income,c,10,\n");
  EXPECT_EQ(s.where(), "plan.csv:14");
  EXPECT_NE(s.message().find("two rows for 2025-06 (first at plan.csv:4)"), std::string::npos) << s.message();
  // Non-numeric and negative figures.
  std::string text = kHeader + good;
  text.replace(text.find(",10,10"), 6, ",ten,10");
  EXPECT_EQ(error(text).where(), "plan.csv:2");
  text = kHeader + good;
  text.replace(text.find(",10,10"), 6, ",-10,10");
  EXPECT_EQ(error(text).where(), "plan.csv:2");
  // Unknown kind.
  text = kHeader + good;
  text.replace(text.find("income"), 6, "revenue");
  EXPECT_EQ(error(text).where(), "plan.csv:2");
  // An actual after a month without one.
  text = kHeader + Series("RTG", "income", "c", 10, 10, 0);
  text.replace(text.find("2025-06,income,c,10,"), 20, "2025-06,income,c,10,9");
  s = error(text);
  EXPECT_EQ(s.where(), "plan.csv:4");
  EXPECT_NE(s.message().find("month by month"), std::string::npos);
  // Totals that do not add up.
  s = error(kHeader + good + "RTG,total,income,c,121,\n");
  EXPECT_EQ(s.where(), "plan.csv:14");
  EXPECT_NE(s.message().find("the total 121 of RTG income \"c\" does not equal the sum of its months (120"),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(error(kHeader + good + "RTG,total,income,c,120,10\n").ok());
  EXPECT_EQ(error(kHeader + good + "RTG,total,income,c,120,20\n").where(), "plan.csv:14");
  // Missing column.
  EXPECT_EQ(error("organisation,month,kind,category,plan\n").where(), "plan.csv:1");
}

}  // namespace
}  // namespace ics::finance
