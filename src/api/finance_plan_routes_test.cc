// The stored plans and actuals routes against the demo ledgers (data/demo/ledger_*.csv) and
// the published tables (data/finance): import refused with every located error and nothing
// stored, the position, one organisation's plan against actual with its XmR chart, MHIS and
// running costs with their findings, XLSX, and who may do what.
#include "api/finance_plan_routes.h"

#include <gtest/gtest.h>

#include "api/test_support.h"
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "api/demo.h"
#include "api/finance_routes.h"
#include "definition/loader.h"

namespace ics::api {
namespace {

using nlohmann::json;

const std::string kSource = ICS_SOURCE_DIR;

std::string ReadText(const std::string& path) {
  std::ifstream in(kSource + "/" + path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::shared_ptr<const LoadedDefinition> Demo() {
  static std::shared_ptr<const LoadedDefinition> demo = [] {
    auto def = std::make_shared<LoadedDefinition>();
    EmbeddedDefinition e = DemoDefinition();
    def->file = std::string(e.file);
    def->text = std::string(e.text);
    definition::LoadOutcome loaded = definition::LoadDefinition(def->text, def->file);
    EXPECT_TRUE(loaded.ok());
    def->system = std::move(loaded.system);
    return def;
  }();
  return demo;
}

class FinancePlanRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore("sqlite::memory:");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    AddFinancePlanRoutes(router_, Demo(), {store_, kSource + "/data/finance"});
  }

  Response Call(const std::string& method, const std::string& target, const std::string& body = {},
                std::optional<Role> role = Role::kFinance, const std::string& type = "text/csv") {
    return testing::RouteAs(router_, role, method, target, body, type);
  }

  void ImportDemo() {
    Response last = Call("POST", "/api/v1/finance/plans/ledger?year=2024/25&file=ledger_2024_25.csv",
                         ReadText("data/demo/ledger_2024_25.csv"));
    ASSERT_EQ(last.status, 201) << last.body;
    Response current = Call("POST", "/api/v1/finance/plans/ledger?year=2025/26&file=ledger_2025_26.csv",
                            ReadText("data/demo/ledger_2025_26.csv"));
    ASSERT_EQ(current.status, 201) << current.body;
  }

  std::shared_ptr<store::Store> store_;
  Router router_;
};

TEST_F(FinancePlanRoutesTest, ABadLedgerGetsEveryLocatedErrorAndNothingIsStored) {
  std::string text = ReadText("data/demo/ledger_2025_26.csv");
  // Line 3: a word for the plan; line 5: a negative actual.
  auto replace_line = [&](int line, const std::string& with) {
    size_t start = 0;
    for (int l = 1; l < line; ++l) start = text.find('\n', start) + 1;
    text.replace(start, text.find('\n', start) - start, with);
  };
  replace_line(3, "QJ2,NHS Derby and Derbyshire ICB,2025-05,income,allocation,lots,214105.08");
  replace_line(5, "QJ2,NHS Derby and Derbyshire ICB,2025-07,income,allocation,214105.08,-3");
  Response r = Call("POST", "/api/v1/finance/plans/ledger?year=2025/26&file=bad.csv", text);
  ASSERT_EQ(r.status, 400) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["error"]["where"], "bad.csv:3");
  ASSERT_EQ(j["errors"].size(), 2u) << r.body;
  EXPECT_EQ(j["errors"][1]["where"], "bad.csv:5");
  EXPECT_NE(j["errors"][1]["message"].get<std::string>().find("negative"), std::string::npos);
  // Totals that do not add up, a missing year, a wrong media type.
  std::string totals = ReadText("tests/golden/finance/envelope_total_does_not_add_up/ledger.csv");
  Response t = Call("POST", "/api/v1/finance/plans/ledger?year=2025/26&file=t.csv", totals);
  ASSERT_EQ(t.status, 400) << t.body;
  EXPECT_NE(json::parse(t.body)["error"]["message"].get<std::string>().find("does not equal"), std::string::npos);
  EXPECT_EQ(Call("POST", "/api/v1/finance/plans/ledger", text).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/finance/plans/ledger?year=2025/26", "{}", Role::kFinance, "application/json").status,
            415);

  Response imports = Call("GET", "/api/v1/finance/plans/imports");
  ASSERT_EQ(imports.status, 200);
  EXPECT_TRUE(json::parse(imports.body)["imports"].empty());
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/ledger?year=2025/26").status, 404);
}

TEST_F(FinancePlanRoutesTest, ImportsAreListedAndTheLedgerReadBack) {
  ImportDemo();
  Response imports = Call("GET", "/api/v1/finance/plans/imports", {}, Role::kAnalyst);
  ASSERT_EQ(imports.status, 200);
  json list = json::parse(imports.body)["imports"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["year"], "2025/26");
  EXPECT_EQ(list[0]["imported_by"], "u-finance");
  EXPECT_EQ(list[0]["rows"], 300);
  EXPECT_TRUE(list[0]["current"]);

  Response ledger = Call("GET", "/api/v1/finance/plans/ledger", {}, Role::kBoardMember);
  ASSERT_EQ(ledger.status, 200);
  json l = json::parse(ledger.body);
  EXPECT_EQ(l["year"], "2025/26");  // the newest imported year by default
  ASSERT_EQ(l["lines"].size(), 300u);
  EXPECT_EQ(l["lines"][0]["month"], "2025-04");
  EXPECT_EQ(l["lines"][0]["plan_pence"], 21410508000);
  EXPECT_TRUE(l["lines"][11]["actual_k"].is_null());  // March not reported
}

TEST_F(FinancePlanRoutesTest, PositionShowsTheDriftingTrustAndBalancesTheSystem) {
  ImportDemo();
  Response r = Call("GET", "/api/v1/finance/plans/position?year=2025/26", {}, Role::kOversight);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["icb"], "QJ2");
  EXPECT_EQ(j["months_reported"], 7);
  EXPECT_NEAR(j["envelope"]["total_k"].get<double>(), 2569260.68062, 1e-6);
  ASSERT_EQ(j["organisations"].size(), 5u);
  double sum_plan = 0;
  for (const json& o : j["organisations"]) sum_plan += o["plan_surplus_k"].get<double>();
  EXPECT_NEAR(j["system"]["plan_surplus_k"].get<double>(), sum_plan, 1e-6);
  bool rfs_flagged = false;
  for (const json& f : j["findings"]) {
    if (f["rule"] == "BAL-003" && f["subject"].get<std::string>().starts_with("RFS")) rfs_flagged = true;
    EXPECT_NE(f["rule"], "ENV-001") << f.dump();
  }
  EXPECT_TRUE(rfs_flagged) << j["findings"].dump(1);
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/position?year=2023/24").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/position?year=soon").status, 400);
}

TEST_F(FinancePlanRoutesTest, AnOrganisationsMonthsAndTheXmrChartOfItsSpend) {
  ImportDemo();
  Response r = Call("GET", "/api/v1/finance/plans/organisations/RFS?year=2025/26");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["months_reported"], 7);
  ASSERT_EQ(j["months"].size(), 12u);
  EXPECT_DOUBLE_EQ(j["months"][0]["plan_expenditure_k"].get<double>(), 31250);
  EXPECT_LT(j["ytd_expenditure_variance_k"].get<double>(), -1000);  // overspent by more than £1m
  const json& spc = j["spc"];
  ASSERT_TRUE(spc.is_object()) << r.body;
  EXPECT_EQ(spc["improvement_direction"], "neutral");
  ASSERT_EQ(spc["points"].size(), 7u);
  for (int m = 0; m < 7; ++m) {
    EXPECT_DOUBLE_EQ(spc["points"][m]["value"].get<double>(), j["months"][m]["actual_expenditure_k"].get<double>());
  }
  // Spend rising every month: the run of increases is a special cause.
  bool flagged = false;
  for (const json& p : spc["points"]) flagged = flagged || p["special_cause_flag"].get<bool>();
  EXPECT_TRUE(flagged) << spc.dump();
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/organisations/ZZZ").status, 404);
}

TEST_F(FinancePlanRoutesTest, MhisAndRunningCostsWithAFindingWhenBreached) {
  ImportDemo();
  Response r = Call("GET", "/api/v1/finance/plans/mhis?year=2025/26", {}, Role::kBoardMember);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  ASSERT_TRUE(j["mhis"].is_object()) << r.body;
  EXPECT_DOUBLE_EQ(j["mhis"]["previous_spend_k"].get<double>(), 160800);  // 12 × 13,400
  EXPECT_TRUE(j["mhis"]["compliant"]);
  ASSERT_TRUE(j["running_costs"].is_object());
  EXPECT_DOUBLE_EQ(j["running_costs"]["planned_k"].get<double>(), 16200);
  EXPECT_TRUE(j["findings"].empty()) << j["findings"].dump();

  // A new 2025/26 import with mental health spend cut to £13,000k a month: MHIS-001.
  std::string text = ReadText("data/demo/ledger_2025_26.csv");
  std::string cut;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(",expenditure,mental_health,") != std::string::npos) {
      size_t plan = line.find(",mental_health,") + 15;
      line = line.substr(0, plan) + "13000.00," + (line.back() == ',' ? "" : "13000.00");
    }
    cut += line + "\n";
  }
  ASSERT_EQ(Call("POST", "/api/v1/finance/plans/ledger?year=2025/26&file=cut.csv", cut).status, 201);
  json breached = json::parse(Call("GET", "/api/v1/finance/plans/mhis?year=2025/26").body);
  EXPECT_FALSE(breached["mhis"]["compliant"]);
  ASSERT_FALSE(breached["findings"].empty());
  EXPECT_EQ(breached["findings"][0]["rule"], "MHIS-001");
  // The position now has the mental health money elsewhere (the ICB plans a surplus).
  json imports = json::parse(Call("GET", "/api/v1/finance/plans/imports?year=2025/26").body)["imports"];
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_FALSE(imports[1]["current"]);
}

TEST_F(FinancePlanRoutesTest, WithoutLastYearMhisSaysWhy) {
  ASSERT_EQ(Call("POST", "/api/v1/finance/plans/ledger?year=2025/26", ReadText("data/demo/ledger_2025_26.csv")).status,
            201);
  json j = json::parse(Call("GET", "/api/v1/finance/plans/mhis").body);
  EXPECT_TRUE(j["mhis"].is_null());
  EXPECT_NE(j["mhis_unavailable"].get<std::string>().find("2024/25"), std::string::npos);
}

TEST_F(FinancePlanRoutesTest, EveryTableIsAWorkbook) {
  ImportDemo();
  for (const char* path : {"/api/v1/finance/plans/ledger.xlsx", "/api/v1/finance/plans/position.xlsx",
                           "/api/v1/finance/plans/organisations/RTG/plan-actual.xlsx",
                           "/api/v1/finance/plans/mhis.xlsx"}) {
    Response r = Call("GET", path);
    ASSERT_EQ(r.status, 200) << path << r.body;
    EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r.body.substr(0, 2), "PK") << path;
  }
}

TEST_F(FinancePlanRoutesTest, OnlyFinanceImportsAndOnlyTheFinanceRolesRead) {
  const std::string text = ReadText("data/demo/ledger_2025_26.csv");
  EXPECT_EQ(Call("POST", "/api/v1/finance/plans/ledger?year=2025/26", text, std::nullopt).status, 401);
  for (Role role : {Role::kAnalyst, Role::kBoardMember, Role::kOversight, Role::kClinician}) {
    EXPECT_EQ(Call("POST", "/api/v1/finance/plans/ledger?year=2025/26", text, role).status, 403);
  }
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/imports", {}, Role::kClinician).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/finance/plans/position", {}, std::nullopt).status, 401);
}

}  // namespace
}  // namespace ics::api
