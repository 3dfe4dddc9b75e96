// Plan against actual from a ledger, read as a finance lead would check it: one trust's
// months, the year to date and forecast, every bad cell of a file reported at once, and the
// MHIS spend taken from two years' ledgers.
#include "finance/plan_actual.h"

#include <gtest/gtest.h>

#include <string>

namespace ics::finance {
namespace {

// Twelve months of one series: `plan` £k a month; `actuals` the months reported so far.
std::string Series(const std::string& org, const std::string& kind, const std::string& category,
                   const std::string& plan, const std::vector<std::string>& actuals, int first_year = 2025) {
  std::string out;
  for (int m = 0; m < 12; ++m) {
    const int month = m < 9 ? m + 4 : m - 8;
    const int year = m < 9 ? first_year : first_year + 1;
    out += org + "," + std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "," + kind +
           "," + category + "," + plan + "," + (m < static_cast<int>(actuals.size()) ? actuals[m] : "") + "\n";
  }
  return out;
}

const std::string kHeader = "organisation,month,kind,category,plan_k,actual_k\n";

// RTG: income £100k a month, pay £60k and drugs £40k a month; three months reported, drugs
// running £2k, £3k and £5k over plan.
Ledger Trust() {
  std::string text = kHeader + Series("RTG", "income", "contract", "100", {"100", "100", "100"}) +
                     Series("RTG", "expenditure", "pay", "60", {"60", "60", "60"}) +
                     Series("RTG", "expenditure", "drugs", "40", {"42", "43", "45"}) +
                     Series("QJ2", "income", "allocation", "500", {"500", "500", "500"}) +
                     Series("QJ2", "expenditure", "mental_health", "55", {"55", "56", "57"});
  Result<Ledger> ledger = ParseLedger(text, "ledger.csv", "2025/26");
  EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
  return ledger.ok() ? *ledger : Ledger{};
}

TEST(PlanActualTest, OneTrustsMonthsYearToDateAndForecast) {
  Result<OrganisationPlanActual> r = PlanActualFor(Trust(), "RTG");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->months_reported, 3);
  EXPECT_EQ(r->months[0].plan_expenditure, Money::FromThousands(100));
  EXPECT_EQ(r->months[2].actual_expenditure, Money::FromThousands(105));  // 60 + 45
  EXPECT_FALSE(r->months[3].actual_expenditure.has_value());             // July not reported
  EXPECT_EQ(r->plan_expenditure, Money::FromThousands(1200));
  EXPECT_EQ(r->ytd_plan_expenditure, Money::FromThousands(300));
  EXPECT_EQ(r->ytd_actual_expenditure, Money::FromThousands(310));
  EXPECT_EQ(r->ytd_expenditure_variance, Money::FromThousands(-10));  // £10k overspent
  EXPECT_EQ(r->forecast_expenditure, Money::FromThousands(1210));     // 310 + 9 × 100
  ASSERT_EQ(r->categories.size(), 3u);
  EXPECT_EQ(r->categories[2].category, "drugs");
  EXPECT_EQ(r->categories[2].ytd_actual, Money::FromThousands(130));
  EXPECT_EQ(r->categories[2].ytd_plan, Money::FromThousands(120));
}

TEST(PlanActualTest, AnOrganisationNotInTheLedgerIsNotFound) {
  Result<OrganisationPlanActual> r = PlanActualFor(Trust(), "RXM");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(PlanActualTest, EveryBadCellIsReportedAtItsLine) {
  std::string text = kHeader + Series("RTG", "income", "contract", "100", {"100"});
  // Line 3 (May): a word for the plan; line 5 (July): a negative actual; line 7: a month of
  // another year; line 8: an unknown kind.
  auto replace_line = [&](int line, const std::string& with) {
    size_t start = 0;
    for (int l = 1; l < line; ++l) start = text.find('\n', start) + 1;
    text.replace(start, text.find('\n', start) - start, with);
  };
  replace_line(3, "RTG,2025-05,income,contract,lots,");
  replace_line(5, "RTG,2025-07,income,contract,100,-4");
  replace_line(7, "RTG,2024-09,income,contract,100,");
  replace_line(8, "RTG,2025-10,transfer,contract,100,");
  std::vector<Status> errors = LedgerErrors(text, "ledger.csv", "2025/26");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].where(), "ledger.csv:3");
  EXPECT_NE(errors[0].message().find("plan_k"), std::string::npos) << errors[0].message();
  EXPECT_EQ(errors[1].where(), "ledger.csv:5");
  EXPECT_NE(errors[1].message().find("must not be negative"), std::string::npos) << errors[1].message();
  EXPECT_EQ(errors[2].where(), "ledger.csv:7");
  EXPECT_EQ(errors[3].where(), "ledger.csv:8");
}

TEST(PlanActualTest, GoodCellsThenTheChecksAcrossRows) {
  // A total row that does not add up: one error, from the ledger's own checks.
  std::string text = kHeader + Series("RTG", "income", "contract", "100", {}) + "RTG,total,income,contract,1250,\n";
  std::vector<Status> errors = LedgerErrors(text, "ledger.csv", "2025/26");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where(), "ledger.csv:14");
  EXPECT_TRUE(LedgerErrors(kHeader + Series("RTG", "income", "contract", "100", {}), "l.csv", "2025/26").empty());
  // A missing column is one error naming the file.
  EXPECT_EQ(LedgerErrors("organisation,month\n", "l.csv", "2025/26").size(), 1u);
}

TEST(PlanActualTest, MhisSpendIsLastYearsOutturnAgainstThisYearsForecast) {
  std::string last = kHeader + Series("QJ2", "expenditure", "mental_health", "50",
                                      std::vector<std::string>(12, "51"), 2024);
  Result<Ledger> previous = ParseLedger(last, "2024-25.csv", "2024/25");
  ASSERT_TRUE(previous.ok()) << previous.status().ToString();
  Result<MhisSpend> spend = MhisSpendFromLedgers(Trust(), *previous, "QJ2");
  ASSERT_TRUE(spend.ok()) << spend.status().ToString();
  EXPECT_EQ(spend->previous_spend, Money::FromThousands(612));  // 12 × 51
  EXPECT_EQ(spend->spend, Money::FromThousands(663));           // 55 + 56 + 57 + 9 × 55
  EXPECT_EQ(spend->where, "ledger.csv:50");
  Result<MhisSpend> none = MhisSpendFromLedgers(Trust(), *previous, "RTG");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace ics::finance
